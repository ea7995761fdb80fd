"""Work-for-relief projects: officials of the project's county (or above) create and edit them; the
contractor's staff and those officials record the remuneration ledger and register local vehicle fleets; the
contractor publishes the project's positions (``labour.positions.services``), which hire locals first."""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour import fields
from labour.accounts.models import User
from labour.applications.models import Application
from labour.db import atomic, db, utcnow
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.employers.models import Employer
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.people.models import Person
from labour.people.selectors import valid_id
from labour.positions.models import Position
from labour.positions.selectors import local_today
from labour.relief.models import (FUND_SOURCES, PROJECT_STATUSES, VEHICLE_KINDS, ReliefFleet, ReliefProject,
                                  ReliefRemuneration, ReliefRemunerationChange)

UNSET = object()
MAX_FUND = Decimal("10000000000")  # ten billion yuan per source
MAX_PLACES = 50  # townships or villages named by one project
MAX_ENTRIES = 500  # workers recorded in one call
MAX_VEHICLES = 1000
# Which status may follow which: a planned project starts, a running one finishes (and may be reopened).
PROJECT_TRANSITIONS = {"planned": ("running",), "running": ("finished",), "finished": ("running",)}
LINKABLE_KINDS = ("local_project", "work_for_relief")
LOCAL_FIRST = N_("This project hires local workers first: until %(date)s only workers whose household is "
                 "registered in the project's county may apply.")


# --- who may do what ----------------------------------------------------------------------------------------

def project_manageable(actor: User | None, project: ReliefProject) -> bool:
    """Officials whose area holds the project's county."""
    return actor is not None and actor.role == "official" and actor.division is not None \
        and code_in_scope(actor.division, project.county_code)


def project_readable(actor: User | None, project: ReliefProject) -> bool:
    """Its officials, admins, and the staff of its contractor."""
    if actor is None:
        return False
    if actor.role == "admin" or project_manageable(actor, project):
        return True
    return actor.role == "employer_staff" and actor.employer_id is not None \
        and actor.employer_id == project.contractor_id


def is_contractor(actor: User, project: ReliefProject) -> bool:
    return actor.role == "employer_staff" and actor.employer_id is not None \
        and actor.employer_id == project.contractor_id


def _official(actor: User) -> None:
    if actor.role != "official" or actor.division is None:
        raise PermissionDenied()


def _project(actor: User, project_id: int, *, lock: bool = False, write=project_manageable) -> ReliefProject:
    query = sa.select(ReliefProject).where(ReliefProject.id == project_id)
    if lock:
        query = query.with_for_update(of=ReliefProject)
    project = db.session.scalar(query)
    if project is None or not project_readable(actor, project) or not write(actor, project):
        raise NotFound(N_("No such work-for-relief project."))
    return project


# --- field rules ----------------------------------------------------------------------------------------------

def month_start(value, field: str) -> date:
    """A month, given as its first day."""
    value = fields.a_date(value, field)
    if value.day != 1:
        raise Invalid.field(field, N_("Give a month (its first day)."))
    return value


def _county(actor: User, code) -> Division:
    return fields.in_area(actor, fields.tibet_county(code, "county_code"), "county_code")


def _places(values, field: str) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        raise Invalid.field(field, N_("Not a valid list."))
    if len(values) > MAX_PLACES:
        raise Invalid.field(field, N_("Longer than maximum length %(n)s."), n=MAX_PLACES)
    return list(dict.fromkeys(fields.text(v, field, max_length=64) for v in values))


def _contractor(value) -> int | None:
    if value is None:
        return None
    employer = db.session.get(Employer, value) if valid_id(value) else None
    if employer is None:
        raise Invalid.field("contractor_id", N_("No such employer."))
    return employer.id


def _fund(value, source: str) -> Decimal:
    return fields.decimal(value, f"fund_{source}", maximum=MAX_FUND)


def _check_months(project: ReliefProject) -> None:
    if project.planned_end_month < project.start_month:
        raise Invalid.field("planned_end_month", N_("The planned end cannot be before the start."))


# --- projects -------------------------------------------------------------------------------------------------

def project_create(*, actor: User, name: str, county_code: str, start_month: date, planned_end_month: date,
                   funds: dict | None = None, townships=(), villages=(), contractor_id: int | None = None,
                   local_first_until: date | None = None) -> ReliefProject:
    """A planned project in a county of the official's area, with its funds by source (yuan, ≥ 0)."""
    _official(actor)
    funds = funds or {}
    unknown = set(funds) - set(FUND_SOURCES)
    if unknown:
        raise Invalid.field("funds", N_("Must be one of: %(choices)s."), choices=", ".join(FUND_SOURCES))
    with atomic():
        project = ReliefProject(
            name=fields.text(name, "name", max_length=128), county_code=_county(actor, county_code).code,
            townships=_places(townships, "townships"), villages=_places(villages, "villages"), status="planned",
            start_month=month_start(start_month, "start_month"),
            planned_end_month=month_start(planned_end_month, "planned_end_month"),
            contractor_id=_contractor(contractor_id),
            local_first_until=None if local_first_until is None else fields.a_date(local_first_until,
                                                                                  "local_first_until"),
            created_by_id=actor.id)
        for source in FUND_SOURCES:
            setattr(project, f"fund_{source}", _fund(funds.get(source, "0"), source))
        _check_months(project)
        db.session.add(project)
    return project


