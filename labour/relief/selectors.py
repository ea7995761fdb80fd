"""Reading work-for-relief projects: compliance with the remuneration floor, the projection for running
projects, the flagged list of an area, the local-hire share, the labour demand and the fleets."""
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.idnumber import mask_phone
from labour.people.models import Household, Person
from labour.positions.models import Position
from labour.positions.selectors import local_today
from labour.relief.models import ReliefFleet, ReliefProject, ReliefRemuneration
from labour.relief.services import is_contractor, project_manageable, project_readable
from labour.runtime import runtime

COMPLIANCE = """\
**Remuneration floor (以工代赈劳务报酬占比).** The labour remuneration paid on a project (the sum of its ledger,
every worker and month, corrections applied) must reach a share of its central funds: the setting
`RELIEF_REMUNERATION_SHARE` (default 0.15). The required amount is central funds × share, rounded *up* to the
fen; a project complies when the remuneration paid is at least that amount (exactly 15% passes, one fen less
fails). The shortfall is what is missing (0 when it complies).

**Projection.** For a running project: remuneration paid so far ÷ months elapsed × planned months, rounded
*down* to the fen, checked against the same required amount. Planned months run from the start month to the
planned end month, both included; months elapsed from the start month to the current month (Tibet time), both
included, at most the planned months (an overrunning project projects what it has paid). None before the
start month.

**Flagged.** A finished project whose remuneration falls short, or a running project whose projection does.
Planned projects are never flagged. The flagged list of an area holds the flagged projects of the counties in
it, largest shortfall first."""

LOCAL_HIRE = """\
**Local-hire share.** Among the persons paid on the project (ledger total above 0), the share whose household
is registered in the project's county, and, when the project names townships or villages, whose household's
township or village is one of them. Percent, one decimal; none when nobody was paid. Households as recorded
now."""

FEN = Decimal("0.01")


