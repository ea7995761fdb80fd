"""Reading cohorts: the public list workers browse, one cohort's detail, and who may manage or see one."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from labour.accounts.models import User
from labour.centres.models import Centre
from labour.centres.selectors import official_covers_county
from labour.applications.models import Application
from labour.cohorts.models import ACTIVE_STATUSES, Cohort, Reservation
from labour.enrolments.models import Enrolment
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.selectors import valid_id

PUBLIC_STATUSES = ("open", "running", "completed")
SORTS = ("starting", "newest")


def reserved_places(position_id):
    """SQL: the places of a position reserved by order-based cohorts that have not completed yet."""
    return (sa.select(sa.func.coalesce(sa.func.sum(Reservation.places), 0))
            .join(Cohort, Cohort.id == Reservation.cohort_id)
            .where(Reservation.position_id == position_id, Cohort.status.in_(ACTIVE_STATUSES))
            .scalar_subquery())


def held_for_training(position_id):
    """SQL: the places of a position held for order-based trainees, which nobody else may be hired into.

    While the cohort has not completed, every place it reserved; once it has, the offers made to its
    graduates that are still outstanding (a graduate's offer is honoured like any other)."""
    offered = (sa.select(sa.func.count()).select_from(Application)
               .join(Enrolment, Enrolment.application_id == Application.id)
               .where(Application.position_id == position_id, Application.status == "offered"))
    return reserved_places(position_id) + offered.scalar_subquery()


def graduate_offer(application_id) -> sa.Exists:
    """SQL: the application is the offer of a reserved place made to an order-based graduate."""
    return sa.exists().where(Enrolment.application_id == application_id)


def cohort_manageable(user: User | None, cohort: Cohort) -> bool:
    """The centre's staff, officials over the county where the cohort is held, admins."""
    if user is None:
        return False
    if user.role == "centre_staff":
        return user.centre_id == cohort.centre_id
    return official_covers_county(user, cohort.county_code)


def cohort_visible(user: User | None, cohort: Cohort) -> bool:
    """Published cohorts of vetted centres for everyone; planned ones for those who manage them and for the
    employer the cohort trains for."""
    if cohort.status in PUBLIC_STATUSES + ("cancelled",) and cohort.centre.status == "vetted":
        return True
    if user is not None and user.role == "employer_staff" and cohort.employer_id is not None:
        return user.employer_id == cohort.employer_id
    return cohort_manageable(user, cohort)


def cohort_get(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id) if valid_id(cohort_id) else None
    if cohort is None:
        raise NotFound(N_("No such cohort."))
    return cohort


def cohort_get_for(*, user: User | None, cohort_id: int) -> Cohort:
    cohort = cohort_get(cohort_id)
    if not cohort_visible(user, cohort):
        raise NotFound(N_("No such cohort."))
    return cohort


def cohort_for_staff(*, user: User, cohort_id: int) -> Cohort:
    """A cohort the user manages; 404 if they cannot see it at all, 403 if they only see it."""
    cohort = cohort_get_for(user=user, cohort_id=cohort_id)
    if not cohort_manageable(user, cohort):
        raise PermissionDenied()
    return cohort


def cohort_list(*, user: User | None = None, mode: str | None = None, occupation: str | None = None,
                prefecture: str | None = None, county: str | None = None, language: str | None = None,
                centre_id: int | None = None, status: str | None = None, q: str | None = None,
                sort: str = "starting", today: date | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Cohorts open for enrolment at vetted centres, soonest start first.

    With ``status`` other published statuses; a centre's staff (``centre_id`` of their own centre) and
    officials over the area also see planned ones.
    """
    query = (
        sa.select(Cohort).join(Cohort.centre).join(Cohort.county)
        .options(contains_eager(Cohort.centre), contains_eager(Cohort.county))
    )
    staff_view = user is not None and (
        (user.role == "centre_staff" and centre_id is not None and user.centre_id == centre_id)
        or user.role in ("official", "admin"))
    if not staff_view:
        query = query.where(Centre.status == "vetted")
        query = query.where(Cohort.status == (status or "open"))
        if (status or "open") not in PUBLIC_STATUSES:
            query = query.where(sa.false())
    else:
        if user.role == "official":
            query = query.where(sa.or_(
                Cohort.county_code.startswith(scope_prefix(user.division), autoescape=True),
                sa.and_(Centre.status == "vetted", Cohort.status.in_(PUBLIC_STATUSES))))
        if status is not None:
            query = query.where(Cohort.status == status)
    if mode is not None:
        query = query.where(Cohort.mode == mode)
    if occupation is not None:
        query = query.where(Cohort.occupation_code == occupation)
    if prefecture is not None:
        query = query.where(Division.parent_code == prefecture)
    if county is not None:
        query = query.where(Cohort.county_code == county)
    if language is not None:
        query = query.where(Cohort.language == language)
    if centre_id is not None:
        query = query.where(Cohort.centre_id == centre_id)
    if q:
        query = query.where(sa.or_(Cohort.title.icontains(q, autoescape=True),
                                   Centre.name.icontains(q, autoescape=True)))
    if sort == "newest":
        query = query.order_by(Cohort.created_at.desc(), Cohort.id.desc())
    else:
        query = query.order_by(Cohort.start_date, Cohort.id)
    return paginate(query, page=page, per_page=per_page)


def official_area_clause(user: User, column):
    """SQL condition: ``column`` (a county code) lies in the official's subtree."""
    return column.startswith(scope_prefix(user.division), autoescape=True)
