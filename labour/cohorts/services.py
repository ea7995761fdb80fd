"""Cohorts: a centre's staff post them, add sessions and move them through planned → open → running →
completed (or cancelled); for order-based cohorts the ordering employer reserves positions.

The four modes are checked here: order-based cohorts name the ordering employer and open only when their
seats are covered by reserved places; targeted ones name a destination; commissioned ones the commissioning
body; on-the-job ones the employer whose staff are trained.
"""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from labour.accounts.models import User
from labour.centres.models import Centre
from labour.cohorts.models import (ACTIVE_STATUSES, COHORT_MODES, COHORT_TRANSITIONS, COMMISSIONER_KINDS,
                                   DEFAULT_COMPLETION_THRESHOLD, DESTINATION_KINDS, Cohort, CohortSession,
                                   Reservation)
from labour.cohorts.selectors import cohort_manageable
from labour.db import atomic, db
from labour.divisions.models import AidPartner
from labour.employers.models import Employer
from labour.enrolments.services import completion_record
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.occupations.selectors import occupation_codes_check
from labour.people.models import EDUCATION_LEVELS, LANGUAGES
from labour.people.selectors import valid_id
from labour.positions.models import PRIORITY_GROUPS, Position
from labour.fields import a_date, choice, choices, decimal, integer, text, tibet_county

UNSET = object()
MAX_CAPACITY = 10000
MAX_SESSIONS = 400
_NOT_FOR_MODE = N_("Not used by this training mode.")


def _centre_staff(actor: User):
    """The vetted centre of a centre staff member."""
    if actor.role != "centre_staff" or actor.centre_id is None:
        raise PermissionDenied()
    centre = db.session.get(Centre, actor.centre_id)
    if centre is None or centre.status != "vetted":
        raise PermissionDenied(N_("Your training centre has not been vetted yet."))
    return centre


def cohort_for_update(actor: User, cohort_id: int) -> Cohort:
    """Lock the cohort for a change by someone who manages it (others: not found)."""
    cohort = db.session.get(Cohort, cohort_id, with_for_update={"of": Cohort}) if valid_id(cohort_id) else None
    if cohort is None or not cohort_manageable(actor, cohort):
        raise NotFound(N_("No such cohort."))
    return cohort


def _employer(employer_id, field: str = "employer_id") -> Employer:
    employer = db.session.get(Employer, employer_id) if valid_id(employer_id) else None
    if employer is None or employer.status != "vetted":
        raise Invalid.field(field, N_("No such employer."))
    return employer


def _mode_details(mode: str, *, employer_id, destination_kind, destination_partner_id, destination_name,
                  commissioner_kind, commissioner_name) -> dict:
    """The fields of ``mode``, validated; a field that belongs to another mode is refused, naming it."""
    given = {"employer_id": employer_id, "destination_kind": destination_kind,
             "destination_partner_id": destination_partner_id, "destination_name": destination_name,
             "commissioner_kind": commissioner_kind, "commissioner_name": commissioner_name}
    used = {"order_based": ("employer_id",), "on_the_job": ("employer_id",),
            "targeted": ("destination_kind", "destination_partner_id", "destination_name"),
            "commissioned": ("commissioner_kind", "commissioner_name")}[mode]
    stray = [name for name, value in given.items() if value not in (None, "") and name not in used]
    if stray:
        raise Invalid(errors={name: [Message(_NOT_FOR_MODE)] for name in stray})
    details = dict.fromkeys(given)
    if mode in ("order_based", "on_the_job"):
        if employer_id is None:
            raise Invalid.field("employer_id", N_("Name the employer this training is for."))
        details["employer_id"] = _employer(employer_id).id
    elif mode == "targeted":
        if destination_kind is None:
            raise Invalid.field("destination_kind", N_("Name where the trainees are going."))
        details["destination_kind"] = choice(destination_kind, DESTINATION_KINDS, "destination_kind")
        if destination_kind == "aid_partner":
            partner = db.session.get(AidPartner, destination_partner_id) if valid_id(destination_partner_id) \
                else None
            if partner is None:
                raise Invalid.field("destination_partner_id", N_("No such aid partner."))
            details["destination_partner_id"] = partner.id
            details["destination_name"] = text(destination_name, "destination_name", max_length=128,
                                               required=False) or None
        else:
            if destination_partner_id is not None:
                raise Invalid.field("destination_partner_id", _NOT_FOR_MODE)
            details["destination_name"] = text(destination_name, "destination_name", max_length=128)
    else:  # commissioned
        if commissioner_kind is None:
            raise Invalid.field("commissioner_kind", N_("Name who commissions the training."))
        details["commissioner_kind"] = choice(commissioner_kind, COMMISSIONER_KINDS, "commissioner_kind")
        details["commissioner_name"] = text(commissioner_name, "commissioner_name", max_length=128)
    return details


