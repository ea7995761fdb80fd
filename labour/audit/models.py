"""The audit log of staff reads of sensitive personal data and of exports (DESIGN.md §8).

Rows are insert-only: no service updates or deletes them, the ORM refuses to (``_refuse_change``), and the
API has no route that could. What each action means and which reads are logged: ``labour.audit.services``.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db, utcnow
from labour.errors import PermissionDenied
from labour.i18n import N_

ACTIONS = {
    "person.read_sensitive": N_("Revealed a person's sensitive fields"),
    "candidates.read": N_("Read ranked candidates"),
    "trainees.read": N_("Read a cohort's trainees"),
    "households.read_zero_employment": N_("Read the zero-employment households"),
    "export.download": N_("Downloaded an export file"),
}
OBJECT_KINDS = ("person", "household", "export")


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    actor_role: Mapped[str] = mapped_column(sa.String(16))
    # The actor's area when they acted (officials: their division; others: none).
    division_code: Mapped[str | None] = mapped_column(sa.String(6))
    action: Mapped[str] = mapped_column(sa.String(40))
    object_kind: Mapped[str] = mapped_column(sa.String(16))
    # ",3,17,42,": the ids of the records shown, delimited on both sides so one id is found with LIKE.
    object_ids: Mapped[str] = mapped_column(sa.Text, default="")
    object_count: Mapped[int] = mapped_column(default=0)
    fields: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Where the read happened (e.g. "position:12"), set by the service; the reason is the reader's own words.
    context: Mapped[str | None] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    ip: Mapped[str | None] = mapped_column(sa.String(45))

    __table_args__ = (
        sa.Index("ix_audit_event_created_at", "created_at"),
        sa.Index("ix_audit_event_actor_id_created_at", "actor_id", "created_at"),
        sa.Index("ix_audit_event_object_kind_action", "object_kind", "action"),
        sa.CheckConstraint(sa.text("object_count >= 0"), name="object_count"),
    )

    @property
    def ids(self) -> list[int]:
        return [int(part) for part in (self.object_ids or "").split(",") if part]


@sa.event.listens_for(AuditEvent, "before_update")
@sa.event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, _target):
    raise PermissionDenied(N_("Audit records cannot be changed or deleted."))
