"""Enrolment: a worker applies, the centre accepts (taking a seat), the worker confirms. Then attendance per
session, the assessment, completion, certificates and, for order-based cohorts, the offer of a reserved position.

Seats are taken and given back by conditional updates on ``cohort.seats_taken`` (with a CHECK that it never
exceeds the capacity), and every status change is conditional on the status read, so concurrent requests
cannot overfill a cohort or move an enrolment twice.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.accounts.models import User
from labour.applications.models import Application
from labour.applications.services import application_offer_for_training
from labour.cohorts.models import Cohort
from labour.cohorts.selectors import cohort_manageable, cohort_visible
from labour.db import atomic, db, utcnow
from labour.enrolments.models import (OTHER_RANK, PRIORITY_GROUP_RANK, SEAT_HOLDING, WORKER_WITHDRAWABLE,
                                      Attendance, Enrolment)
from labour.enrolments.selectors import present_counts, waiting_list_query
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.notifications.services import notification_add
from labour.people.idnumber import local_today
from labour.people.models import CERTIFICATE_LEVELS, EDUCATION_RANK, Certificate, Person
from labour.people.selectors import valid_id
from labour.placements.models import Placement
from labour.fields import a_date, choice, decimal, integer

_CHANGED_MEANWHILE = N_("The enrolment was changed meanwhile; reload it.")
_COHORT_FULL = N_("All places of this cohort are taken.")
MAX_ADMIT = 500


# --- who may enrol --------------------------------------------------------------------------------------------

def person_groups(*, household_status: str | None, school_leaver: bool) -> set[str]:
    groups = {household_status} & {"monitored", "poverty_alleviated"}
    if school_leaver:
        groups.add("school_leaver")
    return groups


def priority_rank(groups: set[str]) -> int:
    return min((PRIORITY_GROUP_RANK[g] for g in groups), default=OTHER_RANK)


def eligibility_problems(cohort: Cohort, *, birth_date: date | None, education: str | None,
                         groups: set[str]) -> list[tuple[str, Message]]:
    """(field, message) for every eligibility rule of the cohort the person does not meet."""
    problems = []
    if cohort.min_age is not None or cohort.max_age is not None:
        if birth_date is None:
            problems.append(("birth_date", Message(N_("Give your birth date first: this course has an age limit."))))
        else:
            day = cohort.start_date
            age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
            if (cohort.min_age is not None and age < cohort.min_age) or \
                    (cohort.max_age is not None and age > cohort.max_age):
                problems.append(("birth_date", Message(
                    N_("This course is for people aged %(min)s to %(max)s when it starts."),
                    min=cohort.min_age or 16, max=cohort.max_age or 70)))
    if cohort.min_education is not None:
        if education is None or EDUCATION_RANK.get(education, -1) < EDUCATION_RANK[cohort.min_education]:
            problems.append(("education", Message(N_("This course needs a higher level of schooling."))))
    if cohort.eligible_groups and not (groups & set(cohort.eligible_groups)):
        problems.append(("eligible_groups", Message(N_("This course is only for certain priority groups."))))
    return problems


def _current_placement(person_id: int, cohort: Cohort) -> Placement | None:
    """On-the-job training: the trainee's job at the cohort's employer, current when the course starts."""
    return db.session.scalar(
        sa.select(Placement).where(Placement.person_id == person_id, Placement.employer_id == cohort.employer_id,
                                   sa.or_(Placement.end_date.is_(None), Placement.end_date >= cohort.start_date))
        .order_by(Placement.start_date.desc(), Placement.id.desc()).limit(1))


# --- applying, accepting, confirming ------------------------------------------------------------------------

def _set_status(enrolment_id: int, *, old: str, new: str, **values) -> None:
    result = db.session.execute(
        sa.update(Enrolment).where(Enrolment.id == enrolment_id, Enrolment.status == old)
        .values(status=new, updated_at=utcnow(), **values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(_CHANGED_MEANWHILE, code="enrolment_changed")


def _take_seat(cohort_id: int) -> None:
    taken = db.session.execute(
        sa.update(Cohort).where(Cohort.id == cohort_id, Cohort.seats_taken < Cohort.capacity,
                                Cohort.status.in_(("open", "running")))
        .values(seats_taken=Cohort.seats_taken + 1).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        status = db.session.scalar(sa.select(Cohort.status).where(Cohort.id == cohort_id))
        if status not in ("open", "running"):
            raise Conflict(N_("This cohort is not taking trainees."), code="cohort_not_open")
        raise Conflict(_COHORT_FULL, code="cohort_full")


def _release_seat(cohort_id: int) -> None:
    db.session.execute(sa.update(Cohort).where(Cohort.id == cohort_id, Cohort.seats_taken > 0)
                       .values(seats_taken=Cohort.seats_taken - 1).execution_options(synchronize_session=False))


def enrolment_apply(*, actor: User, cohort_id: int) -> Enrolment:
    """A worker asks for a place in an open cohort; they join its waiting list until the centre accepts them.
    Applying again after withdrawing reuses the enrolment."""
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied(N_("Only workers can enrol."))
    with atomic():
        cohort = db.session.get(Cohort, cohort_id) if valid_id(cohort_id) else None
        if cohort is None or not cohort_visible(actor, cohort):
            raise NotFound(N_("No such cohort."))
        if cohort.status != "open":
            raise Conflict(N_("This cohort is not taking enrolments."), code="cohort_not_open")
        person = db.session.get(Person, actor.person_id)
        groups = person_groups(household_status=person.household.status if person.household else None,
                               school_leaver=person.is_school_leaver)
        problems = eligibility_problems(cohort, birth_date=person.birth_date, education=person.education,
                                        groups=groups)
        placement = None
        if cohort.mode == "on_the_job":
            placement = _current_placement(person.id, cohort)
            if placement is None:
                problems.append(("cohort", Message(N_("This course is for the employer's own staff."))))
        if problems:
            errors = {}
            for name, message in problems:
                errors.setdefault(name, []).append(message)
            raise Invalid(N_("You do not meet the conditions of this course."), errors=errors, code="not_eligible")
        values = dict(priority=priority_rank(groups), placement_id=placement.id if placement else None)
        existing = db.session.scalar(sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                                Enrolment.person_id == person.id))
        if existing is not None:
            if existing.status != "withdrawn":
                raise Conflict(N_("You have already applied for this course."), code="already_enrolled")
            _set_status(existing.id, old="withdrawn", new="applied", created_at=utcnow(), accepted_at=None,
                        confirmed_at=None, **values)
            enrolment_id = existing.id
        else:
            enrolment = Enrolment(cohort_id=cohort.id, person_id=person.id, status="applied", source="self",
                                  **values)
            db.session.add(enrolment)
            try:
                with db.session.begin_nested():
                    db.session.flush()
            except IntegrityError:  # the same worker applying twice at the same moment
                raise Conflict(N_("You have already applied for this course."), code="already_enrolled") from None
            enrolment_id = enrolment.id
    return _reloaded(enrolment_id)


def _for_centre(actor: User, enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id) if valid_id(enrolment_id) else None
    if enrolment is None or not cohort_manageable(actor, enrolment.cohort):
        raise NotFound(N_("No such enrolment."))
    if actor.role not in ("centre_staff", "admin"):
        raise PermissionDenied()
    return enrolment


def _accept(enrolment: Enrolment) -> None:
    """Take a seat and offer it (inside the caller's transaction); the worker is told."""
    if enrolment.status != "applied":
        raise Conflict(N_("Only enrolments on the waiting list can be accepted."), code="illegal_transition")
    _take_seat(enrolment.cohort_id)
    _set_status(enrolment.id, old="applied", new="accepted", accepted_at=utcnow())
    user_id = db.session.scalar(sa.select(User.id).where(User.person_id == enrolment.person_id))
    if user_id is not None:
        cohort = enrolment.cohort
        notification_add(event="cohort_place_confirmed", recipient_id=user_id,
                         subject=f"enrolment:{enrolment.id}:accepted",
                         params={"cohort": cohort.title, "start_date": cohort.start_date})


def enrolment_accept(*, actor: User, enrolment_id: int) -> Enrolment:
    """The centre gives a waiting applicant a place (409 ``cohort_full`` when none is left)."""
    with atomic():
        _accept(_for_centre(actor, enrolment_id))
    return _reloaded(enrolment_id)


def waiting_list_admit(*, actor: User, cohort_id: int, count: int) -> list[Enrolment]:
    """Accept up to ``count`` applicants from the top of the waiting list (priority groups first), as many as
    there are seats. Returns those accepted."""
    count = integer(count, "count", minimum=1, maximum=MAX_ADMIT)
    with atomic():
        cohort = db.session.get(Cohort, cohort_id, with_for_update={"of": Cohort}) if valid_id(cohort_id) else None
        if cohort is None or not cohort_manageable(actor, cohort):
            raise NotFound(N_("No such cohort."))
        if actor.role not in ("centre_staff", "admin"):
            raise PermissionDenied()
        if cohort.status not in ("open", "running"):
            raise Conflict(N_("This cohort is not taking trainees."), code="cohort_not_open")
        free = cohort.capacity - cohort.seats_taken
        if free <= 0:
            raise Conflict(_COHORT_FULL, code="cohort_full")
        ids = list(db.session.scalars(waiting_list_query(cohort.id).limit(min(count, free))))
        for enrolment_id in ids:
            _accept(db.session.get(Enrolment, enrolment_id))
    return [_reloaded(i) for i in ids]


def enrolment_reject(*, actor: User, enrolment_id: int) -> Enrolment:
    """The centre turns an applicant down or takes a trainee off the cohort; a held seat is given back."""
    with atomic():
        enrolment = _for_centre(actor, enrolment_id)
        if enrolment.status not in ("applied",) + SEAT_HOLDING or enrolment.cohort.status == "completed":
            raise Conflict(N_("This enrolment can no longer be changed."), code="illegal_transition")
        _set_status(enrolment.id, old=enrolment.status, new="rejected")
        if enrolment.status in SEAT_HOLDING:
            _release_seat(enrolment.cohort_id)
    return _reloaded(enrolment_id)


def _own(actor: User, enrolment_id: int) -> Enrolment:
    if actor.role != "worker":
        raise PermissionDenied()
    enrolment = db.session.get(Enrolment, enrolment_id) if valid_id(enrolment_id) else None
    if enrolment is None or enrolment.person_id != actor.person_id:
        raise NotFound(N_("No such enrolment."))
    return enrolment


def enrolment_confirm(*, actor: User, enrolment_id: int) -> Enrolment:
    """The worker takes the place the centre offered."""
    with atomic():
        enrolment = _own(actor, enrolment_id)
        if enrolment.status != "accepted":
            raise Conflict(N_("Only a place the centre has offered can be confirmed."), code="illegal_transition")
        if enrolment.cohort.status not in ("open", "running"):
            raise Conflict(N_("This cohort is not taking trainees."), code="cohort_not_open")
        _set_status(enrolment.id, old="accepted", new="confirmed", confirmed_at=utcnow())
    return _reloaded(enrolment_id)


def enrolment_withdraw(*, actor: User, enrolment_id: int) -> Enrolment:
    """The worker leaves the waiting list, declines an offered place or drops out; a held seat is given back."""
    with atomic():
        enrolment = _own(actor, enrolment_id)
        if enrolment.status not in WORKER_WITHDRAWABLE or enrolment.cohort.status in ("completed", "cancelled"):
            raise Conflict(N_("This enrolment can no longer be withdrawn."), code="illegal_transition")
        _set_status(enrolment.id, old=enrolment.status, new="withdrawn")
        if enrolment.status in SEAT_HOLDING:
            _release_seat(enrolment.cohort_id)
    return _reloaded(enrolment_id)


# --- attendance, assessment, completion ------------------------------------------------------------------------

def _cohort_for_centre(actor: User, cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id, with_for_update={"of": Cohort}) if valid_id(cohort_id) else None
    if cohort is None or not cohort_manageable(actor, cohort):
        raise NotFound(N_("No such cohort."))
    if actor.role not in ("centre_staff", "admin"):
        raise PermissionDenied()
    return cohort


def _trainee_ids(cohort_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Enrolment.id).where(Enrolment.cohort_id == cohort_id,
                                                                  Enrolment.status == "confirmed")
                                   .order_by(Enrolment.id)))


