"""Writing the audit log: ``audit_record`` is called by every service or selector that shows staff a sensitive
field in clear or hands out a person-level file, inside the transaction that reads the data.

What is sensitive (DESIGN.md §8, PIPL): the resident ID number, the phone number, the exact birth date and a
household's poverty-alleviated or monitored status. Which reads write a row:

- ``person.read_sensitive``: a staff member reveals a person's full ID number, phone number or birth date
  (``GET /persons/{id}?reveal=…&reason=…``); a reason is required. Staff views show masked forms otherwise.
- ``candidates.read``: a position's ranked candidates (workers who did not apply, shown to the employer; the
  officials' view also names the household's priority status among the reasons).
- ``trainees.read``: a cohort's trainees with their waiting-list priority group (a household status).
- ``households.read_zero_employment``: the list of poverty-alleviated and monitored households without work.
- ``export.download``: a report file downloaded.

Reading masked forms (``5401**********123X``, ``139****5678``, an age) is not logged, nor are a worker's reads
of their own record, nor an official's own area lists, which show a household's status as the working attribute
of the case (it is never shown to employers or centres).

The row is flushed in the caller's transaction: when it cannot be written, the read fails and nothing is shown.
"""
import logging
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from labour.accounts.models import User
from labour.audit.models import ACTIONS, OBJECT_KINDS, AuditEvent
from labour.db import atomic, db
from labour.errors import Invalid, Unavailable
from labour.i18n import N_

log = logging.getLogger(__name__)
REASON_MIN, REASON_MAX = 2, 200
MAX_IDS = 200  # a page of any list is far smaller; past this the count still says how many


@dataclass(frozen=True)
class Origin:
    """Where a request came from; set by the API for the duration of one request (never by the domain)."""

    ip: str | None = None
    request_id: str | None = None


_origin: ContextVar[Origin] = ContextVar("audit_origin", default=Origin())


def set_origin(*, ip: str | None = None, request_id: str | None = None):
    """For request hooks: returns the token to pass to ``reset_origin``."""
    return _origin.set(Origin(ip=(ip or None) and ip[:45], request_id=(request_id or None) and request_id[:64]))


def reset_origin(token) -> None:
    _origin.reset(token)


def reason_clean(reason, field: str = "reason") -> str:
    """The reader's purpose: required, trimmed, 2 to 200 characters."""
    if reason is not None and not isinstance(reason, str):
        raise Invalid.field(field, N_("Not a valid string."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid.field(field, N_("Say why you need to see these fields."))
    if len(reason) < REASON_MIN:
        raise Invalid.field(field, N_("Say why you need to see these fields."))
    if len(reason) > REASON_MAX:
        raise Invalid.field(field, N_("Longer than maximum length %(n)s."), n=REASON_MAX)
    return reason


def audit_record(*, actor: User, action: str, object_kind: str, object_ids=(), count: int | None = None,
                 fields=(), reason: str | None = None, context: str | None = None) -> AuditEvent:
    """Add one audit row to the current transaction and flush it; the caller commits it with its read."""
    if action not in ACTIONS or object_kind not in OBJECT_KINDS:
        raise ValueError(f"unknown audit action or object kind: {action}, {object_kind}")
    ids = list(dict.fromkeys(int(i) for i in object_ids))
    here = _origin.get()
    event = AuditEvent(actor_id=actor.id, actor_role=actor.role,
                       division_code=actor.division_code if actor.role == "official" else None,
                       action=action, object_kind=object_kind,
                       object_ids="," + ",".join(map(str, ids[:MAX_IDS])) + "," if ids else "",
                       object_count=len(ids) if count is None else count, fields=list(fields),
                       context=context[:64] if context else None, reason=reason, ip=here.ip,
                       request_id=here.request_id)
    db.session.add(event)
    try:
        db.session.flush()
    except SQLAlchemyError as error:
        raise _unavailable(error) from error
    return event


def _unavailable(error: Exception) -> Unavailable:
    log.error("audit log write failed; the read is refused: %s", error)
    return Unavailable(N_("The read could not be written to the audit log, so nothing is shown. Try again later."),
                       code="audit_unavailable")


def audit_commit(**kwargs) -> AuditEvent:
    """Record and commit at once after a read, keeping what the read loaded (no reload of every row shown).

    For selectors that run outside a service transaction: the list is shown only if this returns."""
    session = db.session()
    previous = session.expire_on_commit
    session.expire_on_commit = False
    try:
        with atomic():
            event = audit_record(**kwargs)
    except SQLAlchemyError as error:  # the commit itself failed
        raise _unavailable(error) from error
    finally:
        session.expire_on_commit = previous
    return event
