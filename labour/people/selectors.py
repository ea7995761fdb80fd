"""Reading persons and households, always through the reader's scope.

A person or household outside the reader's area is reported as *not found*, never as forbidden: record ids
are sequential, so a 403 would confirm that the id exists and let anyone count the people of other counties.
A role that may not use an endpoint at all gets 403 from the API before any record is looked up.
"""
from datetime import date

import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.errors import Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.occupations.models import Occupation
from labour.pagination import Page, paginate
from labour.people import idnumber
from labour.people.models import SCHOOL_LEAVER_LEVELS, Household, Person
from labour.runtime import runtime


def valid_id(value) -> bool:
    """A possible primary key (URL converters accept integers the database column cannot hold)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def person_in_scope(user: User, person: Person) -> bool:
    """Workers reach their own person, officials the persons of their subtree, admins everyone."""
    if user.role == "admin":
        return True
    if user.role == "worker":
        return user.person_id is not None and user.person_id == person.id
    if user.role == "official":
        return code_in_scope(user.division, person.registered_county_code)
    return False


def household_in_scope(user: User, household: Household) -> bool:
    if user.role == "admin":
        return True
    if user.role == "official":
        return code_in_scope(user.division, household.registered_county_code)
    return False


def person_get(*, user: User, person_id: int) -> Person:
    person = db.session.get(Person, person_id) if valid_id(person_id) else None
    if person is None or not person_in_scope(user, person):
        raise NotFound(N_("No such person."))
    return person


def profile_get(*, user: User) -> Person:
    """The worker's own person."""
    if user.role != "worker":
        raise PermissionDenied()
    if user.person_id is None:
        raise NotFound(N_("No such person."))
    return person_get(user=user, person_id=user.person_id)


def household_get(*, user: User, household_id: int) -> Household:
    household = db.session.get(Household, household_id) if valid_id(household_id) else None
    if household is None or not household_in_scope(user, household):
        raise NotFound(N_("No such household."))
    return household


def _staff_scope(user: User, column, county: str | None):
    """Conditions limiting ``column`` (a county code) to the reader's area and the optional county filter."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    conditions = []
    if user.role == "official":
        conditions.append(column.startswith(scope_prefix(user.division), autoescape=True))
    if county is not None:
        division = db.session.get(Division, county)
        if division is None or division.level != "county":
            raise Invalid.field("county", N_("Choose a county in Tibet."))
        if user.role == "official" and not code_in_scope(user.division, county):
            raise PermissionDenied(N_("That division is outside your area."))
        conditions.append(column == county)
    return conditions


def school_leaver_clause():
    """SQL for ``Person.is_school_leaver`` (no NULLs, so that its negation is exact)."""
    return sa.and_(sa.func.coalesce(Person.education, "").in_(SCHOOL_LEAVER_LEVELS), Person.in_study.is_(False))


def _name_like(q: str):
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Person.name.ilike(f"%{escaped}%", escape="\\")


def person_list(*, user: User, county: str | None = None, status: str | None = None,
                school_leaver: bool | None = None, q: str | None = None, page: int = 1,
                per_page: int = 20) -> Page:
    """Persons of the reader's area (officials: their subtree; admins: everyone), newest last."""
    query = sa.select(Person).outerjoin(Person.household)
    if user.role == "official" or county is not None or status is not None:
        query = sa.select(Person).join(Person.household)
    query = query.where(*_staff_scope(user, Household.registered_county_code, county))
    if status is not None:
        query = query.where(Household.status == status)
    if school_leaver is not None:
        query = query.where(school_leaver_clause() if school_leaver else sa.not_(school_leaver_clause()))
    if q:
        query = query.where(_name_like(q))
    return paginate(query.order_by(Person.id), page=page, per_page=per_page)


def household_list(*, user: User, county: str | None = None, status: str | None = None, page: int = 1,
                   per_page: int = 20) -> Page:
    query = sa.select(Household).where(*_staff_scope(user, Household.registered_county_code, county))
    if status is not None:
        query = query.where(Household.status == status)
    return paginate(query.order_by(Household.id), page=page, per_page=per_page)


def household_members(household: Household) -> list[Person]:
    return list(db.session.scalars(sa.select(Person).where(Person.household_id == household.id)
                                   .order_by(Person.id)))


def person_find_by_id_number(number: str) -> Person | None:
    """The person holding this ID number (any case of x), found through the blind index without decrypting."""
    if not isinstance(number, str) or not number.strip():
        return None
    index = runtime().cipher.blind_index(idnumber.normalise(number))
    return db.session.scalar(sa.select(Person).where(Person.id_number_index == index))


def occupation_get(code: str) -> Occupation | None:
    """An occupation by code (from the session's identity map after the first read)."""
    return db.session.get(Occupation, code)


def division_of(code: str | None) -> Division | None:
    return db.session.get(Division, code) if code else None


def age(person: Person, today: date | None = None) -> int | None:
    return person.age_on(today or idnumber.local_today())