def _unknown(field: str, ids) -> Invalid:
    return Invalid.field(field, N_("Not trainees of this cohort: %(ids)s."), ids=", ".join(map(str, sorted(ids))))


def attendance_record(*, actor: User, cohort_id: int, session_id: int, present, today: date | None = None) -> Cohort:
    """Attendance for a whole session at once: the trainees in ``present`` attended, every other confirmed
    trainee did not. Entering it again replaces it."""
    present = set(present or [])
    with atomic():
        cohort = _cohort_for_centre(actor, cohort_id)
        session = next((s for s in cohort.sessions if s.id == session_id), None)
        if session is None:
            raise NotFound(N_("No such session."))
        if cohort.status != "running":
            raise Conflict(N_("Attendance is taken while the cohort runs."), code="cohort_not_running")
        if session.held_on > (today or local_today()):
            raise Conflict(N_("This session has not taken place yet."), code="session_in_future")
        trainees = _trainee_ids(cohort.id)
        unknown = present - set(trainees)
        if unknown:
            raise _unknown("present", unknown)
        now = utcnow()
        db.session.execute(sa.delete(Attendance).where(Attendance.session_id == session.id))
        if trainees:
            db.session.execute(sa.insert(Attendance), [
                dict(session_id=session.id, enrolment_id=e, present=e in present, recorded_by_id=actor.id,
                     recorded_at=now) for e in trainees])
        session.attendance_taken_at = now
    return cohort


