from datetime import datetime

import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db, utcnow
from labour.notifications.models import Delivery, Notification
from labour.pagination import Page, paginate


def notification_list(*, user: User, unread: bool | None = None, page: int = 1, per_page: int = 20) -> Page:
    query = sa.select(Notification).where(Notification.recipient_id == user.id)
    if unread is not None:
        query = query.where(Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None))
    return paginate(query.order_by(Notification.created_at.desc(), Notification.id.desc()), page=page,
                    per_page=per_page)


def unread_count(*, user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)))


def deliveries_pending(*, notification_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Delivery.id).where(
        Delivery.notification_id == notification_id, Delivery.status == "pending")))


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Pending deliveries whose (next) attempt is due, oldest first."""
    return list(db.session.scalars(
        sa.select(Delivery.id).where(Delivery.status == "pending", Delivery.next_attempt_at <= (now or utcnow()))
        .order_by(Delivery.next_attempt_at).limit(limit)))
