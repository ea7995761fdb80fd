"""Reading posts, holders, duties, appraisals and payments: officials see their area's, admins all, a holder
their own. Anything outside the reader's area is *not found*."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from labour.accounts.models import User
from labour import fields
from labour.db import db
from labour.divisions.selectors import scope_prefix
from labour.ecoposts.models import EcoAppraisal, EcoAssignment, EcoDuty, EcoPayment, EcoPost
from labour.ecoposts.services import current_assignment, post_manageable
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.selectors import valid_id

MY_DUTIES = 20
MY_PAYMENTS = 24


def _staff(user: User) -> None:
    if user.role not in ("official", "admin"):
        raise PermissionDenied()


def _area(user: User, division: str | None):
    """Conditions on ``EcoPost.division_code`` for the reader's area and the optional ``division`` filter."""
    _staff(user)
    conditions = []
    if user.role == "official":
        conditions.append(EcoPost.division_code.startswith(scope_prefix(user.division), autoescape=True))
    if division is not None:
        area = fields.in_area(user, fields.tibet_division(division, "division"), "division")
        conditions.append(EcoPost.division_code.startswith(scope_prefix(area), autoescape=True))
    return conditions


def post_get(*, user: User, post_id: int) -> EcoPost:
    _staff(user)
    post = db.session.get(EcoPost, post_id) if valid_id(post_id) else None
    if post is None or not post_manageable(user, post):
        raise NotFound(N_("No such ecological-protection post."))
    return post


def post_list(*, user: User, post_type: str | None = None, division: str | None = None, vacant: bool | None = None,
              page: int = 1, per_page: int = 20) -> Page:
    """Posts of the reader's area, by county and id."""
    query = sa.select(EcoPost).where(*_area(user, division))
    if post_type is not None:
        query = query.where(EcoPost.post_type == post_type)
    if vacant is not None:
        held = sa.exists().where(EcoAssignment.post_id == EcoPost.id, EcoAssignment.end_date.is_(None))
        query = query.where(sa.not_(held) if vacant else held)
    return paginate(query.order_by(EcoPost.division_code, EcoPost.id), page=page, per_page=per_page)


def assignment_get(*, user: User, assignment_id: int) -> EcoAssignment:
    _staff(user)
    assignment = db.session.get(EcoAssignment, assignment_id) if valid_id(assignment_id) else None
    if assignment is None or not post_manageable(user, assignment.post):
        raise NotFound(N_("No such post assignment."))
    return assignment


def post_assignments(*, user: User, post_id: int) -> list[EcoAssignment]:
    """Every holder the post has had, the current one first, then the latest."""
    post = post_get(user=user, post_id=post_id)
    return list(db.session.scalars(sa.select(EcoAssignment).where(EcoAssignment.post_id == post.id).order_by(
        EcoAssignment.end_date.is_(None).desc(), EcoAssignment.start_date.desc(), EcoAssignment.id.desc())))


def duty_list(*, user: User, assignment_id: int, page: int = 1, per_page: int = 20) -> Page:
    assignment = assignment_get(user=user, assignment_id=assignment_id)
    query = sa.select(EcoDuty).where(EcoDuty.assignment_id == assignment.id)
    return paginate(query.order_by(EcoDuty.duty_date.desc(), EcoDuty.id.desc()), page=page, per_page=per_page)


def appraisal_list(*, user: User, assignment_id: int) -> list[EcoAppraisal]:
    assignment = assignment_get(user=user, assignment_id=assignment_id)
    return list(db.session.scalars(sa.select(EcoAppraisal).where(EcoAppraisal.assignment_id == assignment.id)
                                   .order_by(EcoAppraisal.period.desc())))


def payment_list(*, user: User, status: str | None = None, period: str | None = None, division: str | None = None,
                 assignment_id: int | None = None, page: int = 1, per_page: int = 20) -> Page:
    """The payments ledger of the reader's area, latest period first."""
    query = sa.select(EcoPayment).join(EcoAssignment, EcoAssignment.id == EcoPayment.assignment_id) \
        .join(EcoPost, EcoPost.id == EcoAssignment.post_id).where(*_area(user, division))
    if status is not None:
        query = query.where(EcoPayment.status == status)
    if period is not None:
        query = query.where(EcoPayment.period == period)
    if assignment_id is not None:
        query = query.where(EcoPayment.assignment_id == assignment_id)
    return paginate(query.order_by(EcoPayment.period.desc(), EcoPayment.id.desc()), page=page, per_page=per_page)


@dataclass
class MyEcoPost:
    """What the holder sees: the current assignment (if any), its latest duties, and all their payments."""

    assignment: EcoAssignment | None
    duties: list = field(default_factory=list)
    payments: list = field(default_factory=list)


def my_eco_post(*, user: User) -> MyEcoPost:
    assignment = current_assignment(user)
    duties = [] if assignment is None else list(db.session.scalars(
        sa.select(EcoDuty).where(EcoDuty.assignment_id == assignment.id)
        .order_by(EcoDuty.duty_date.desc(), EcoDuty.id.desc()).limit(MY_DUTIES)))
    payments = [] if user.person_id is None else list(db.session.scalars(
        sa.select(EcoPayment).join(EcoAssignment, EcoAssignment.id == EcoPayment.assignment_id)
        .where(EcoAssignment.person_id == user.person_id)
        .order_by(EcoPayment.period.desc(), EcoPayment.id.desc()).limit(MY_PAYMENTS)))
    return MyEcoPost(assignment=assignment, duties=duties, payments=payments)
