"""Encryption at rest for sensitive fields, with rotatable keys and a keyed-hash blind index.

Keys are Fernet keys (AES-128-CBC + HMAC-SHA256). The first key encrypts; all keys decrypt,
so a key is rotated by putting a new one first and re-encrypting (``flask people reencrypt``).
The blind index is HMAC-SHA256 under a separate key, so equal values can be found and kept
unique without decrypting anything.
"""
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet


class FieldCipher:
    def __init__(self, *, keys: list[str], index_key: str):
        if not keys:
            raise ValueError("at least one encryption key is required")
        self._keys = [Fernet(k) for k in keys]
        self._fernet = MultiFernet(self._keys)
        self._index_key = index_key.encode()

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the current (first) key."""
        return self._fernet.rotate(token.encode()).decode()

    def needs_rotation(self, token: str) -> bool:
        try:
            self._keys[0].decrypt(token.encode())
            return False
        except Exception:
            return True

    def blind_index(self, value: str) -> str:
        return hmac.new(self._index_key, value.encode(), hashlib.sha256).hexdigest()