def assessments_record(*, actor: User, cohort_id: int, results) -> list[Enrolment]:
    """Record assessment results: ``[{"enrolment_id", "result": "passed"|"failed", "score"}]``. A certified
    trainee's result is final."""
    with atomic():
        cohort = _cohort_for_centre(actor, cohort_id)
        if cohort.status not in ("running", "completed"):
            raise Conflict(N_("Assessments are recorded while the cohort runs or after it completes."),
                           code="cohort_not_running")
        wanted = {}
        for item in results or []:
            choice(item.get("result"), ("passed", "failed"), "results")
            score = item.get("score")
            wanted[item["enrolment_id"]] = (item["result"], None if score is None else decimal(
                score, "results", maximum=Decimal("100")))
        found = {e.id: e for e in db.session.scalars(sa.select(Enrolment).where(
            Enrolment.id.in_(wanted), Enrolment.cohort_id == cohort.id, Enrolment.status == "confirmed"))}
        unknown = set(wanted) - set(found)
        if unknown:
            raise _unknown("results", unknown)
        certified = sorted(i for i, e in found.items() if e.certificate_id is not None
                           and wanted[i][0] != e.assessment)
        if certified:
            raise Conflict(Message(N_("These trainees are already certified: %(ids)s."),
                                   ids=", ".join(map(str, certified))), code="already_certified")
        for enrolment_id, (result, score) in wanted.items():
            found[enrolment_id].assessment, found[enrolment_id].score = result, score
    return [_reloaded(i) for i in sorted(wanted)]