def months_between(first: date, last: date) -> int:
    """Months from ``first`` to ``last``, both included (0 when ``last`` is before ``first``)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


@dataclass
class Compliance:
    share: Decimal
    required: Decimal
    paid: Decimal
    planned_months: int
    months_elapsed: int | None
    projected: Decimal | None
    status: str

    @property
    def compliant(self) -> bool:
        return self.paid >= self.required

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal("0.00"), self.required - self.paid)

    @property
    def projected_compliant(self) -> bool | None:
        return None if self.projected is None else self.projected >= self.required

    @property
    def projected_shortfall(self) -> Decimal | None:
        return None if self.projected is None else max(Decimal("0.00"), self.required - self.projected)

    @property
    def flagged(self) -> bool:
        if self.status == "finished":
            return not self.compliant
        if self.status == "running":
            return self.projected_compliant is False
        return False

    @property
    def flag_shortfall(self) -> Decimal | None:
        """The shortfall that flags the project: the projected one while running, the actual one when finished."""
        if not self.flagged:
            return None
        return self.projected_shortfall if self.status == "running" else self.shortfall


def compliance_of(project: ReliefProject, paid: Decimal, *, today: date) -> Compliance:
    share = runtime().relief_remuneration_share
    required = (project.fund_central * share).quantize(FEN, rounding=ROUND_CEILING)
    paid = Decimal(paid or 0).quantize(FEN)
    planned = months_between(project.start_month, project.planned_end_month)
    elapsed = projected = None
    if project.status == "running":
        elapsed = min(months_between(project.start_month, today.replace(day=1)), planned)
        if elapsed:
            projected = (paid * planned / elapsed).quantize(FEN, rounding=ROUND_FLOOR)
    return Compliance(share=share, required=required, paid=paid, planned_months=planned, months_elapsed=elapsed,
                      projected=projected, status=project.status)


def paid_by_project(project_ids: list[int]) -> dict[int, Decimal]:
    if not project_ids:
        return {}
    return dict(db.session.execute(
        sa.select(ReliefRemuneration.project_id, sa.func.sum(ReliefRemuneration.amount))
        .where(ReliefRemuneration.project_id.in_(project_ids)).group_by(ReliefRemuneration.project_id)).all())


@dataclass
class LocalHire:
    workers: int = 0
    local: int = 0

    @property
    def share_pct(self) -> float | None:
        return round(100 * self.local / self.workers, 1) if self.workers else None


def local_hire_of(project: ReliefProject) -> LocalHire:
    paid = sa.func.sum(ReliefRemuneration.amount)
    rows = db.session.execute(
        sa.select(ReliefRemuneration.person_id, Household.registered_county_code, Household.township,
                  Household.village)
        .join(Person, Person.id == ReliefRemuneration.person_id)
        .outerjoin(Household, Household.id == Person.household_id)
        .where(ReliefRemuneration.project_id == project.id)
        .group_by(ReliefRemuneration.person_id, Household.registered_county_code, Household.township,
                  Household.village)
        .having(paid > 0)).all()
    places = project.townships or project.villages
    result = LocalHire(workers=len(rows))
    for _person, county, township, village in rows:
        if county != project.county_code:
            continue
        if places and not ((township or "").strip() in project.townships
                           or (village or "").strip() in project.villages):
            continue
        result.local += 1
    return result


@dataclass
class Demand:
    positions: list = field(default_factory=list)

    @property
    def headcount(self) -> int:
        return sum(p.headcount for p in self.positions)

    @property
    def filled(self) -> int:
        return sum(p.filled for p in self.positions)


def demand_of(project: ReliefProject) -> Demand:
    return Demand(positions=list(db.session.scalars(
        sa.select(Position).where(Position.relief_project_id == project.id).order_by(Position.id))))


@dataclass
class ProjectView:
    """A project with its figures (what the API shows)."""

    project: ReliefProject
    compliance: Compliance
    local_hire: LocalHire | None = None
    demand: Demand | None = None

    def __getattr__(self, name):
        return getattr(self.project, name)


def _readable(user: User, project_id: int) -> ReliefProject:
    if user.role not in ("official", "admin", "employer_staff"):
        raise PermissionDenied()
    project = db.session.get(ReliefProject, project_id)
    if project is None or not project_readable(user, project):
        raise NotFound(N_("No such work-for-relief project."))
    return project


def project_detail(*, user: User, project_id: int, today: date | None = None) -> ProjectView:
    project = _readable(user, project_id)
    paid = paid_by_project([project.id]).get(project.id, Decimal("0"))
    return ProjectView(project=project, compliance=compliance_of(project, paid, today=today or local_today()),
                       local_hire=local_hire_of(project), demand=demand_of(project))


def _visible(user: User) -> sa.ColumnElement:
    if user.role == "admin":
        return sa.true()
    if user.role == "official" and user.division is not None:
        return ReliefProject.county_code.startswith(scope_prefix(user.division), autoescape=True)
    if user.role == "employer_staff" and user.employer_id is not None:
        return ReliefProject.contractor_id == user.employer_id
    raise PermissionDenied()


def project_list(*, user: User, status: str | None = None, division: Division | None = None, page: int = 1,
                 per_page: int = 20, today: date | None = None) -> Page:
    """The projects a user may read (officials: their area; contractors: theirs; admins: all), newest first."""
    query = sa.select(ReliefProject).where(_visible(user))
    if status is not None:
        query = query.where(ReliefProject.status == status)
    if division is not None:
        query = query.where(ReliefProject.county_code.startswith(scope_prefix(division), autoescape=True))
    page_ = paginate(query.order_by(ReliefProject.created_at.desc(), ReliefProject.id.desc()), page=page,
                     per_page=per_page)
    paid = paid_by_project([p.id for p in page_.items])
    today = today or local_today()
    page_.items = [ProjectView(project=p, compliance=compliance_of(p, paid.get(p.id, Decimal("0")), today=today))
                   for p in page_.items]
    return page_


def flagged_list(*, division: Division, page: int = 1, per_page: int = 20, today: date | None = None) -> Page:
    """The flagged projects of the counties in ``division`` (see ``COMPLIANCE``), largest shortfall first.
    The caller has checked that the reader may see ``division``."""
    projects = list(db.session.scalars(sa.select(ReliefProject).where(
        ReliefProject.status.in_(("running", "finished")),
        ReliefProject.county_code.startswith(scope_prefix(division), autoescape=True))))
    paid = paid_by_project([p.id for p in projects])
    today = today or local_today()
    views = [ProjectView(project=p, compliance=compliance_of(p, paid.get(p.id, Decimal("0")), today=today))
             for p in projects]
    flagged = sorted((v for v in views if v.compliance.flagged),
                     key=lambda v: (-v.compliance.flag_shortfall, v.project.id))
    start = (page - 1) * per_page
    return Page(items=flagged[start:start + per_page], page=page, per_page=per_page, total=len(flagged))


def remuneration_list(*, user: User, project_id: int, month: date | None = None, page: int = 1,
                      per_page: int = 20) -> Page:
    """The ledger of a project, latest month first, then by person."""
    project = _readable(user, project_id)
    query = sa.select(ReliefRemuneration).where(ReliefRemuneration.project_id == project.id)
    if month is not None:
        query = query.where(ReliefRemuneration.month == month)
    return paginate(query.order_by(ReliefRemuneration.month.desc(), ReliefRemuneration.person_id), page=page,
                    per_page=per_page)


@dataclass
class FleetView:
    fleet: ReliefFleet
    phone: str | None
    local: bool

    def __getattr__(self, name):
        return getattr(self.fleet, name)


def fleet_view(user: User, project: ReliefProject, fleet: ReliefFleet) -> FleetView:
    """The phone in clear only for the project's officials; masked for its contractor and admins."""
    phone = fleet.phone if project_manageable(user, project) else mask_phone(fleet.phone)
    return FleetView(fleet=fleet, phone=phone, local=fleet.county_code == project.county_code)


def fleet_detail(*, user: User, fleet: ReliefFleet) -> FleetView:
    return fleet_view(user, _readable(user, fleet.project_id), fleet)


def fleet_list(*, user: User, project_id: int, page: int = 1, per_page: int = 20) -> Page:
    project = _readable(user, project_id)
    page_ = paginate(sa.select(ReliefFleet).where(ReliefFleet.project_id == project.id).order_by(ReliefFleet.id),
                     page=page, per_page=per_page)
    page_.items = [fleet_view(user, project, f) for f in page_.items]
    return page_


__all__ = ["COMPLIANCE", "LOCAL_HIRE", "project_detail", "project_list", "flagged_list", "remuneration_list",
           "fleet_list", "fleet_detail", "fleet_view", "is_contractor"]
