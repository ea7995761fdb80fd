"""Reading applications: the worker's own, and a position's candidates for its employer and officials."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from labour.accounts.models import User
from labour.applications.models import Application
from labour.db import db
from labour.employers.selectors import employer_manageable
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.models import Person
from labour.positions.models import Position


def application_list_for_position(*, actor: User, position_id: int, status: str | None = None, page: int = 1,
                                  per_page: int = 20) -> Page:
    """A position's applications, oldest first, for the employer's staff and officials over the employer.

    What of the candidate may be shown is the caller's business (employers never see ID numbers or household
    status); this only decides who may look.
    """
    position = db.session.get(Position, position_id)
    if position is None or not employer_manageable(actor, position.employer):
        raise NotFound(N_("No such position."))
    query = (
        sa.select(Application).where(Application.position_id == position_id)
        .options(selectinload(Application.person).selectinload(Person.skills))
        .order_by(Application.created_at, Application.id)
    )
    if status is not None:
        query = query.where(Application.status == status)
    return paginate(query, page=page, per_page=per_page)


def my_applications(*, actor: User, status: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    """The worker's own applications, most recently changed first."""
    if actor.role != "worker":
        raise PermissionDenied()
    query = (
        sa.select(Application).where(Application.person_id == actor.person_id)
        .order_by(Application.updated_at.desc(), Application.id.desc())
    )
    if status is not None:
        query = query.where(Application.status == status)
    return paginate(query, page=page, per_page=per_page)
