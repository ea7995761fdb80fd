"""Reading training centres, and who answers for one."""
import sqlalchemy as sa

from labour.accounts.models import User
from labour.centres.models import Centre
from labour.db import db
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.errors import NotFound
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.selectors import valid_id


def official_covers_county(user: User, county_code: str | None) -> bool:
    """Admins everywhere; officials for a county in their subtree."""
    if user.role == "admin":
        return True
    return user.role == "official" and user.division is not None and code_in_scope(user.division, county_code)


def centre_manageable(user: User | None, centre: Centre) -> bool:
    """The centre's own staff, officials over its county, admins."""
    if user is None:
        return False
    if user.role == "centre_staff":
        return user.centre_id == centre.id
    return official_covers_county(user, centre.county_code)


def centre_get(centre_id: int) -> Centre:
    centre = db.session.get(Centre, centre_id) if valid_id(centre_id) else None
    if centre is None:
        raise NotFound(N_("No such training centre."))
    return centre


def centre_get_for(*, user: User | None, centre_id: int) -> Centre:
    """Vetted centres are public; others only for those who manage them."""
    centre = centre_get(centre_id)
    if centre.status != "vetted" and not centre_manageable(user, centre):
        raise NotFound(N_("No such training centre."))
    return centre


def centre_list(*, user: User | None, status: str | None = None, county: str | None = None, page: int = 1,
                per_page: int = 20) -> Page:
    """Everyone sees vetted centres; officials also the pending and rejected ones of their area, admins all,
    centre staff their own."""
    query = sa.select(Centre).order_by(Centre.name, Centre.id)
    role = user.role if user is not None else None
    if role == "official":
        query = query.where(sa.or_(Centre.status == "vetted",
                                   Centre.county_code.startswith(scope_prefix(user.division), autoescape=True)))
    elif role == "centre_staff":
        query = query.where(sa.or_(Centre.status == "vetted", Centre.id == user.centre_id))
    elif role != "admin":
        query = query.where(Centre.status == "vetted")
    if status is not None:
        query = query.where(Centre.status == status)
    if county is not None:
        query = query.where(Centre.county_code == county)
    return paginate(query, page=page, per_page=per_page)