def completion_record(cohort: Cohort) -> None:
    """Inside the cohort's completion: each confirmed trainee's attendance rate over all sessions, and whether
    it reaches the threshold (compared exactly, in integers: 80% of 5 sessions is 4, and 3.99 is not 4)."""
    counts = present_counts(cohort.id)
    total = len(cohort.sessions)
    for enrolment in db.session.scalars(sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                                   Enrolment.status == "confirmed")):
        present = counts.get(enrolment.id, 0)
        enrolment.attendance_rate = (Decimal(100 * present) / total).quantize(Decimal("0.01"), rounding=ROUND_DOWN) \
            if total else Decimal("0")
        enrolment.completed = total > 0 and 100 * present >= cohort.completion_threshold * total


# --- certificates and order-based offers ----------------------------------------------------------------------

@dataclass
class Issued:
    certified: list[Enrolment] = field(default_factory=list)
    offered: list[Enrolment] = field(default_factory=list)
    not_eligible: list[tuple[Enrolment, list[Message]]] = field(default_factory=list)


def certificate_problems(cohort: Cohort, enrolment: Enrolment) -> list[Message]:
    problems = []
    if enrolment.status != "confirmed":
        problems.append(Message(N_("Not a trainee of this cohort.")))
    elif not enrolment.completed:
        rate = enrolment.attendance_rate if enrolment.attendance_rate is not None else Decimal("0.00")
        problems.append(Message(N_("Attended %(rate)s%% of the sessions; %(threshold)s%% are required."),
                                rate=rate, threshold=cohort.completion_threshold))
    if enrolment.assessment != "passed":
        problems.append(Message(N_("Has not passed the assessment.")))
    return problems


