"""Reading positions: the public list (a couple of indexed queries, no N+1) and one position's detail."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, lazyload, load_only, with_expression

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import TIBET_CODE, Division
from labour.employers.models import Employer
from labour.employers.selectors import employer_manageable
from labour.errors import Invalid, NotFound
from labour.i18n import N_
from labour.occupations.models import Occupation
from labour.pagination import Page, paginate
from labour.positions.models import Position
from labour.wages.models import has_open_arrears

SORTS = ("newest", "wage", "nearest")
PUBLIC_STATUSES = ("open", "filled", "closed")
# What the list shows (the description and requirements stay in the database until the detail is asked for).
LIST_COLUMNS = (Position.id, Position.employer_id, Position.title, Position.kind, Position.occupation_code,
                Position.workplace_code, Position.headcount, Position.filled, Position.wage_min, Position.wage_max,
                Position.housing, Position.meals, Position.deadline, Position.status, Position.created_at,
                Position.aid_partner_id)
TIBET_TIME = timezone(timedelta(hours=8))  # Tibet keeps Beijing time; no daylight saving


def local_today() -> date:
    """Today's date in Tibet, which decides whether a deadline has passed."""
    return datetime.now(TIBET_TIME).date()


def accepting_applications(*, today: date):
    """SQL condition: open, and the deadline (if any) not passed."""
    return sa.and_(Position.status == "open", sa.or_(Position.deadline.is_(None), Position.deadline >= today))


def position_get(position_id: int) -> Position:
    position = db.session.get(Position, position_id)
    if position is None:
        raise NotFound(N_("No such position."))
    return position


def position_visible(user: User | None, position: Position) -> bool:
    """The public sees published positions of vetted employers; the employer's staff and officials in scope
    see the rest too."""
    if position.status != "draft" and position.employer.status == "vetted":
        return True
    return user is not None and employer_manageable(user, position.employer)


@dataclass
class PositionDetail:
    """A position with the occupations its required skills name (one extra query, for the detail view)."""

    position: Position
    skills: list[Occupation]
    employer_has_arrears: bool = False

    @property
    def requirements(self) -> "PositionDetail":
        return self

    def __getattr__(self, name):
        return getattr(self.position, name)


def position_detail(*, user: User | None, position_id: int) -> PositionDetail:
    position = position_get(position_id)
    if not position_visible(user, position):
        raise NotFound(N_("No such position."))
    return with_skills(position)


def with_skills(position: Position) -> PositionDetail:
    """The position with the occupations its required skills name, as the detail view shows them."""
    codes = list(position.required_skills or [])
    found = {o.code: o for o in db.session.scalars(sa.select(Occupation).where(Occupation.code.in_(codes)))} \
        if codes else {}
    arrears = db.session.scalar(sa.select(has_open_arrears(position.employer_id)))  # labour.wages
    return PositionDetail(position=position, skills=[found[c] for c in codes if c in found],
                          employer_has_arrears=bool(arrears))


def position_list(*, user: User | None = None, kind: str | None = None, prefecture: str | None = None,
                  county: str | None = None, occupation: str | None = None, min_wage: Decimal | None = None,
                  outside_tibet: bool | None = None, q: str | None = None, open: bool | None = None,  # noqa: A002
                  employer_id: int | None = None, sort: str = "newest", near: Division | None = None,
                  aid_partner_id: int | None = None, today: date | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Positions, filtered and sorted; ``prefecture``, ``county`` and ``occupation`` are codes.

    By default only positions open for applications at vetted employers. With ``employer_id`` the employer's
    own staff (and officials over it) see all of that employer's positions, drafts included, unless
    ``open=True``. ``open=False`` shows filled and closed ones too, never other employers' drafts.
    ``min_wage`` keeps positions whose range reaches it. ``sort="nearest"`` needs ``near`` (a county).
    """
    today = today or local_today()
    if sort == "nearest" and near is None:
        raise Invalid.field("near", N_("Give a county to sort by distance from."))
    # One query for the page: the list shows the employer's name, the workplace and the occupation.
    query = (
        sa.select(Position)
        .join(Position.employer).join(Position.workplace).join(Position.occupation)
        .options(
            load_only(*LIST_COLUMNS),
            contains_eager(Position.employer).options(load_only(Employer.id, Employer.name, Employer.status),
                                                      lazyload(Employer.division), lazyload(Employer.aid_partner)),
            contains_eager(Position.workplace), contains_eager(Position.occupation),
            # The employer's open wage arrears, in this same query (labour.wages).
            with_expression(Position.employer_has_arrears, has_open_arrears(Position.employer_id)),
        )
    )
    own = False
    if employer_id is not None:
        query = query.where(Position.employer_id == employer_id)
        employer = db.session.get(Employer, employer_id)
        own = user is not None and employer is not None and employer_manageable(user, employer)
    if not own:
        query = query.where(Employer.status == "vetted")
    if open is None:
        open = not own  # noqa: A001
    if open:
        query = query.where(accepting_applications(today=today))
    elif not own:
        query = query.where(Position.status.in_(PUBLIC_STATUSES))
    if kind is not None:
        query = query.where(Position.kind == kind)
    if prefecture is not None:
        query = query.where(Division.parent_code == prefecture)
    if county is not None:
        query = query.where(Position.workplace_code == county)
    if occupation is not None:
        query = query.where(Position.occupation_code == occupation)
    if aid_partner_id is not None:
        query = query.where(Position.aid_partner_id == aid_partner_id)
    if min_wage is not None:
        query = query.where(Position.wage_max >= min_wage)
    if outside_tibet is not None:
        in_tibet = Position.workplace_code.startswith(TIBET_CODE[:2])
        query = query.where(~in_tibet if outside_tibet else in_tibet)
    if q:
        query = query.where(sa.or_(
            Position.title.icontains(q, autoescape=True),
            Employer.name.icontains(q, autoescape=True),
            Occupation.name_zh.icontains(q, autoescape=True),
            Occupation.name_en.icontains(q, autoescape=True),
            Occupation.name_bo.icontains(q, autoescape=True),
        ))
    newest = (Position.created_at.desc(), Position.id.desc())
    if sort == "wage":
        query = query.order_by(Position.wage_max.desc(), Position.wage_min.desc(), *newest)
    elif sort == "nearest":
        # The tiers of divisions.selectors.distance_tier, computed by the database.
        whens = [(Position.workplace_code == near.code, 0)]
        if near.in_tibet:
            in_tibet = Position.workplace_code.startswith(TIBET_CODE[:2])
            whens += [(sa.and_(in_tibet, Division.parent_code == near.prefecture_code), 1), (in_tibet, 2)]
        query = query.order_by(sa.case(*whens, else_=3), *newest)
    else:
        query = query.order_by(*newest)
    return paginate(query, page=page, per_page=per_page)
