"""Reading drives and their live fill rate (no personal data: counts per county only)."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from labour.accounts.models import User
from labour.applications.models import Application
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.drives.models import Drive, DrivePosition
from labour.drives.services import drive_manageable
from labour.errors import NotFound
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.models import Household, Person

FILL_RATE = """\
**Fill rate of a drive.** For each county with a quota: the persons hired (an application in the *hired*
state) into any of the drive's positions whose household is registered in that county, against the county's
quota, as a percentage (one decimal; it may pass 100). A person hired into two of the drive's positions counts
once. Overall: the hires from counties with a quota against the sum of the quotas; hires from other counties
are shown apart (`hired_elsewhere`) and do not fill any quota."""


@dataclass
class CountyFill:
    county: Division
    quota: int
    hired: int

    @property
    def fill_pct(self) -> float:
        return round(100 * self.hired / self.quota, 1)


@dataclass
class DriveFill:
    counties: list[CountyFill] = field(default_factory=list)
    hired_elsewhere: int = 0

    @property
    def quota(self) -> int:
        return sum(c.quota for c in self.counties)

    @property
    def hired(self) -> int:
        return sum(c.hired for c in self.counties)

    @property
    def fill_pct(self) -> float | None:
        return round(100 * self.hired / self.quota, 1) if self.quota else None


@dataclass
class DriveView:
    """A drive with its fill rate (what the API shows)."""

    drive: Drive
    fill: DriveFill

    def __getattr__(self, name):
        return getattr(self.drive, name)


def hires_by_county(drive_ids: list[int]) -> dict[int, dict[str | None, int]]:
    """{drive_id: {household county: persons hired}} in one grouped query."""
    if not drive_ids:
        return {}
    rows = db.session.execute(
        sa.select(DrivePosition.drive_id, Household.registered_county_code,
                  sa.func.count(sa.distinct(Application.person_id)))
        .join(Application, Application.position_id == DrivePosition.position_id)
        .join(Person, Person.id == Application.person_id)
        .outerjoin(Household, Household.id == Person.household_id)
        .where(DrivePosition.drive_id.in_(drive_ids), Application.status == "hired")
        .group_by(DrivePosition.drive_id, Household.registered_county_code)
    ).all()
    result: dict[int, dict[str | None, int]] = {}
    for drive_id, county, n in rows:
        result.setdefault(drive_id, {})[county] = n
    return result


def _fill(drive: Drive, hires: dict[str | None, int]) -> DriveFill:
    fill = DriveFill(counties=[CountyFill(county=q.county, quota=q.quota, hired=hires.get(q.county_code, 0))
                               for q in drive.quotas])
    quota_counties = {q.county_code for q in drive.quotas}
    fill.hired_elsewhere = sum(n for county, n in hires.items() if county not in quota_counties)
    return fill


def drive_visible(user: User | None, drive: Drive) -> bool:
    """Open and closed drives are public; drafts only for those who manage them."""
    return drive.status != "draft" or drive_manageable(user, drive)


def drive_detail(*, user: User | None, drive_id: int) -> DriveView:
    drive = db.session.get(Drive, drive_id)
    if drive is None or not drive_visible(user, drive):
        raise NotFound(N_("No such drive."))
    return DriveView(drive=drive, fill=_fill(drive, hires_by_county([drive.id]).get(drive.id, {})))


def drive_list(*, user: User | None, status: str | None = None, aid_partner_id: int | None = None,
               division: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Open drives for everyone; officials also see every drive of their area, admins all. Newest first.
    ``division``: drives recruiting in that division's subtree (or in an area that holds it)."""
    query = sa.select(Drive)
    if user is not None and user.role == "admin":
        pass
    elif user is not None and user.role == "official" and user.division is not None:
        query = query.where(sa.or_(Drive.status == "open",
                                   Drive.division_code.startswith(scope_prefix(user.division), autoescape=True)))
    else:
        query = query.where(Drive.status == "open")
    if status is not None:
        query = query.where(Drive.status == status)
    if aid_partner_id is not None:
        query = query.where(Drive.aid_partner_id == aid_partner_id)
    if division is not None:
        area = db.session.get(Division, division)
        prefix = scope_prefix(area)
        # The drive's area lies inside the division, or holds it (a region-wide drive recruits in every county).
        query = query.where(sa.or_(Drive.division_code.startswith(prefix, autoescape=True),
                                   sa.literal(area.code).startswith(
                                       sa.func.substr(Drive.division_code, 1, _prefix_len()))))
    page_ = paginate(query.order_by(Drive.created_at.desc(), Drive.id.desc()), page=page, per_page=per_page)
    hires = hires_by_county([d.id for d in page_.items])
    page_.items = [DriveView(drive=d, fill=_fill(d, hires.get(d.id, {}))) for d in page_.items]
    return page_


def _prefix_len():
    """SQL: how many leading digits of ``Drive.division_code`` its subtree shares (GB/T 2260)."""
    return sa.case((Drive.division_code.like("__0000"), 2), (Drive.division_code.like("____00"), 4), else_=6)
