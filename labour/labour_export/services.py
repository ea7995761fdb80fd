"""Export batches: officials of the organising area plan a batch, confirm its departure and arrival, record
travel subsidies and retention checks. Every call is one transaction; a wrong move of status is a conflict."""
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from labour import fields
from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.employers.models import Employer
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.followups.selectors import add_months
from labour.i18n import Message, N_
from labour.labour_export.models import (RETENTION_MONTHS, ExportBatch, ExportBatchEmployer, ExportBatchWorker,
                                         RetentionCheck)
from labour.people.models import Person
from labour.positions.selectors import TIBET_TIME

UNSET = object()
MAX_WORKERS = 500
MAX_EMPLOYERS = 20
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)


def batch_manageable(actor: User | None, batch: ExportBatch) -> bool:
    """Admins, and officials whose area holds the batch's organising area."""
    if actor is None:
        return False
    if actor.role == "admin":
        return True
    return actor.role == "official" and actor.division is not None \
        and code_in_scope(actor.division, batch.origin_code)


def _official(actor: User) -> None:
    if actor.role != "official" or actor.division is None:
        raise PermissionDenied()


def _conflict(message: str, field: str = "status", code: str = "invalid_transition", **params):
    return Conflict(Message(message, **params), code=code, errors={field: [Message(message, **params)]})


def _origin(actor: User, code) -> Division:
    return fields.in_area(actor, fields.tibet_division(code, "origin_code"), "origin_code")


def _destination(code) -> str:
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None:
        raise Invalid.field("destination_code", N_("Unknown division: %(value)s."), value=code)
    if division.level not in ("county", "province"):
        raise Invalid.field("destination_code", N_("Give a county in Tibet or a province outside Tibet."))
    return division.code


def _subsidy(value, field: str = "travel_subsidy"):
    return None if value is None else fields.decimal(value, field)


def _employers(ids) -> list[ExportBatchEmployer]:
    ids = list(dict.fromkeys(ids or []))
    if len(ids) > MAX_EMPLOYERS:
        raise Invalid.field("employer_ids", N_("Longer than maximum length %(n)s."), n=MAX_EMPLOYERS)
    found = set(db.session.scalars(sa.select(Employer.id).where(Employer.id.in_(ids)))) if ids else set()
    for employer_id in ids:
        if employer_id not in found:
            raise Invalid.field("employer_ids", N_("No such employer: %(id)s."), id=employer_id)
    return [ExportBatchEmployer(employer_id=employer_id) for employer_id in ids]


def _workers(items, *, origin: Division, batch_id: int | None) -> list[ExportBatchWorker]:
    """[{person_id, travel_subsidy}]: persons registered in the organising area, each once, in no other batch
    that is still planned or on its way."""
    items = list(items or [])
    if len(items) > MAX_WORKERS:
        raise Invalid.field("workers", N_("Longer than maximum length %(n)s."), n=MAX_WORKERS)
    ids = [item.get("person_id") for item in items]
    persons = {p.id: p for p in db.session.scalars(sa.select(Person).where(
        Person.id.in_([i for i in ids if isinstance(i, int)])))} if ids else {}
    workers, seen = [], set()
    for item in items:
        person = persons.get(item.get("person_id"))
        # A person of another area is "no such person": ids are sequential.
        if person is None or not code_in_scope(origin, person.registered_county_code):
            raise Invalid.field("workers", N_("No such person in the batch's area: %(id)s."), id=item.get("person_id"))
        if person.id in seen:
            raise Invalid.field("workers", N_("Person %(id)s is listed twice."), id=person.id)
        seen.add(person.id)
        workers.append(ExportBatchWorker(person_id=person.id, travel_subsidy=_subsidy(item.get("travel_subsidy"),
                                                                                       "workers")))
    if seen:
        busy = db.session.scalar(
            sa.select(ExportBatchWorker.person_id).join(ExportBatch)
            .where(ExportBatchWorker.person_id.in_(seen), ExportBatch.status.in_(("planned", "departed")),
                   ExportBatch.id != batch_id if batch_id is not None else sa.true()).limit(1))
        if busy is not None:
            raise Invalid.field("workers", N_("Person %(id)s already travels in another batch."), id=busy)
    return workers


