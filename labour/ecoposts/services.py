"""Ecological-protection posts: officials of the post's county (or of an area above it) and admins keep the
catalogue, assign a post to a person registered in its county (at most ``eco_posts_per_household`` current posts
per household), end or replace a holder, appraise each period and keep the payments ledger. The holder records
duties from the phone. One transaction per call."""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour import fields
from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.divisions.selectors import code_in_scope
from labour.ecoposts.models import (APPRAISAL_PERIODS, DUTY_KINDS, GRADE_FLOORS, POST_TYPES, EcoAppraisal,
                                    EcoAssignment, EcoDuty, EcoPayment, EcoPost)
from labour.ecoposts.periods import months_held, months_of
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.people.idnumber import local_today
from labour.people.models import Person
from labour.people.selectors import person_in_scope, valid_id
from labour.runtime import runtime

UNSET = object()
MAX_BASE_PAYMENT = Decimal("100000")
EARLIEST = date(2000, 1, 1)
NOTE_LENGTH = 200


def post_manageable(actor: User | None, post: EcoPost) -> bool:
    """Admins, and officials whose area holds the post's county."""
    if actor is None:
        return False
    if actor.role == "admin":
        return True
    return actor.role == "official" and actor.division is not None \
        and code_in_scope(actor.division, post.division_code)


def _require_staff(actor: User) -> None:
    if actor.role not in ("official", "admin"):
        raise PermissionDenied()


def _county(actor: User, code):
    return fields.in_area(actor, fields.tibet_county(code, "division_code"), "division_code")


def _optional_text(value, field: str, max_length: int) -> str | None:
    return fields.text(value, field, max_length=max_length, required=False) or None


def _past_date(value, field: str, *, default_today: bool = True) -> date:
    """A date given (or today), neither in the future nor before 2000."""
    if value is None and default_today:
        return local_today()
    value = fields.a_date(value, field)
    if value > local_today():
        raise Invalid.field(field, N_("The date cannot be in the future."))
    if value < EARLIEST:
        raise Invalid.field(field, N_("Not a possible date."))
    return value


def post_get_for_update(actor: User, post_id: int) -> EcoPost:
    """The post, locked until the transaction ends (its holder changes one request at a time)."""
    _require_staff(actor)
    post = db.session.scalar(sa.select(EcoPost).where(EcoPost.id == post_id)
                             .with_for_update(of=EcoPost)) if valid_id(post_id) else None
    if post is None or not post_manageable(actor, post):
        raise NotFound(N_("No such ecological-protection post."))
    return post


def assignment_get_for_update(actor: User, assignment_id: int) -> EcoAssignment:
    _require_staff(actor)
    assignment = db.session.scalar(sa.select(EcoAssignment).where(EcoAssignment.id == assignment_id)
                                   .with_for_update(of=EcoAssignment)) if valid_id(assignment_id) else None
    if assignment is None or not post_manageable(actor, assignment.post):
        raise NotFound(N_("No such post assignment."))
    return assignment


# --- the catalogue ------------------------------------------------------------------------------------------

def post_create(*, actor: User, post_type: str, division_code: str, title: str, base_payment,
                appraisal_period: str, township: str | None = None, village: str | None = None) -> EcoPost:
    _require_staff(actor)
    with atomic():
        post = EcoPost(post_type=fields.choice(post_type, POST_TYPES, "post_type"),
                       division_code=_county(actor, division_code).code,
                       township=_optional_text(township, "township", 64),
                       village=_optional_text(village, "village", 64),
                       title=fields.text(title, "title", max_length=128),
                       base_payment=fields.decimal(base_payment, "base_payment", minimum=Decimal("0.01"),
                                                   maximum=MAX_BASE_PAYMENT),
                       appraisal_period=fields.choice(appraisal_period, APPRAISAL_PERIODS, "appraisal_period"),
                       created_by_id=actor.id)
        db.session.add(post)
    return post


def post_update(*, actor: User, post_id: int, title=UNSET, base_payment=UNSET, township=UNSET, village=UNSET,
                appraisal_period=UNSET) -> EcoPost:
    """Edit a post; a new base payment applies to payments generated from now on. The appraisal period can
    change only while no holder of the post has been appraised."""
    with atomic():
        post = post_get_for_update(actor, post_id)
        if title is not UNSET:
            post.title = fields.text(title, "title", max_length=128)
        if base_payment is not UNSET:
            post.base_payment = fields.decimal(base_payment, "base_payment", minimum=Decimal("0.01"),
                                               maximum=MAX_BASE_PAYMENT)
        if township is not UNSET:
            post.township = _optional_text(township, "township", 64)
        if village is not UNSET:
            post.village = _optional_text(village, "village", 64)
        if appraisal_period is not UNSET and appraisal_period != post.appraisal_period:
            fields.choice(appraisal_period, APPRAISAL_PERIODS, "appraisal_period")
            appraised = db.session.scalar(sa.select(EcoAppraisal.id).join(EcoAssignment).where(
                EcoAssignment.post_id == post.id).limit(1))
            if appraised is not None:
                message = Message(N_("The post's holders have been appraised: its appraisal period stays."))
                raise Conflict(message, code="post_appraised", errors={"appraisal_period": [message]})
            post.appraisal_period = appraisal_period
    return post


