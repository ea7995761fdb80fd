import hashlib

import sqlalchemy as sa

from labour.accounts.models import AuthToken, User
from labour.db import db, utcnow


def user_for_token(token: str, *, kind: str | None = None) -> User | None:
    """The active user holding this unrevoked, unexpired token, or None."""
    query = sa.select(AuthToken).where(
        AuthToken.token_hash == hashlib.sha256(token.encode()).hexdigest(),
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > utcnow(),
    )
    if kind:
        query = query.where(AuthToken.kind == kind)
    found = db.session.scalar(query)
    if found is None or not found.user.is_active:
        return None
    return found.user
