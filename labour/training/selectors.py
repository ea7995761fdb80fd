"""Funnel figures: enrolled → completed → certified → placed → retained at 6 months, per cohort, centre, mode
or prefecture, in one aggregate query.

Each stage is a subset of the one before: *enrolled* are confirmed trainees; *completed* attended enough
sessions; *certified* also passed and got the certificate; *placed* are certified graduates with a job that
started after the course began (or, on-the-job, the job they trained in); *retained* are placed graduates still
employed at the 6-month check-in (or a later one). Counts are enrolments (a person in two cohorts counts
twice); ``households_stabilised`` counts distinct households of the retained.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from labour.accounts.models import User
from labour.centres.models import Centre
from labour.cohorts.models import Cohort
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.enrolments.models import Enrolment
from labour.errors import Invalid, PermissionDenied
from labour.followups.selectors import retained_clause
from labour.i18n import N_
from labour.people.models import Person
from labour.placements.models import Placement

FUNNEL_GROUPS = ("cohort", "centre", "mode", "prefecture")
STAGES = ("enrolled", "completed", "certified", "placed", "retained_6m", "households_stabilised")


@dataclass
class FunnelRow:
    """One group's figures (``key`` and ``name`` are None in the totals)."""

    key: str | None
    name: str | None
    enrolled: int
    completed: int
    certified: int
    placed: int
    retained_6m: int
    households_stabilised: int


def _placement_after_training():
    """SQL condition on Placement for the enrolment's person: a job from the course on."""
    return sa.and_(Placement.person_id == Enrolment.person_id,
                   sa.or_(Placement.id == Enrolment.placement_id, Placement.start_date >= Cohort.start_date))


@dataclass
class Funnel:
    by: str
    rows: list[FunnelRow]
    totals: FunnelRow


def training_funnel(*, user: User, by: str) -> Funnel:
    """The figures per group, and the totals (households counted once even if they appear in two groups)."""
    if by not in FUNNEL_GROUPS:
        raise Invalid.field("by", N_("Must be one of: %(choices)s."), choices=", ".join(FUNNEL_GROUPS))
    column, name = {
        "cohort": (Cohort.id, Cohort.title),
        "centre": (Centre.id, Centre.name),
        "mode": (Cohort.mode, None),
        "prefecture": (Division.parent_code, None),
    }[by]
    groups = (column,) if name is None else (column, name)
    query = _aggregate(user, column.label("key"), (sa.null() if name is None else name).label("name"))
    rows = [FunnelRow(**{**row._mapping, "key": str(row.key)})
            for row in db.session.execute(query.group_by(*groups).order_by(column))]
    totals = db.session.execute(_aggregate(user, sa.null().label("key"), sa.null().label("name"))).one()
    return Funnel(by=by, rows=rows, totals=FunnelRow(**totals._mapping))


def _aggregate(user: User, *keys) -> sa.Select:
    certified = Enrolment.certificate_id.is_not(None)
    placed = sa.and_(certified, sa.exists().where(_placement_after_training()))
    retained = sa.and_(certified, sa.exists().where(_placement_after_training(), retained_clause(Placement.id)))

    def count(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    query = (
        sa.select(*keys, sa.func.count().label("enrolled"),
                  count(Enrolment.completed.is_(True)).label("completed"), count(certified).label("certified"),
                  count(placed).label("placed"), count(retained).label("retained_6m"),
                  sa.func.count(sa.distinct(sa.case((retained, Person.household_id)))).label("households_stabilised"))
        .select_from(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Centre, Centre.id == Cohort.centre_id).join(Division, Division.code == Cohort.county_code)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.status == "confirmed")
    )
    if user.role == "centre_staff":
        return query.where(Cohort.centre_id == user.centre_id)
    if user.role == "official":
        return query.where(Cohort.county_code.startswith(scope_prefix(user.division), autoescape=True))
    if user.role != "admin":
        raise PermissionDenied()
    return query