# --- holders ------------------------------------------------------------------------------------------------

def _holder(actor: User, post: EcoPost, person_id) -> Person:
    person = db.session.get(Person, person_id) if valid_id(person_id) else None
    if person is None or not person_in_scope(actor, person):
        raise Invalid.field("person_id", N_("No such person."))
    if person.household is None or person.household.registered_county_code != post.division_code:
        raise Invalid.field("person_id", N_("The person's household must be registered in the post's county."))
    return person


def _free_slot(household_id: int) -> int:
    """The lowest free slot of the household, or a 409 when it holds as many current posts as allowed."""
    limit = runtime().eco_posts_per_household
    taken = set(db.session.scalars(sa.select(EcoAssignment.slot).where(
        EcoAssignment.household_id == household_id, EcoAssignment.slot.is_not(None))))
    for slot in range(1, limit + 1):
        if slot not in taken:
            return slot
    raise _household_full(limit)


def _household_full(limit: int) -> Conflict:
    message = Message(N_("This household already holds as many ecological-protection posts as allowed "
                         "(%(n)s)."), n=limit)
    return Conflict(message, code="household_limit", errors={"person_id": [message]})


def _flush_assignment() -> None:
    """Two requests racing for the same post, person or household slot: the database decides, the loser gets
    the same 409 as a sequential request."""
    try:
        db.session.flush()
    except IntegrityError as error:
        text = str(error.orig)  # PostgreSQL names the constraint, SQLite its columns
        if _violated(text, "uq_eco_assignment_household_slot", "eco_assignment.household_id, eco_assignment.slot"):
            raise _household_full(runtime().eco_posts_per_household) from None
        if _violated(text, "uq_eco_assignment_person_current", "eco_assignment.person_id"):
            raise _person_holds() from None
        if _violated(text, "uq_eco_assignment_post_current", "eco_assignment.post_id"):
            raise _post_held() from None
        raise


def _violated(text: str, name: str, columns: str) -> bool:
    return name in text or f"UNIQUE constraint failed: {columns}" in text


def _person_holds() -> Conflict:
    message = Message(N_("This person already holds an ecological-protection post."))
    return Conflict(message, code="person_holds_post", errors={"person_id": [message]})


def _post_held() -> Conflict:
    return Conflict(N_("The post has a holder: end the assignment or replace the holder."), code="post_held")


def _assign(actor: User, post: EcoPost, person_id, start_date: date, field: str) -> EcoAssignment:
    person = _holder(actor, post, person_id)
    if db.session.scalar(sa.select(EcoAssignment.id).where(EcoAssignment.person_id == person.id,
                                                           EcoAssignment.end_date.is_(None))) is not None:
        raise _person_holds()
    # Tenures do not overlap: neither the post's holders nor one person's posts (no month is paid twice).
    last_end = db.session.scalar(sa.select(sa.func.max(EcoAssignment.end_date)).where(
        sa.or_(EcoAssignment.post_id == post.id, EcoAssignment.person_id == person.id)))
    if last_end is not None and start_date < last_end:
        raise Invalid.field(field, N_("An earlier assignment of this post or person ran until %(date)s: start on "
                                      "or after it."), date=last_end.isoformat())
    assignment = EcoAssignment(post_id=post.id, person_id=person.id, household_id=person.household_id,
                               slot=_free_slot(person.household_id), start_date=start_date,
                               assigned_by_id=actor.id)
    db.session.add(assignment)
    _flush_assignment()
    return assignment


def assignment_create(*, actor: User, post_id: int, person_id: int, start_date: date | None = None) -> EcoAssignment:
    """Give a vacant post to a person of its county (from ``start_date``, default today)."""
    with atomic():
        post = post_get_for_update(actor, post_id)
        start = _past_date(start_date, "start_date")
        if post.current is not None:
            raise _post_held()
        assignment = _assign(actor, post, person_id, start, "start_date")
    return assignment


