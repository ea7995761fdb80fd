"""Reading placements, through the official's scope (the placement's registered county)."""
import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.errors import Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.placements.models import Placement


def placement_list(*, user: User, county: str | None = None, person_id: int | None = None,
                   channel: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Placements of persons registered in the reader's area (officials: their subtree; admins: all), newest first."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    query = sa.select(Placement)
    if user.role == "official":
        query = query.where(Placement.registered_county_code.startswith(scope_prefix(user.division),
                                                                        autoescape=True))
    if county is not None:
        division = db.session.get(Division, county)
        if division is None or division.level != "county":
            raise Invalid.field("county", N_("Choose a county in Tibet."))
        if user.role == "official" and not code_in_scope(user.division, county):
            raise PermissionDenied(N_("That division is outside your area."))
        query = query.where(Placement.registered_county_code == county)
    if person_id is not None:
        query = query.where(Placement.person_id == person_id)
    if channel is not None:
        query = query.where(Placement.channel == channel)
    return paginate(query.order_by(Placement.start_date.desc(), Placement.id.desc()), page=page, per_page=per_page)


def placement_get(*, user: User, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or not (user.role == "admin" or (
            user.role == "official" and code_in_scope(user.division, placement.registered_county_code))):
        raise NotFound(N_("No such placement."))
    return placement
