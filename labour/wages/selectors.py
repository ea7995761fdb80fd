"""Reading wage reports: the worker's own months, the arrears an employer's staff or an official may see, and
the officials' totals by employer and by area. (The flag on positions is ``labour.wages.models.has_open_arrears``.)"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from labour.accounts.models import User
from labour import fields
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.employers.models import Employer
from labour.errors import Invalid, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page
from labour.people.models import Household, Person
from labour.placements.models import Placement
from labour.positions.selectors import local_today
from labour.wages.models import OPEN_STATUSES, WageReport
from labour.wages.services import covers_month, previous_month

ARREARS_RULES = """\
**Wage arrears.** A worker reports each month of a placement once: paid, or wages owed (an amount in yuan
and a note). Arrears are *open* from the report until the worker confirms the payment; the employer's staff
may mark them settled, which asks the worker to confirm but does not close them. An employer with open
arrears is flagged on its positions (`employer_has_arrears`). Officials see the arrears of workers whose
household is registered in their area (admins: all)."""

LIST_STATUSES = ("open", "arrears", "settled", "paid", "all")
SUMMARY_BY = ("employer", "prefecture", "county")


# --- the worker's own -------------------------------------------------------------------------------------------

@dataclass
class PlacementMonth:
    """A placement of the worker with its report for the month due (None: not reported)."""

    placement: Placement
    employer_name: str | None
    month: date
    can_report: bool
    report: WageReport | None

    def __getattr__(self, name):
        return getattr(self.placement, name)


@dataclass
class MyWages:
    month: date
    placements: list[PlacementMonth] = field(default_factory=list)
    open_arrears: list[WageReport] = field(default_factory=list)


def my_wages(*, actor: User, today: date | None = None) -> MyWages:
    """The worker's placements in force since last month, each with last month's report, and every report of
    theirs still open (wages owed, or marked settled and waiting for their confirmation)."""
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied()
    month = previous_month(today or local_today())
    placements = list(db.session.scalars(
        sa.select(Placement).where(Placement.person_id == actor.person_id,
                                   sa.or_(Placement.end_date.is_(None), Placement.end_date >= month))
        .order_by(Placement.start_date.desc(), Placement.id.desc()).limit(20)))
    ids = [p.id for p in placements]
    reports = {r.placement_id: r for r in db.session.scalars(
        sa.select(WageReport).where(WageReport.placement_id.in_(ids), WageReport.month == month))} if ids else {}
    employer_ids = {p.employer_id for p in placements if p.employer_id}
    names = dict(db.session.execute(sa.select(Employer.id, Employer.name).where(Employer.id.in_(employer_ids))).all()) \
        if employer_ids else {}
    result = MyWages(month=month, placements=[
        PlacementMonth(placement=p, employer_name=names.get(p.employer_id), month=month,
                       can_report=covers_month(p, month), report=reports.get(p.id)) for p in placements])
    result.open_arrears = list(db.session.scalars(
        sa.select(WageReport).join(Placement, Placement.id == WageReport.placement_id)
        .where(Placement.person_id == actor.person_id, WageReport.status.in_(OPEN_STATUSES))
        .order_by(WageReport.month.desc(), WageReport.id.desc()).limit(50)))
    return result


# --- arrears for employers and officials --------------------------------------------------------------------------

def _county():
    return Household.registered_county_code


def _scoped(query: sa.Select, actor: User) -> sa.Select:
    """Limit a select over WageReport to what ``actor`` may see (joins placement, person and household)."""
    query = query.join(Placement, Placement.id == WageReport.placement_id) \
        .join(Person, Person.id == Placement.person_id).outerjoin(Household, Household.id == Person.household_id)
    if actor.role == "admin":
        return query
    if actor.role == "official" and actor.division is not None:
        return query.where(_county().startswith(scope_prefix(actor.division), autoescape=True))
    if actor.role == "employer_staff" and actor.employer_id is not None:
        return query.where(WageReport.employer_id == actor.employer_id)
    raise PermissionDenied()


def _area(actor: User, code: str | None, field_name: str = "division") -> Division | None:
    if code is None:
        return None
    return fields.in_area(actor, fields.tibet_division(code, field_name), field_name)


def _status_filter(status: str):
    if status == "open":
        return WageReport.status.in_(OPEN_STATUSES)
    if status == "all":
        return sa.true()
    return WageReport.status == status


@dataclass
class ArrearsRow:
    """An arrears report with what the lists show beside it."""

    report: WageReport
    person_name: str
    county_code: str | None
    employer_name: str | None

    def __getattr__(self, name):
        return getattr(self.report, name)


def arrears_list(*, actor: User, status: str = "open", employer_id: int | None = None,
                 division: str | None = None, month: date | None = None, page: int = 1,
                 per_page: int = 20) -> Page:
    """Reports of wages owed (open by default; ``paid`` lists arrears since paid), newest month first.
    Employer staff see their employer's, officials those of workers registered in their area, admins all.
    ``employer_id`` gives one employer's list; ``division`` narrows officials and admins to an area."""
    if status not in LIST_STATUSES:
        raise Invalid.field("status", N_("Must be one of: %(choices)s."), choices=", ".join(LIST_STATUSES))
    query = _scoped(sa.select(WageReport, Person.name, _county(), Employer.name), actor) \
        .outerjoin(Employer, Employer.id == WageReport.employer_id) \
        .where(WageReport.amount_owed.is_not(None), _status_filter(status))
    area = _area(actor, division)
    if area is not None:
        query = query.where(_county().startswith(scope_prefix(area), autoescape=True))
    if employer_id is not None:
        query = query.where(WageReport.employer_id == employer_id)
    if month is not None:
        query = query.where(WageReport.month == month)
    query = query.order_by(WageReport.month.desc(), WageReport.id.desc())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=[ArrearsRow(report=r, person_name=name, county_code=county, employer_name=employer)
                       for r, name, county, employer in rows], page=page, per_page=per_page, total=total)