def _end(actor: User, assignment: EcoAssignment, end_date: date, reason, field: str) -> None:
    if assignment.end_date is not None:
        raise Conflict(N_("This assignment has already ended."), code="assignment_ended")
    if end_date < assignment.start_date:
        raise Invalid.field(field, N_("The assignment cannot end before it started (%(date)s)."),
                            date=assignment.start_date.isoformat())
    appraised = db.session.scalars(sa.select(EcoAppraisal.period).where(
        EcoAppraisal.assignment_id == assignment.id)).all()
    for period in appraised:
        last_day = months_of(period, assignment.post.appraisal_period)[-1]
        if end_date <= last_day:
            raise Invalid.field(field, N_("The holder was appraised for %(period)s: the assignment ends after it."),
                                period=period)
    assignment.end_date = end_date
    assignment.end_reason = fields.text(reason, "reason", max_length=NOTE_LENGTH)
    assignment.ended_by_id = actor.id
    assignment.slot = None  # the household's slot is free again
    db.session.flush()


def assignment_end(*, actor: User, assignment_id: int, reason: str, end_date: date | None = None) -> EcoAssignment:
    """End an assignment (the holder leaves; the post is vacant). ``end_date`` (default today) is the first day
    the person no longer holds the post."""
    with atomic():
        assignment = assignment_get_for_update(actor, assignment_id)
        _end(actor, assignment, _past_date(end_date, "end_date"), reason, "end_date")
    return assignment


def holder_replace(*, actor: User, post_id: int, person_id: int, reason: str,
                   on_date: date | None = None) -> EcoAssignment:
    """End the current holder's assignment with ``reason`` and give the post to ``person_id`` from ``on_date``
    (default today), in one transaction: if the new assignment is refused, the old one stays."""
    with atomic():
        post = post_get_for_update(actor, post_id)
        day = _past_date(on_date, "date")
        current = post.current
        if current is None:
            raise Conflict(N_("The post has no holder to replace: assign it instead."), code="post_vacant")
        if current.person_id == person_id:
            raise Invalid.field("person_id", N_("This person already holds the post."))
        current = db.session.scalar(sa.select(EcoAssignment).where(EcoAssignment.id == current.id)
                                    .with_for_update(of=EcoAssignment))
        _end(actor, current, day, reason, "date")
        assignment = _assign(actor, post, person_id, day, "date")
    return assignment


# --- duties -------------------------------------------------------------------------------------------------

def _duty(actor: User, assignment: EcoAssignment, duty_date, kind, note) -> EcoDuty:
    day = _past_date(duty_date, "duty_date", default_today=False)
    if day < assignment.start_date or (assignment.end_date is not None and day >= assignment.end_date):
        raise Invalid.field("duty_date", N_("The post was not held on that day."))
    duty = EcoDuty(assignment_id=assignment.id, duty_date=day, kind=fields.choice(kind, DUTY_KINDS, "kind"),
                   note=_optional_text(note, "note", NOTE_LENGTH), recorded_by_id=actor.id, created_at=utcnow())
    db.session.add(duty)
    return duty


def duty_record(*, actor: User, assignment_id: int, duty_date: date, kind: str, note: str | None = None) -> EcoDuty:
    """An official records a duty of a holder in their area (also of an ended assignment, within its dates)."""
    with atomic():
        assignment = assignment_get_for_update(actor, assignment_id)
        duty = _duty(actor, assignment, duty_date, kind, note)
    return duty


def current_assignment(user: User) -> EcoAssignment | None:
    if user.role != "worker":
        raise PermissionDenied()
    if user.person_id is None:
        return None
    return db.session.scalar(sa.select(EcoAssignment).where(EcoAssignment.person_id == user.person_id,
                                                            EcoAssignment.end_date.is_(None)))


def my_duty_record(*, actor: User, duty_date: date, kind: str, note: str | None = None) -> EcoDuty:
    """The holder records a duty on their own current post."""
    with atomic():
        assignment = current_assignment(actor)
        if assignment is None:
            raise NotFound(N_("You hold no ecological-protection post."))
        duty = _duty(actor, assignment, duty_date, kind, note)
    return duty


# --- appraisals and payments --------------------------------------------------------------------------------

def _period_held(assignment: EcoAssignment, period) -> int:
    """Months of ``period`` (over) for which the assignment is paid; a 422 on ``period`` otherwise."""
    month_ends = months_of(period, assignment.post.appraisal_period)
    if month_ends[-1] >= local_today():
        raise Invalid.field("period", N_("The period has not ended yet."))
    months = months_held(month_ends, assignment.start_date, assignment.end_date)
    if months == 0:
        raise Invalid.field("period", N_("The person did not hold the post at the end of any month of this "
                                         "period."))
    return months


