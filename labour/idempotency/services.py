from datetime import timedelta

import sqlalchemy as sa

from labour.db import atomic, db, utcnow
from labour.idempotency.models import TTL, IdempotencyKey


def idempotency_keys_purge(*, older_than: timedelta = TTL) -> int:
    """Delete keys older than ``older_than``; returns how many. Safe to run at any time."""
    with atomic():
        result = db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - older_than))
    return result.rowcount