def project_update(*, actor: User, project_id: int, name=UNSET, townships=UNSET, villages=UNSET, status=UNSET,
                   start_month=UNSET, planned_end_month=UNSET, funds=UNSET, contractor_id=UNSET,
                   local_first_until=UNSET) -> ReliefProject:
    """Edit a project of the official's area; ``funds`` changes only the sources given. The county stays."""
    _official(actor)
    with atomic(), db.session.no_autoflush:
        project = _project(actor, project_id, lock=True)
        if name is not UNSET:
            project.name = fields.text(name, "name", max_length=128)
        if townships is not UNSET:
            project.townships = _places(townships, "townships")
        if villages is not UNSET:
            project.villages = _places(villages, "villages")
        if start_month is not UNSET:
            project.start_month = month_start(start_month, "start_month")
        if planned_end_month is not UNSET:
            project.planned_end_month = month_start(planned_end_month, "planned_end_month")
        _check_months(project)
        if funds is not UNSET:
            funds = funds or {}
            if set(funds) - set(FUND_SOURCES):
                raise Invalid.field("funds", N_("Must be one of: %(choices)s."), choices=", ".join(FUND_SOURCES))
            for source, value in funds.items():
                setattr(project, f"fund_{source}", _fund(value, source))
        if contractor_id is not UNSET:
            project.contractor_id = _contractor(contractor_id)
        if local_first_until is not UNSET:
            project.local_first_until = None if local_first_until is None else fields.a_date(
                local_first_until, "local_first_until")
        if status is not UNSET:
            fields.choice(status, PROJECT_STATUSES, "status")
            if status != project.status:
                if status not in PROJECT_TRANSITIONS[project.status]:
                    message = Message(N_("This change of status is not allowed."))
                    raise Conflict(message, code="invalid_transition", errors={"status": [message]})
                project.status = status
    return project


# --- the remuneration ledger ----------------------------------------------------------------------------------

def _hired_on_project(project_id: int, person_ids: list[int]) -> set[int]:
    """Of ``person_ids``, those hired into one of the project's positions or already on its ledger."""
    hired = sa.select(Application.person_id).join(Position, Position.id == Application.position_id).where(
        Position.relief_project_id == project_id, Application.status == "hired",
        Application.person_id.in_(person_ids))
    ledger = sa.select(ReliefRemuneration.person_id).where(ReliefRemuneration.project_id == project_id,
                                                           ReliefRemuneration.person_id.in_(person_ids))
    return set(db.session.scalars(hired.union(ledger)))


def _entries(values) -> list[tuple[int, Decimal]]:
    values = list(values or [])
    if not values:
        raise Invalid.field("entries", N_("Give at least one worker."))
    if len(values) > MAX_ENTRIES:
        raise Invalid.field("entries", N_("Longer than maximum length %(n)s."), n=MAX_ENTRIES)
    seen, entries = set(), []
    for item in values:
        person_id = fields.integer(item.get("person_id"), "entries", minimum=1, maximum=2**31 - 1)
        if person_id in seen:
            raise Invalid.field("entries", N_("Person %(id)s is given twice."), id=person_id)
        seen.add(person_id)
        entries.append((person_id, fields.decimal(item.get("amount"), "entries")))
    return entries


