"""Reading the audit log: administrators only."""
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from labour.accounts.models import User
from labour.audit.models import AuditEvent
from labour.errors import Invalid, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate


def _utc_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def audit_event_list(*, user: User, actor: int | None = None, action: str | None = None,
                     object_kind: str | None = None, object_id: int | None = None, date_from: date | None = None,
                     date_to: date | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Audit rows, newest first. ``date_from``/``date_to`` are UTC days, both included."""
    if user.role != "admin":
        raise PermissionDenied()
    if date_from and date_to and date_from > date_to:
        raise Invalid.field("to", N_("The end date cannot be before the start date."))
    query = sa.select(AuditEvent)
    if actor is not None:
        query = query.where(AuditEvent.actor_id == actor)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if object_kind is not None:
        query = query.where(AuditEvent.object_kind == object_kind)
    if object_id is not None:
        query = query.where(AuditEvent.object_ids.contains(f",{object_id},", autoescape=True))
    if date_from is not None:
        query = query.where(AuditEvent.created_at >= _utc_start(date_from))
    if date_to is not None:
        query = query.where(AuditEvent.created_at < _utc_start(date_to + timedelta(days=1)))
    return paginate(query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()), page=page,
                    per_page=per_page)