def _eligibility(*, min_age, max_age, min_education, eligible_groups) -> dict:
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None:
            integer(value, field, minimum=16, maximum=70)
    if min_age is not None and max_age is not None and max_age < min_age:
        raise Invalid.field("max_age", N_("The highest age is below the lowest."))
    if min_education is not None:
        choice(min_education, EDUCATION_LEVELS, "min_education")
    return dict(min_age=min_age, max_age=max_age, min_education=min_education,
                eligible_groups=choices(eligible_groups, PRIORITY_GROUPS, "eligible_groups"))


def _sessions(cohort: Cohort, sessions) -> list[CohortSession]:
    sessions = list(sessions or [])
    if len(sessions) > MAX_SESSIONS:
        raise Invalid.field("sessions", N_("At most %(n)s sessions."), n=MAX_SESSIONS)
    rows = []
    for index, session in enumerate(sorted(sessions, key=lambda s: s["held_on"]), 1):
        held_on = a_date(session.get("held_on"), "sessions")
        if not cohort.start_date <= held_on <= cohort.end_date:
            raise Invalid.field("sessions", N_("Sessions must fall between the start and the end date."))
        rows.append(CohortSession(number=index, held_on=held_on,
                                  topic=text(session.get("topic"), "sessions", max_length=128, required=False)))
    return rows


def cohort_create(*, actor: User, title: str, occupation_code: str, mode: str, county_code: str,
                  start_date: date, end_date: date, capacity: int, language: str,
                  subsidy_per_trainee: Decimal | str = "0", description: str = "", min_age: int | None = None,
                  max_age: int | None = None, min_education: str | None = None, eligible_groups=(),
                  completion_threshold: Decimal | str = DEFAULT_COMPLETION_THRESHOLD, employer_id: int | None = None,
                  destination_kind: str | None = None, destination_partner_id: int | None = None,
                  destination_name: str | None = None, commissioner_kind: str | None = None,
                  commissioner_name: str | None = None, sessions=()) -> Cohort:
    """A centre's staff post a cohort (status planned) with its sessions; open it to take enrolments."""
    with atomic():
        centre = _centre_staff(actor)
        choice(mode, COHORT_MODES, "mode")
        occupation_codes_check([occupation_code], field="occupation_code")
        a_date(start_date, "start_date")
        if a_date(end_date, "end_date") < start_date:
            raise Invalid.field("end_date", N_("The end date is before the start date."))
        cohort = Cohort(
            centre_id=centre.id, title=text(title, "title", max_length=128),
            description=text(description, "description", max_length=4000, required=False),
            occupation_code=occupation_code, mode=mode, county_code=tibet_county(county_code).code,
            start_date=start_date, end_date=end_date,
            capacity=integer(capacity, "capacity", minimum=1, maximum=MAX_CAPACITY), seats_taken=0,
            language=choice(language, LANGUAGES, "language"),
            subsidy_per_trainee=decimal(subsidy_per_trainee, "subsidy_per_trainee"),
            completion_threshold=decimal(completion_threshold, "completion_threshold", minimum=Decimal("0.01"),
                                         maximum=Decimal("100")),
            status="planned",
            **_eligibility(min_age=min_age, max_age=max_age, min_education=min_education,
                           eligible_groups=eligible_groups),
            **_mode_details(mode, employer_id=employer_id, destination_kind=destination_kind,
                            destination_partner_id=destination_partner_id, destination_name=destination_name,
                            commissioner_kind=commissioner_kind, commissioner_name=commissioner_name),
        )
        cohort.sessions = _sessions(cohort, sessions)
        db.session.add(cohort)
    return cohort


def _check_reserved(cohort: Cohort, *, capacity: int | None = None, reserved: int | None = None) -> None:
    """Order-based: never more seats than places reserved for the graduates."""
    capacity = cohort.capacity if capacity is None else capacity
    reserved = cohort.reserved_places if reserved is None else reserved
    if cohort.mode == "order_based" and capacity > reserved:
        message = Message(N_("An order-based cohort cannot have more seats (%(seats)s) than reserved positions "
                             "(%(reserved)s)."), seats=capacity, reserved=reserved)
        raise Conflict(message, errors={"capacity": [message]}, code="seats_exceed_reservations")


def cohort_update(*, actor: User, cohort_id: int, title=UNSET, description=UNSET, capacity=UNSET,
                  subsidy_per_trainee=UNSET, completion_threshold=UNSET) -> Cohort:
    """Edit a cohort that has not finished. The capacity never drops below the seats already taken."""
    with atomic():
        cohort = cohort_for_update(actor, cohort_id)
        if actor.role != "centre_staff":
            raise PermissionDenied()
        if cohort.status not in ACTIVE_STATUSES:
            raise Conflict(N_("This cohort has finished and can no longer be changed."), code="cohort_finished")
        if title is not UNSET:
            cohort.title = text(title, "title", max_length=128)
        if description is not UNSET:
            cohort.description = text(description, "description", max_length=4000, required=False)
        if subsidy_per_trainee is not UNSET:
            cohort.subsidy_per_trainee = decimal(subsidy_per_trainee, "subsidy_per_trainee")
        if completion_threshold is not UNSET:
            cohort.completion_threshold = decimal(completion_threshold, "completion_threshold",
                                                  minimum=Decimal("0.01"), maximum=Decimal("100"))
        if capacity is not UNSET:
            capacity = integer(capacity, "capacity", minimum=1, maximum=MAX_CAPACITY)
            if cohort.status != "planned":
                _check_reserved(cohort, capacity=capacity)
            db.session.flush()
            # Conditional: a concurrent acceptance cannot slip in between the check and the change.
            changed = db.session.execute(
                sa.update(Cohort).where(Cohort.id == cohort.id, Cohort.seats_taken <= capacity)
                .values(capacity=capacity).execution_options(synchronize_session=False)).rowcount
            if not changed:
                raise Conflict(errors={"capacity": [_below_taken(cohort)]}, code="capacity_below_taken")
    return _reloaded(cohort_id)