def remuneration_record(*, actor: User, project_id: int, month: date, entries, reason: str | None = None,
                        today: date | None = None) -> list[ReliefRemuneration]:
    """Record what each worker was paid for ``month`` (all rows or none). A worker already recorded for the
    month gets the new amount as a correction, which needs a ``reason`` and is kept in the row's changes.
    The contractor's staff record only workers hired into the project's positions (or already on its
    ledger); the project's officials any person. Returns the month's rows of the project."""
    if actor.role not in ("employer_staff", "official"):
        raise PermissionDenied()
    today = today or local_today()
    with atomic():
        project = _project(actor, project_id, lock=True,
                           write=lambda a, p: project_manageable(a, p) or is_contractor(a, p))
        if project.status == "planned":
            raise Conflict(N_("The project has not started: nothing is paid yet."), code="project_not_running")
        month = month_start(month, "month")
        if month < project.start_month:
            raise Invalid.field("month", N_("The project starts later than this month."))
        if month > today.replace(day=1):
            raise Invalid.field("month", N_("This month has not begun."))
        rows = _entries(entries)
        reason = fields.text(reason, "reason", max_length=500, required=False)
        ids = [person_id for person_id, _ in rows]
        known = set(db.session.scalars(sa.select(Person.id).where(Person.id.in_(ids))))
        missing = [person_id for person_id in ids if person_id not in known]
        if missing:
            raise Invalid.field("entries", N_("No such person: %(id)s."), id=missing[0])
        if is_contractor(actor, project):
            allowed = _hired_on_project(project.id, ids)
            stranger = [person_id for person_id in ids if person_id not in allowed]
            if stranger:
                raise Invalid.field("entries", N_("Person %(id)s was not hired into this project's positions."),
                                    id=stranger[0])
        existing = {r.person_id: r for r in db.session.scalars(sa.select(ReliefRemuneration).where(
            ReliefRemuneration.project_id == project.id, ReliefRemuneration.month == month,
            ReliefRemuneration.person_id.in_(ids)))}
        now = utcnow()
        for person_id, amount in rows:
            row = existing.get(person_id)
            if row is None:
                db.session.add(ReliefRemuneration(project_id=project.id, person_id=person_id, month=month,
                                                  amount=amount, recorded_at=now, recorded_by_id=actor.id,
                                                  revision=1))
            elif row.amount != amount:
                if not reason:
                    raise Invalid.field("reason", N_("Give a reason for correcting an amount already recorded."))
                row.changes.append(ReliefRemunerationChange(old_amount=row.amount, new_amount=amount, reason=reason,
                                                            changed_at=now, changed_by_id=actor.id))
                row.amount = amount
                row.revision += 1
        try:
            db.session.flush()
        except IntegrityError:  # the same worker and month recorded at the same moment by someone else
            raise Conflict(N_("Someone recorded this month at the same time. Try again."),
                           code="concurrent_change") from None
    return list(db.session.scalars(sa.select(ReliefRemuneration).where(
        ReliefRemuneration.project_id == project_id, ReliefRemuneration.month == month)
        .order_by(ReliefRemuneration.person_id)))


# --- local vehicle fleets -------------------------------------------------------------------------------------

def _village_code(value) -> str:
    if not (isinstance(value, str) and len(value) == 12 and value.isdigit()):
        raise Invalid.field("village_code", N_("Give the village's 12-digit division code."))
    county = db.session.get(Division, value[:6])
    if county is None or county.level != "county" or not county.in_tibet:
        raise Invalid.field("village_code", N_("The village code does not start with a county of Tibet."))
    return value


def fleet_add(*, actor: User, project_id: int, owner_name: str, village_code: str, vehicle_kind: str,
              vehicle_count: int, phone: str) -> ReliefFleet:
    """Register a local vehicle fleet as a supplier of the project (its officials or its contractor)."""
    if actor.role not in ("employer_staff", "official"):
        raise PermissionDenied()
    with atomic():
        project = _project(actor, project_id, write=lambda a, p: project_manageable(a, p) or is_contractor(a, p))
        phone = fields.mobile_phone(phone)
        fleet = ReliefFleet(project_id=project.id, owner_name=fields.text(owner_name, "owner_name", max_length=64),
                            village_code=_village_code(village_code),
                            vehicle_kind=fields.choice(vehicle_kind, VEHICLE_KINDS, "vehicle_kind"),
                            vehicle_count=fields.integer(vehicle_count, "vehicle_count", minimum=1,
                                                         maximum=MAX_VEHICLES),
                            phone=phone, created_at=utcnow(), created_by_id=actor.id)
        db.session.add(fleet)
    return fleet


# --- positions of a project (called by labour.positions and labour.applications) ------------------------------

def position_project_check(*, employer_id: int, project_id, workplace_code: str, kind: str,
                           local_first_until, new_link: bool = True) -> int | None:
    """The project a position of ``employer_id`` may be linked to: one the employer contracts, not finished,
    with the position in the project's county and of a project kind. Returns the project id (or None)."""
    if project_id is None:
        if local_first_until is not None:
            raise Invalid.field("local_first_until", N_("Only a position of a project hires locals first."))
        return None
    project = db.session.get(ReliefProject, project_id) if valid_id(project_id) else None
    if project is None or project.contractor_id != employer_id:
        raise Invalid.field("relief_project_id", N_("No such work-for-relief project of your employer."))
    if new_link and project.status == "finished":
        raise Invalid.field("relief_project_id", N_("The project has finished."))
    if workplace_code != project.county_code:
        raise Invalid.field("workplace_code", N_("A project's position lies in the project's county."))
    if kind not in LINKABLE_KINDS:
        raise Invalid.field("kind", N_("A project's position is a local project job or a work-for-relief job."))
    if local_first_until is not None:
        fields.a_date(local_first_until, "local_first_until")
    return project.id


def local_first_check(*, position: Position, person: Person, today: date) -> None:
    """Refuse (409) a worker from outside the project's county while the position hires locals first."""
    if position.relief_project_id is None:
        return
    project = db.session.get(ReliefProject, position.relief_project_id)
    until = position.local_first_until or project.local_first_until
    if until is None or today > until:
        return
    if person.registered_county_code != project.county_code:
        message = Message(LOCAL_FIRST, date=until.isoformat())
        raise Conflict(message, code="local_hiring_first", errors={"registered_county_code": [message]})
