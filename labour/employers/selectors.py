"""Reading employers, and who may see or manage one."""
import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import TIBET_CODE
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.employers.models import Employer
from labour.errors import NotFound
from labour.i18n import N_
from labour.pagination import Page, paginate


def official_covers(official: User, division_code: str) -> bool:
    """Whether an official (or admin) answers for an employer registered in ``division_code``.

    Employers registered in a province outside Tibet belong to the region (aid-Tibet partners).
    """
    if official.role == "admin":
        return True
    if official.role != "official" or official.division is None:
        return False
    if not division_code.startswith(TIBET_CODE[:2]):
        return official.division.level == "region"
    return code_in_scope(official.division, division_code)


def employer_manageable(actor: User, employer: Employer) -> bool:
    """Admins, officials whose area holds the employer, and the employer's own staff."""
    if actor.role == "employer_staff":
        return actor.employer_id == employer.id
    return official_covers(actor, employer.division_code)


def employer_get(employer_id: int) -> Employer:
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(N_("No such employer."))
    return employer


def employer_get_for(*, actor: User, employer_id: int) -> Employer:
    """An employer the actor may see; one outside their reach is reported as not found."""
    employer = employer_get(employer_id)
    if not employer_manageable(actor, employer):
        raise NotFound(N_("No such employer."))
    return employer


def employer_list(*, actor: User, status: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Admins see every employer, officials those of their area (region officials also outside Tibet)."""
    query = sa.select(Employer).order_by(Employer.created_at.desc(), Employer.id.desc())
    if actor.role == "official":
        if actor.division.level != "region":  # the region also answers for employers outside Tibet
            query = query.where(Employer.division_code.startswith(scope_prefix(actor.division), autoescape=True))
    elif actor.role != "admin":
        query = query.where(Employer.id == actor.employer_id) if actor.employer_id else query.where(sa.false())
    if status is not None:
        query = query.where(Employer.status == status)
    return paginate(query, page=page, per_page=per_page)