def _below_taken(cohort: Cohort) -> Message:
    return Message(N_("%(n)s seats are already taken."), n=cohort.seats_taken)


def cohort_transition(*, actor: User, cohort_id: int, status: str) -> Cohort:
    """planned → open → running → completed, or cancelled from any of the first three.

    Opening needs a vetted centre and at least one session (and, order-based, enough reserved places);
    completing needs attendance for every session and records who completed (see ``completion_record``).
    """
    with atomic():
        cohort = cohort_for_update(actor, cohort_id)
        if actor.role not in ("centre_staff", "admin"):
            raise PermissionDenied()
        if status not in COHORT_TRANSITIONS.get(cohort.status, ()):
            raise Conflict(N_("The cohort cannot move to this status from its current one."),
                           errors={"status": [N_("Not allowed from the current status.")]}, code="illegal_transition")
        if status == "open":
            if cohort.centre.status != "vetted":
                raise Conflict(N_("Your training centre has not been vetted yet."), code="centre_not_vetted")
            if not cohort.sessions:
                raise Conflict(N_("Add the sessions before opening the cohort."), code="no_sessions")
            _check_reserved(cohort)
        if status == "completed":
            if any(s.attendance_taken_at is None for s in cohort.sessions):
                raise Conflict(N_("Take attendance for every session before completing the cohort."),
                               code="attendance_missing")
            completion_record(cohort)
        cohort.status = status
    return _reloaded(cohort_id)


def session_add(*, actor: User, cohort_id: int, held_on: date, topic: str = "") -> CohortSession:
    with atomic():
        cohort = cohort_for_update(actor, cohort_id)
        if actor.role != "centre_staff":
            raise PermissionDenied()
        if cohort.status not in ACTIVE_STATUSES:
            raise Conflict(N_("This cohort has finished and can no longer be changed."), code="cohort_finished")
        if not cohort.start_date <= a_date(held_on, "held_on") <= cohort.end_date:
            raise Invalid.field("held_on", N_("Sessions must fall between the start and the end date."))
        number = (max((s.number for s in cohort.sessions), default=0)) + 1
        session = CohortSession(cohort_id=cohort.id, number=number, held_on=held_on,
                                topic=text(topic, "topic", max_length=128, required=False))
        db.session.add(session)
    return session


def reservation_set(*, actor: User, cohort_id: int, position_id: int, places: int) -> Reservation:
    """The ordering employer keeps ``places`` of one of its open positions for the cohort's graduates
    (setting it again changes the number). Places already promised to other cohorts count against it."""
    places = integer(places, "places", minimum=1, maximum=MAX_CAPACITY)
    with atomic():
        cohort = db.session.get(Cohort, cohort_id, with_for_update={"of": Cohort}) if valid_id(cohort_id) else None
        if cohort is None or cohort.mode != "order_based" or not (
                actor.role == "admin" or (actor.role == "employer_staff" and actor.employer_id == cohort.employer_id)):
            raise NotFound(N_("No such cohort."))
        if cohort.status not in ("planned", "open"):
            raise Conflict(N_("Positions can be reserved only before the cohort runs."), code="cohort_not_planned")
        position = db.session.get(Position, position_id, with_for_update={"of": Position}) \
            if valid_id(position_id) else None
        if position is None or position.employer_id != cohort.employer_id:
            raise Invalid.field("position_id", N_("No such position."))
        if position.status != "open":
            raise Invalid.field("position_id", N_("This position is not open."))
        elsewhere = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Reservation.places), 0)).join(Cohort)
            .where(Reservation.position_id == position.id, Reservation.cohort_id != cohort.id,
                   Cohort.status.in_(ACTIVE_STATUSES)))
        free = position.headcount - position.filled - elsewhere
        if places > free:
            raise Invalid.field("places", N_("Only %(n)s places of this position are free to reserve."), n=max(free, 0))
        reservation = next((r for r in cohort.reservations if r.position_id == position.id), None)
        if reservation is None:
            reservation = Reservation(position_id=position.id, places=places)
            cohort.reservations.append(reservation)
        if cohort.status == "open":
            _check_reserved(cohort, reserved=cohort.reserved_places - reservation.places + places)
        reservation.places = places
    return reservation


def _reloaded(cohort_id: int) -> Cohort:
    return db.session.get(Cohort, cohort_id, populate_existing=True)