def batch_create(*, actor: User, destination_code: str, escort_name: str, escort_phone: str, travel_date: date,
                 origin_code: str | None = None, employer_ids=(), workers=()) -> ExportBatch:
    """Plan a batch organised by the official's area (or ``origin_code`` inside it)."""
    _official(actor)
    with atomic():
        origin = _origin(actor, origin_code if origin_code is not None else actor.division_code)
        batch = ExportBatch(
            origin_code=origin.code, destination_code=_destination(destination_code),
            escort_name=fields.text(escort_name, "escort_name", max_length=64), escort_phone=fields.mobile_phone(escort_phone, "escort_phone"),
            travel_date=fields.a_date(travel_date, "travel_date"), status="planned", created_by_id=actor.id)
        batch.employer_links = _employers(employer_ids)
        batch.workers = _workers(workers, origin=origin, batch_id=None)
        db.session.add(batch)
    return batch


def _own_batch(actor: User, batch_id: int) -> ExportBatch:
    _official(actor)
    batch = db.session.scalar(sa.select(ExportBatch).where(ExportBatch.id == batch_id).with_for_update())
    if batch is None or not batch_manageable(actor, batch):
        raise NotFound(N_("No such batch."))
    return batch


def batch_update(*, actor: User, batch_id: int, destination_code=UNSET, escort_name=UNSET, escort_phone=UNSET,
                 travel_date=UNSET, employer_ids=UNSET, workers=UNSET) -> ExportBatch:
    """Change a planned batch (employers and workers are replaced whole)."""
    with atomic(), db.session.no_autoflush:
        batch = _own_batch(actor, batch_id)
        if batch.status != "planned":
            raise _conflict(N_("Only a planned batch can be changed."), code="batch_not_planned")
        if destination_code is not UNSET:
            batch.destination_code = _destination(destination_code)
        if escort_name is not UNSET:
            batch.escort_name = fields.text(escort_name, "escort_name", max_length=64)
        if escort_phone is not UNSET:
            batch.escort_phone = fields.mobile_phone(escort_phone, "escort_phone")
        if travel_date is not UNSET:
            batch.travel_date = fields.a_date(travel_date, "travel_date")
        if employer_ids is not UNSET:
            links = _employers(employer_ids)
            batch.employer_links = []
            db.session.flush()  # the old rows go before the new ones (same primary keys)
            batch.employer_links = links
        if workers is not UNSET:
            new = _workers(workers, origin=db.session.get(Division, batch.origin_code), batch_id=batch.id)
            batch.workers = []
            db.session.flush()
            batch.workers = new
    return batch


def worker_subsidy_set(*, actor: User, batch_id: int, person_id: int, travel_subsidy) -> ExportBatch:
    """Record (or correct, or clear with None) the travel subsidy paid to one worker of a batch."""
    with atomic():
        batch = _own_batch(actor, batch_id)
        if batch.status == "cancelled":
            raise _conflict(N_("The batch was cancelled."), code="batch_cancelled")
        worker = next((w for w in batch.workers if w.person_id == person_id), None)
        if worker is None:
            raise NotFound(N_("This person does not travel in the batch."))
        worker.travel_subsidy = _subsidy(travel_subsidy)
    return batch


def _when(at: datetime | None, field: str, now: datetime) -> datetime:
    if at is None:
        return now
    if not isinstance(at, datetime):
        raise Invalid.field(field, N_("Not a valid datetime."))
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    if at > now + timedelta(minutes=5):  # a little clock skew of the official's device is tolerated
        raise Invalid.field(field, N_("This time lies in the future."))
    if at < EARLIEST:
        raise Invalid.field(field, N_("Must be between %(min)s and %(max)s."), min=EARLIEST.date().isoformat(),
                            max=now.date().isoformat())
    return at