def certificates_issue(*, actor: User, cohort_id: int, level: str, issued_on: date, enrolment_ids=None,
                       today: date | None = None) -> Issued:
    """Issue certificates (in the cohort's occupation) to the trainees of a completed cohort who attended
    enough sessions and passed the assessment: those named in ``enrolment_ids`` (all must qualify, or nothing is
    issued) or, without it, everyone who qualifies. Safe to repeat: a certified trainee is not certified again.

    For an order-based cohort every certified graduate without an offer then gets one of the reserved
    positions (an application in 'offered'), while reserved places last.
    """
    choice(level, CERTIFICATE_LEVELS, "level")
    if a_date(issued_on, "issued_on") > (today or local_today()):
        raise Invalid.field("issued_on", N_("Not a possible date."))
    with atomic():
        cohort = _cohort_for_centre(actor, cohort_id)
        if cohort.status != "completed":
            raise Conflict(N_("Certificates are issued once the cohort is completed."), code="cohort_not_completed")
        trainees = list(db.session.scalars(sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id)
                                           .order_by(Enrolment.id)))
        by_id = {e.id: e for e in trainees}
        if enrolment_ids is not None:
            wanted = list(dict.fromkeys(enrolment_ids))
            unknown = [i for i in wanted if i not in by_id or by_id[i].status != "confirmed"]
            if unknown:
                raise _unknown("enrolment_ids", unknown)
            refused = {str(i): problems for i in wanted
                       if by_id[i].certificate_id is None and (problems := certificate_problems(cohort, by_id[i]))}
            if refused:
                raise Invalid(N_("Some trainees do not meet the rules for a certificate."),
                              errors={"enrolment_ids": refused}, code="not_certifiable")
            candidates = [by_id[i] for i in wanted]
        else:
            candidates = [e for e in trainees if e.status == "confirmed"]
        result = Issued()
        for enrolment in candidates:
            if enrolment.certificate_id is not None:
                result.certified.append(enrolment)
                continue
            problems = certificate_problems(cohort, enrolment)
            if problems:
                result.not_eligible.append((enrolment, problems))
                continue
            certificate = Certificate(person_id=enrolment.person_id, occupation_code=cohort.occupation_code,
                                      level=level, number=f"T{cohort.id}-{enrolment.id}", issued_on=issued_on,
                                      issuer=cohort.centre.name[:128])
            db.session.add(certificate)
            try:
                with db.session.begin_nested():
                    db.session.flush()
            except IntegrityError:
                raise Conflict(errors={"number": [N_("This certificate is already registered.")]},
                               code="certificate_taken") from None
            enrolment.certificate_id = certificate.id
            result.certified.append(enrolment)
        if cohort.mode == "order_based":
            result.offered = _offer_reserved(cohort, trainees)
    return result


def _offer_reserved(cohort: Cohort, trainees: list[Enrolment]) -> list[Enrolment]:
    """Offer each certified graduate without an offer a reserved place: best assessed first, then by the
    waiting-list priority; reservations in the order they were made. Idempotent: offers made count."""
    offered_positions = dict(db.session.execute(
        sa.select(Application.position_id, sa.func.count()).join(Enrolment, Enrolment.application_id == Application.id)
        .where(Enrolment.cohort_id == cohort.id).group_by(Application.position_id)).all())
    free = [(r.position, r.places - offered_positions.get(r.position_id, 0)) for r in cohort.reservations]
    waiting = sorted((e for e in trainees if e.certificate_id is not None and e.application_id is None),
                     key=lambda e: (-(e.score if e.score is not None else Decimal(-1)), e.priority, e.id))
    offered = []
    for enrolment in waiting:
        slot = next((i for i, (_, left) in enumerate(free) if left > 0), None)
        if slot is None:
            break
        position, left = free[slot]
        free[slot] = (position, left - 1)
        application = application_offer_for_training(
            position=position, person_id=enrolment.person_id,
            note=f"{cohort.title} (#{cohort.id})"[:500])
        enrolment.application_id = application.id
        offered.append(enrolment)
    return offered


def _reloaded(enrolment_id: int) -> Enrolment:
    return db.session.get(Enrolment, enrolment_id, populate_existing=True)
