"""Configured helpers the domain needs (password hasher, field cipher), built once per app.

``labour.runtime.init_app(app)`` reads the app's config; domain code calls ``runtime()``.
Nothing is built at import time.
"""
from dataclasses import dataclass
from decimal import Decimal

from argon2 import PasswordHasher
from flask import current_app

from labour.crypto import FieldCipher


@dataclass(frozen=True)
class Runtime:
    passwords: PasswordHasher
    cipher: FieldCipher
    login_max_failures: int
    login_lockout_seconds: int
    token_ttl_seconds: int
    eco_posts_per_household: int = 1  # current ecological-protection posts one household may hold
    # Work-for-relief: the least share of a project's central funds paid out as labour remuneration.
    relief_remuneration_share: Decimal = Decimal("0.15")


def init_app(app) -> None:
    cfg = app.config
    app.extensions["labour"] = Runtime(
        passwords=PasswordHasher(**cfg["ARGON2_PARAMS"]),
        cipher=FieldCipher(keys=cfg["ID_ENCRYPTION_KEYS"], index_key=cfg["BLIND_INDEX_KEY"]),
        login_max_failures=cfg["LOGIN_MAX_FAILURES"],
        login_lockout_seconds=cfg["LOGIN_LOCKOUT_SECONDS"],
        token_ttl_seconds=cfg["TOKEN_TTL_SECONDS"],
        eco_posts_per_household=max(1, int(cfg.get("ECO_POSTS_PER_HOUSEHOLD", 1))),
        relief_remuneration_share=Decimal(str(cfg.get("RELIEF_REMUNERATION_SHARE", "0.15"))),
    )


def runtime() -> Runtime:
    return current_app.extensions["labour"]