def batch_depart(*, actor: User, batch_id: int, at: datetime | None = None, now: datetime | None = None) -> ExportBatch:
    """Confirm that a planned batch has left (now, or at the time given): it needs at least one worker."""
    now = now or utcnow()
    with atomic():
        batch = _own_batch(actor, batch_id)
        if batch.status != "planned":
            raise _conflict(N_("Only a planned batch can depart."))
        if not batch.workers:
            raise _conflict(N_("A batch without workers cannot depart."), field="workers", code="batch_empty")
        batch.departed_at, batch.departed_by_id, batch.status = _when(at, "at", now), actor.id, "departed"
    return batch


def batch_arrive(*, actor: User, batch_id: int, at: datetime | None = None, now: datetime | None = None) -> ExportBatch:
    """Confirm that a departed batch has arrived, not before its departure."""
    now = now or utcnow()
    with atomic():
        batch = _own_batch(actor, batch_id)
        if batch.status != "departed":
            raise _conflict(N_("Only a departed batch can arrive."))
        at = _when(at, "at", now)
        if at < batch.departed_at:
            raise Invalid.field("at", N_("The arrival cannot be before the departure."))
        batch.arrived_at, batch.arrived_by_id, batch.status = at, actor.id, "arrived"
    return batch


def batch_cancel(*, actor: User, batch_id: int) -> ExportBatch:
    with atomic():
        batch = _own_batch(actor, batch_id)
        if batch.status != "planned":
            raise _conflict(N_("Only a planned batch can be cancelled."))
        batch.status = "cancelled"
    return batch


def retention_due_on(batch: ExportBatch, month: int) -> date:
    """The day the ``month``-month check falls due: that many months after the arrival (Tibet time)."""
    return add_months(batch.arrived_at.astimezone(TIBET_TIME).date(), month)


def retention_record(*, actor: User, batch_id: int, month: int, checks, now: datetime | None = None) -> ExportBatch:
    """Record the ``month``-month check of workers of an arrived batch ([{person_id, still_employed, note}]);
    a check recorded again replaces the earlier one. Not before it is due."""
    now = now or utcnow()
    if month not in RETENTION_MONTHS:
        raise Invalid.field("month", N_("Must be one of: %(choices)s."), choices=", ".join(map(str, RETENTION_MONTHS)))
    checks = list(checks or [])
    if not checks:
        raise Invalid.field("checks", N_("Give at least one check."))
    with atomic():
        batch = _own_batch(actor, batch_id)
        if batch.status != "arrived":
            raise _conflict(N_("Retention is checked only after the batch has arrived."), code="batch_not_arrived")
        due = retention_due_on(batch, month)
        if now.astimezone(TIBET_TIME).date() < due:
            raise _conflict(N_("This check is not due before %(date)s."), field="month", code="check_not_due",
                            date=due.isoformat())
        members = {w.person_id for w in batch.workers}
        existing = {(c.person_id, c.month): c for c in batch.checks}
        seen = set()
        for item in checks:
            person_id = item.get("person_id")
            if person_id not in members:
                raise Invalid.field("checks", N_("This person does not travel in the batch: %(id)s."), id=person_id)
            if person_id in seen:
                raise Invalid.field("checks", N_("Person %(id)s is listed twice."), id=person_id)
            seen.add(person_id)
            still = item.get("still_employed")
            if not isinstance(still, bool):
                raise Invalid.field("checks", N_("Not a valid boolean."))
            note = fields.text(item.get("note") or "", "checks", max_length=500, required=False)
            check = existing.get((person_id, month))
            if check is None:
                check = RetentionCheck(batch_id=batch.id, person_id=person_id, month=month)
                batch.checks.append(check)
            check.still_employed, check.note, check.checked_at, check.checked_by_id = still, note, now, actor.id
    return batch