def grade_of(score: int) -> str:
    return next(grade for grade, floor in GRADE_FLOORS if score >= floor)


def appraisal_create(*, actor: User, assignment_id: int, period: str, score: int, reward=0, penalty=0,
                     note: str | None = None) -> EcoAppraisal:
    """Appraise one period of an assignment: a score (the grade follows from it) and a reward or a penalty in
    yuan, which the period's payment adds or takes off. One appraisal per assignment and period."""
    with atomic():
        assignment = assignment_get_for_update(actor, assignment_id)
        _period_held(assignment, period)
        score = fields.integer(score, "score", minimum=0, maximum=100)
        reward = fields.decimal(0 if reward is None else reward, "reward")
        penalty = fields.decimal(0 if penalty is None else penalty, "penalty")
        if reward and penalty:
            raise Invalid.field("penalty", N_("Give a reward or a penalty, not both."))
        if db.session.scalar(sa.select(EcoAppraisal.id).where(EcoAppraisal.assignment_id == assignment.id,
                                                              EcoAppraisal.period == period)) is not None:
            raise _appraised(period)
        appraisal = EcoAppraisal(assignment_id=assignment.id, period=period, score=score, grade=grade_of(score),
                                 reward=reward, penalty=penalty, note=_optional_text(note, "note", NOTE_LENGTH),
                                 appraised_by_id=actor.id)
        db.session.add(appraisal)
        try:
            db.session.flush()
        except IntegrityError as error:
            if _violated(str(error.orig), "uq_eco_appraisal_assignment_period",
                         "eco_appraisal.assignment_id, eco_appraisal.period"):
                raise _appraised(period) from None
            raise
    return appraisal


def _appraised(period: str) -> Conflict:
    message = Message(N_("This period is already appraised: %(period)s."), period=period)
    return Conflict(message, code="already_appraised", errors={"period": [message]})


def _paid_twice(period: str) -> Conflict:
    message = Message(N_("The payment for %(period)s has already been generated."), period=period)
    return Conflict(message, code="payment_exists", errors={"period": [message]})


def payment_generate(*, actor: User, assignment_id: int, period: str) -> EcoPayment:
    """The payment of an appraised period: the post's base payment × the months held, plus the reward or minus
    the penalty, never below 0. One payment per assignment and period (also under concurrent requests)."""
    with atomic():
        assignment = assignment_get_for_update(actor, assignment_id)
        months = _period_held(assignment, period)
        if db.session.scalar(sa.select(EcoPayment.id).where(EcoPayment.assignment_id == assignment.id,
                                                            EcoPayment.period == period)) is not None:
            raise _paid_twice(period)
        appraisal = db.session.scalar(sa.select(EcoAppraisal).where(EcoAppraisal.assignment_id == assignment.id,
                                                                    EcoAppraisal.period == period))
        if appraisal is None:
            message = Message(N_("Appraise %(period)s before generating its payment."), period=period)
            raise Conflict(message, code="not_appraised", errors={"period": [message]})
        base = assignment.post.base_payment
        amount = max(Decimal("0.00"), base * months + appraisal.reward - appraisal.penalty)
        payment = EcoPayment(assignment_id=assignment.id, period=period, months=months, base_payment=base,
                             reward=appraisal.reward, penalty=appraisal.penalty, amount=amount, status="due",
                             generated_by_id=actor.id)
        db.session.add(payment)
        try:
            db.session.flush()
        except IntegrityError as error:
            if _violated(str(error.orig), "uq_eco_payment_assignment_period",
                         "eco_payment.assignment_id, eco_payment.period"):
                raise _paid_twice(period) from None
            raise
    return payment


def payment_mark_paid(*, actor: User, payment_id: int, paid_on: date | None = None) -> EcoPayment:
    """Record a due payment as paid (on ``paid_on``, default today); a payment is paid once."""
    _require_staff(actor)
    with atomic():
        payment = db.session.scalar(sa.select(EcoPayment).where(EcoPayment.id == payment_id)
                                    .with_for_update(of=EcoPayment)) if valid_id(payment_id) else None
        if payment is None or not post_manageable(actor, payment.assignment.post):
            raise NotFound(N_("No such payment."))
        if payment.status == "paid":
            raise Conflict(N_("This payment has already been paid."), code="already_paid")
        day = _past_date(paid_on, "paid_on")
        first_day = months_of(payment.period, payment.assignment.post.appraisal_period)[0].replace(day=1)
        if day < first_day:
            raise Invalid.field("paid_on", N_("The payment cannot be paid before its period (%(period)s)."),
                                period=payment.period)
        payment.status, payment.paid_on, payment.paid_by_id = "paid", day, actor.id
    return payment
