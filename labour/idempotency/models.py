from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db, utcnow

MAX_KEY_LENGTH = 64
TTL = timedelta(hours=24)


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(MAX_KEY_LENGTH))
    # What the key was first used for: the same key for another request is a client bug, not a replay.
    request_path: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    # Null while the first request is still running.
    status_code: Mapped[int | None]
    mimetype: Mapped[str | None] = mapped_column(sa.String(64))
    body: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)

    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)
