"""Telling people what changed: an inbox row, and an SMS through the outbox with bounded retries.

Other services call :func:`notification_add` inside their own transaction, so the notification exists
exactly when the change it reports was committed (a transactional outbox). :func:`notify` does the same
in a transaction of its own.
"""
import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.errors import NotFound
from labour.notifications.models import Delivery, Notification
from labour.notifications.senders import SendFailed, sms_sender
from labour.notifications.templates import DEFAULT_LOCALE, EVENTS, render_for

# Seconds to wait before the 2nd, 3rd, … attempt of an SMS delivery.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def notification_add(*, event: str, recipient_id: int, subject: str, params: dict | None = None) -> Notification | None:
    """Add a notification in the caller's transaction; None if this (event, recipient, subject) was
    already notified. ``subject`` names what changed, e.g. ``"application:17:offered"``.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    params = json.loads(json.dumps(params or {}, default=str))  # stored as JSON: dates become ISO strings
    recipient = db.session.get(User, recipient_id)
    if recipient is None:
        raise NotFound()
    notification = Notification(event=event, recipient_id=recipient_id, subject=subject, params=params)
    try:
        with db.session.begin_nested():
            db.session.add(notification)
            db.session.flush()
    except IntegrityError:
        return None
    if EVENTS[event].sms and recipient.phone:
        db.session.add(Delivery(notification_id=notification.id, channel="sms", next_attempt_at=utcnow()))
    return notification


def notify(*, event: str, recipient_id: int, subject: str, params: dict | None = None) -> Notification | None:
    """:func:`notification_add` in a transaction of its own."""
    with atomic():
        return notification_add(event=event, recipient_id=recipient_id, subject=subject, params=params)


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> str:
    """Try to send one pending delivery; returns its status afterwards ("sent", "pending", "failed") or
    "skipped" when it is not pending or another worker holds it right now.

    The row stays locked while sending, so two workers never send the same delivery; the record
    sender writes in this same transaction.
    """
    now = now or utcnow()
    with atomic():
        delivery = db.session.scalar(
            sa.select(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending",
                                      Delivery.next_attempt_at <= now)
            .with_for_update(skip_locked=True, of=Delivery))
        if delivery is None:
            return "skipped"
        notification = delivery.notification
        recipient = notification.recipient
        delivery.attempts += 1
        if not recipient.phone:
            delivery.status, delivery.last_error = "failed", "no phone number"
            return delivery.status
        locale = recipient.locale or DEFAULT_LOCALE
        text = render_for(notification.event, notification.params, locale)
        try:
            with db.session.begin_nested():
                reference = sms_sender().send(phone=recipient.phone, text=text, key=delivery.key, locale=locale)
        except (SendFailed, OSError) as error:
            delivery.last_error = str(error)[:500] or type(error).__name__
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = "failed"
            else:
                delivery.next_attempt_at = now + timedelta(seconds=RETRY_DELAYS[delivery.attempts - 1])
            return delivery.status
        delivery.status, delivery.sent_at, delivery.provider_ref = "sent", now, str(reference)[:128]
        delivery.last_error = None
        return delivery.status


def notification_mark_read(*, notification_id: int, user: User) -> Notification:
    with atomic():
        notification = db.session.get(Notification, notification_id)
        if notification is None or notification.recipient_id != user.id:
            raise NotFound()
        if notification.read_at is None:
            notification.read_at = utcnow()
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    with atomic():
        result = db.session.execute(
            sa.update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow()).execution_options(synchronize_session=False))
        return result.rowcount