@dataclass
class ArrearsGroup:
    key: str | int | None  # employer id, or a division code
    employer_name: str | None
    division: Division | None
    reports: int
    workers: int
    total_owed: Decimal
    oldest_month: date


@dataclass
class ArrearsSummary:
    by: str
    items: list[ArrearsGroup]
    reports: int
    workers: int
    total_owed: Decimal
    page: int = 1
    per_page: int = 20
    total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def arrears_summary(*, actor: User, by: str = "employer", division: str | None = None, page: int = 1,
                    per_page: int = 20) -> ArrearsSummary:
    """Open arrears of the official's area (admins: all) grouped by employer, prefecture or county of the
    worker's household: how many reports, how many workers, the total owed and the oldest month; the largest
    total first. The totals over every group come with the page."""
    if actor.role not in ("official", "admin"):
        raise PermissionDenied()
    if by not in SUMMARY_BY:
        raise Invalid.field("by", N_("Must be one of: %(choices)s."), choices=", ".join(SUMMARY_BY))
    base = _scoped(sa.select(WageReport.id), actor).where(WageReport.status.in_(OPEN_STATUSES))
    area = _area(actor, division)
    if area is not None:
        base = base.where(_county().startswith(scope_prefix(area), autoescape=True))
    if by == "employer":
        key = WageReport.employer_id
    elif by == "prefecture":
        key = sa.func.substr(_county(), 1, 4, type_=sa.String) + "00"
    else:
        key = _county()
    measures = (sa.func.count(WageReport.id), sa.func.count(sa.distinct(Placement.person_id)),
                sa.func.coalesce(sa.func.sum(WageReport.amount_owed), 0), sa.func.min(WageReport.month))
    grouped = base.with_only_columns(key.label("key"), *measures).group_by(key)
    totals = db.session.execute(base.with_only_columns(*measures[:3])).one()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(grouped.subquery()))
    rows = db.session.execute(grouped.order_by(measures[2].desc(), key).limit(per_page)
                              .offset((page - 1) * per_page)).all()
    keys = [row[0] for row in rows if row[0] is not None]
    names, divisions = {}, {}
    if by == "employer" and keys:
        names = dict(db.session.execute(sa.select(Employer.id, Employer.name).where(Employer.id.in_(keys))).all())
    elif keys:
        divisions = {d.code: d for d in db.session.scalars(sa.select(Division).where(Division.code.in_(keys)))}
    items = [ArrearsGroup(key=k, employer_name=names.get(k), division=divisions.get(k), reports=n, workers=w,
                          total_owed=Decimal(owed), oldest_month=oldest) for k, n, w, owed, oldest in rows]
    return ArrearsSummary(by=by, items=items, reports=totals[0], workers=totals[1], total_owed=Decimal(totals[2]),
                          page=page, per_page=per_page, total=count)
