"""Reading follow-ups: which check-ins are due, who may record them, and whether a household's income counts as
stabilised (a member still employed at the 6-month check-in or a later one)."""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from labour.accounts.models import User
from labour.centres.selectors import official_covers_county
from labour.cohorts.models import Cohort
from labour.db import db
from labour.divisions.selectors import scope_prefix
from labour.enrolments.models import Enrolment
from labour.errors import NotFound, PermissionDenied
from labour.followups.models import FOLLOWUP_MONTHS, STABILISED_AFTER_MONTHS, Followup
from labour.i18n import N_
from labour.pagination import Page
from labour.people.models import Household, Person
from labour.people.selectors import valid_id
from labour.placements.models import Placement


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month = 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_start_due(today: date, months: int) -> date:
    """The latest start date whose ``months`` check-in is due by ``today``."""
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    cutoff = date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    while add_months(cutoff + timedelta(days=1), months) <= today:
        cutoff += timedelta(days=1)
    return cutoff


def trained_at_centre(person_id, centre_id: int):
    """SQL: the person is (or was) a confirmed trainee of a cohort of the centre."""
    return sa.exists().where(Enrolment.person_id == person_id, Enrolment.status == "confirmed",
                             Enrolment.cohort_id == Cohort.id, Cohort.centre_id == centre_id)


def followup_allowed(user: User, placement: Placement) -> bool:
    """Admins; officials over the person's registered county; staff of a centre that trained the person."""
    if user.role == "centre_staff":
        return user.centre_id is not None and bool(db.session.scalar(
            sa.select(trained_at_centre(placement.person_id, user.centre_id))))
    return official_covers_county(user, placement.person.registered_county_code)


def placement_for_followup(*, user: User, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id) if valid_id(placement_id) else None
    if placement is None or not followup_allowed(user, placement):
        raise NotFound(N_("No such placement."))
    return placement


@dataclass
class CheckIn:
    placement: Placement
    month: int
    followup: Followup | None

    @property
    def due_on(self) -> date:
        return add_months(self.placement.start_date, self.month)


def followups_for_placement(*, user: User, placement_id: int) -> list[CheckIn]:
    """The four check-ins of a placement, recorded or not."""
    placement = placement_for_followup(user=user, placement_id=placement_id)
    recorded = {f.month: f for f in db.session.scalars(sa.select(Followup).where(
        Followup.placement_id == placement.id))}
    return [CheckIn(placement=placement, month=m, followup=recorded.get(m)) for m in FOLLOWUP_MONTHS]


def _due_query(today: date, *, since: date | None = None):
    """(placement id, month) of every check-in due by ``today`` (and, with ``since``, not before it) that has
    not been recorded."""
    parts = []
    for months in FOLLOWUP_MONTHS:
        condition = [Placement.start_date <= latest_start_due(today, months)]
        if since is not None:
            condition.append(Placement.start_date > latest_start_due(since - timedelta(days=1), months))
        parts.append(
            sa.select(Placement.id.label("placement_id"), sa.literal(months).label("month"),
                      Placement.start_date.label("start_date"))
            .where(*condition, ~sa.exists().where(Followup.placement_id == Placement.id, Followup.month == months)))
    return sa.union_all(*parts).subquery()


def followups_due(*, user: User, today: date, page: int = 1, per_page: int = 20) -> Page:
    """Check-ins due and not recorded, for the staff of the centres that trained the person and officials over
    the person's county; oldest first."""
    due = _due_query(today)
    query = (sa.select(due.c.placement_id, due.c.month).join(Placement, Placement.id == due.c.placement_id)
             .join(Person, Person.id == Placement.person_id))
    if user.role == "centre_staff":
        query = query.where(trained_at_centre(Person.id, user.centre_id))
    elif user.role == "official":
        query = query.join(Household, Household.id == Person.household_id).where(
            Household.registered_county_code.startswith(scope_prefix(user.division), autoescape=True))
    elif user.role != "admin":
        raise PermissionDenied()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(due.c.start_date, due.c.month, due.c.placement_id)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    items = [CheckIn(placement=db.session.get(Placement, pid), month=month, followup=None) for pid, month in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def due_since(*, today: date, since: date) -> list[tuple[int, int]]:
    """(placement id, month) of unrecorded check-ins that fell due between ``since`` and ``today``."""
    due = _due_query(today, since=since)
    return [tuple(r) for r in db.session.execute(sa.select(due.c.placement_id, due.c.month)
                                                 .order_by(due.c.placement_id, due.c.month)).all()]


def retained_clause(placement_id, months: int = STABILISED_AFTER_MONTHS):
    """SQL: the placement's check-in at ``months`` (or a later one) found the person still employed."""
    return sa.exists().where(Followup.placement_id == placement_id, Followup.month >= months,
                             Followup.still_employed.is_(True))


def household_income_stabilised(household_id: int) -> bool:
    """A member stayed employed for 6 months (still employed at the 6-month check-in or a later one)."""
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Person.household_id == household_id, Placement.person_id == Person.id, retained_clause(Placement.id)))))
