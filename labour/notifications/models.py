from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import db, utcnow
from labour.i18n import N_

DELIVERY_STATUSES = {"pending": N_("Waiting to be sent"), "sent": N_("Sent"), "failed": N_("Not delivered")}


class Notification(db.Model):
    """An inbox row. The unique (event, recipient, subject) is the idempotency key: telling someone the
    same thing twice (a job that ran twice, a replayed request) adds nothing.

    The text is not stored: it is rendered from ``event`` and ``params`` in the reader's language.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(sa.String(40))
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    # What the event is about, precise enough to be unique per event, e.g. "application:17:offered".
    subject: Mapped[str] = mapped_column(sa.String(100))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    recipient = relationship("User", lazy="joined")
    deliveries = relationship("Delivery", back_populates="notification", lazy="selectin")

    __table_args__ = (
        sa.UniqueConstraint("event", "recipient_id", "subject", name="uq_notification_key"),
        sa.Index("ix_notification_recipient_created", "recipient_id", "created_at"),
    )


class Delivery(db.Model):
    """The outbox: one row per notification and outside channel (SMS), with its delivery attempts."""

    __tablename__ = "notification_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(sa.ForeignKey("notification.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(sa.String(8), default="sms")
    status: Mapped[str] = mapped_column(sa.String(8), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    provider_ref: Mapped[str | None] = mapped_column(sa.String(128))
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    notification = relationship(Notification, back_populates="deliveries", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("notification_id", "channel", name="uq_notification_delivery_channel"),
        sa.CheckConstraint(sa.text("status IN ('pending','sent','failed')"), name="status"),
        sa.CheckConstraint(sa.text("channel IN ('sms')"), name="channel"),
        sa.Index("ix_notification_delivery_due", "status", "next_attempt_at"),
    )

    @property
    def key(self) -> str:
        """The idempotency key a provider can use to drop a repeated send."""
        return f"notification-{self.notification_id}-{self.channel}"


class RecordedSms(db.Model):
    """What the default ("record") SMS sender sends: it keeps the message instead of calling a provider.
    Demo and county-office installations read it; no uniqueness here, so a duplicate send would show.
    """

    __tablename__ = "sms_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), index=True)
    phone: Mapped[str] = mapped_column(sa.String(11))
    locale: Mapped[str] = mapped_column(sa.String(8))
    text: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
