"""Computing the official figures (definitions in ``labour.stats.definitions``).

Two paths give the same numbers from the same SQL definitions: ``live_cells`` computes a period's cells
from the placements (window functions: each person once, attributed by their first counted placement),
and the rollup (``stats_cell``, refreshed by ``labour.stats.services.rollup_refresh``) stores those cells
so that the dashboard only sums a few thousand rows. A period that has not been rolled up is computed live.
"""
from datetime import date

import sqlalchemy as sa

from labour.accounts.models import User
from labour.audit.services import audit_commit
from labour.db import db
from labour.divisions.models import TIBET_CODE, Division
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.errors import Invalid, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page
from labour.people.models import Household, Person
from labour.placements.models import Placement
from labour.stats import definitions as d
from labour.stats.models import StatsCell, StatsPeriod


# --- scope -------------------------------------------------------------------------------------------------

def division_for(*, user: User, code: str | None, field: str = "division") -> Division:
    """The division whose figures ``user`` asks for: their own by default; another area's is a 403."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    if code is None:
        code = user.division_code if user.role == "official" else TIBET_CODE
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None or division.level not in ("region", "prefecture", "county"):
        raise Invalid.field(field, N_("Choose the region, a prefecture or a county of Tibet."))
    if user.role == "official" and not code_in_scope(user.division, division.code):
        raise PermissionDenied(N_("That division is outside your area."))
    return division


def counties_under(division: Division) -> list[Division]:
    prefix = scope_prefix(division)
    return list(db.session.scalars(sa.select(Division).where(
        Division.level == "county", Division.code.startswith(prefix, autoescape=True)).order_by(Division.code)))


def children_of(division: Division) -> list[Division]:
    if division.level == "county":
        return []
    return list(db.session.scalars(sa.select(Division).where(Division.parent_code == division.code)
                                   .order_by(Division.code)))


# --- the cells of a period, live ---------------------------------------------------------------------------

def live_cells(period: d.Period, *, prefix: str | None = None) -> sa.Select:
    """A select of the period's cells (the columns of ``stats_cell`` without ids) from the placements.

    With ``prefix`` only persons attributed to counties under it are kept (attribution happens first, over
    all of the person's placements, so a person is never split between areas).
    """
    p = Placement.__table__.c
    counted = sa.and_(p.start_date <= period.as_of, sa.or_(p.end_date.is_(None), p.end_date >= period.start),
                      p.registered_county_code.is_not(None))
    outbound = sa.case((d.is_outbound(p.workplace_code, p.registered_county_code), 1), else_=0)
    base = sa.select(p.id, p.person_id, p.registered_county_code.label("county"), p.channel, p.workplace_code,
                     p.start_date, outbound.label("outbound")).where(counted)
    if prefix is not None:
        in_area = sa.select(p.person_id).where(counted, p.registered_county_code.startswith(prefix, autoescape=True))
        base = base.where(p.person_id.in_(in_area))
    c = base.subquery("counted").c
    first = dict(partition_by=c.person_id, order_by=(c.start_date, c.id))
    ranked = sa.select(
        c.person_id, c.channel, c.workplace_code, c.county, c.outbound,
        sa.func.first_value(c.county).over(**first).label("attributed"),
        sa.func.row_number().over(partition_by=c.person_id,
                                  order_by=(c.outbound.desc(), c.start_date, c.id)).label("rank"),
        sa.func.count().over(partition_by=c.person_id).label("times"),
        sa.func.sum(c.outbound).over(partition_by=c.person_id).label("outbound_times"),
    ).subquery("ranked")
    r = ranked.c
    leaver = sa.case((d.school_leaver(Person.education, Person.in_study), sa.true()), else_=sa.false())
    destination = d.destination(r.workplace_code, r.county)
    status = sa.func.coalesce(Household.status, "other")
    gender = sa.func.coalesce(Person.gender, "unknown")
    query = (
        sa.select(r.attributed.label("county_code"), r.channel.label("channel"), destination.label("destination"),
                  status.label("status"), leaver.label("school_leaver"), gender.label("gender"),
                  sa.func.count().label("persons"), sa.func.sum(r.times).label("person_times"),
                  sa.func.sum(r.outbound_times).label("outbound_person_times"))
        .select_from(ranked).join(Person, Person.id == r.person_id).outerjoin(Household,
                                                                             Household.id == Person.household_id)
        .where(r.rank == 1)
        .group_by(r.attributed, r.channel, destination, status, leaver, gender)
    )
    if prefix is not None:
        query = query.where(r.attributed.startswith(prefix, autoescape=True))
    return query


# --- figures -----------------------------------------------------------------------------------------------

def rolled_up(period: d.Period) -> StatsPeriod | None:
    return db.session.scalar(sa.select(StatsPeriod).where(
        StatsPeriod.kind == period.kind, StatsPeriod.start == period.start, StatsPeriod.as_of == period.as_of))


def _source(period: d.Period, prefix: str, *, live: bool = False):
    """(cells: a FROM clause with the cell columns, condition, StatsPeriod or None)."""
    stored = None if live else rolled_up(period)
    if stored is not None:
        return StatsCell, sa.and_(StatsCell.period_id == stored.id,
                                  StatsCell.county_code.startswith(prefix, autoescape=True)), stored
    cells = live_cells(period, prefix=prefix).subquery("cells")
    return cells.c, sa.true(), None


def _table(cells):
    return cells if hasattr(cells, "__table__") else cells.county_code.table


def county_metrics(period: d.Period, *, prefix: str, live: bool = False) -> tuple[dict, StatsPeriod | None]:
    """{county code: {metric: value}} for the counties under ``prefix`` with any figure, and the rollup used."""
    cells, where, stored = _source(period, prefix, live=live)
    query = sa.select(cells.county_code, *d.metric_columns(cells)).select_from(_table(cells)).where(where) \
        .group_by(cells.county_code)
    return {row.county_code: {m: int(row._mapping[m]) for m in d.METRICS} for row in db.session.execute(query)}, \
        stored


def breakdown(period: d.Period, *, prefix: str, by: str, live: bool = False) -> dict:
    """{channel or destination: {persons, person_times, outbound_persons, outbound_person_times}}."""
    cells, where, _ = _source(period, prefix, live=live)
    column = getattr(cells, by)
    query = sa.select(
        column.label("key"), sa.func.sum(cells.persons).label("persons"),
        sa.func.sum(cells.person_times).label("person_times"),
        sa.func.sum(sa.case((cells.destination != "local", cells.persons), else_=0)).label("outbound_persons"),
        sa.func.sum(cells.outbound_person_times).label("outbound_person_times"),
    ).select_from(_table(cells)).where(where).group_by(column)
    return {row.key: {k: int(row._mapping[k]) for k in ("persons", "person_times", "outbound_persons",
                                                         "outbound_person_times")}
            for row in db.session.execute(query)}


def zero_metrics() -> dict:
    return {m: 0 for m in d.METRICS}


def add_metrics(total: dict, other: dict) -> dict:
    for m in d.METRICS:
        total[m] += other.get(m, 0)
    return total


def roll_up_to(division: Division, counties: dict) -> tuple[dict, list[tuple[Division, dict]]]:
    """The division's totals and its children's, summed from county figures (so they always add up)."""
    totals = zero_metrics()
    for values in counties.values():
        add_metrics(totals, values)
    rows = []
    for child in children_of(division):
        prefix = scope_prefix(child)
        child_total = zero_metrics()
        for code, values in counties.items():
            if code.startswith(prefix):
                add_metrics(child_total, values)
        rows.append((child, child_total))
    return totals, rows


def figures(*, division: Division, period: d.Period, live: bool = False) -> dict:
    """Everything the dashboard shows for one division and period."""
    from labour.targets.selectors import targets_for

    prefix = scope_prefix(division)
    counties, stored = county_metrics(period, prefix=prefix, live=live)
    totals, children = roll_up_to(division, counties)
    targets = targets_for(division_codes=[division.code] + [c.code for c, _ in children], year=period.year)
    return {
        "division": division,
        "period": period,
        "source": "rollup" if stored else "live",
        "refreshed_at": stored.refreshed_at if stored else None,
        "totals": totals,
        "progress": progress_rows(targets.get(division.code, {}), totals),
        "by_division": [{"division": child, "totals": values,
                         "progress": progress_rows(targets.get(child.code, {}), values)}
                        for child, values in children],
        "by_channel": breakdown(period, prefix=prefix, by="channel", live=live),
        "by_destination": breakdown(period, prefix=prefix, by="destination", live=live),
    }


def progress_rows(targets: dict, values: dict) -> list[dict]:
    """[{metric, target, value, progress_pct}] for each metric with a target."""
    rows = []
    for metric in d.TARGET_METRICS:
        if metric in targets:
            target = targets[metric]
            value = values.get(metric, 0)
            rows.append({"metric": metric, "target": target, "value": value,
                         "progress_pct": round(100 * value / target, 1) if target else None})
    return rows


def trend(*, division: Division, year: int, as_of: date, live: bool = False) -> list[dict]:
    """Month by month up to ``as_of``: each month's figures, and the year to date at its end.

    Rolled-up periods are summed in one query; any period missing from the rollup is computed live."""
    prefix = scope_prefix(division)
    wanted = []
    for month in range(1, as_of.month + 1 if as_of.year == year else 13):
        month_period = d.period_of(year=year, month=month, as_of=min(d.month_end(year, month), as_of), today=as_of)
        wanted.append((month_period, d.period_of(year=year, as_of=month_period.as_of, today=as_of)))
    found = {} if live else _rolled_up_metrics([p for pair in wanted for p in pair], prefix=prefix)
    months = []
    for month_period, ytd_period in wanted:
        values = []
        for period in (month_period, ytd_period):
            key = (period.kind, period.start, period.as_of)
            if key not in found:
                found[key] = _sum(county_metrics(period, prefix=prefix, live=True)[0])
            values.append(found[key])
        months.append({"month": month_period.month, "as_of": month_period.as_of, "month_totals": values[0],
                       "year_to_date": values[1]})
    return months


def _rolled_up_metrics(periods: list[d.Period], *, prefix: str) -> dict:
    """{(kind, start, as_of): metrics} for those of ``periods`` that are rolled up, in one query."""
    keys = {(p.kind, p.start, p.as_of) for p in periods}
    stored = [row for row in db.session.execute(sa.select(StatsPeriod.id, StatsPeriod.kind, StatsPeriod.start,
                                                          StatsPeriod.as_of).where(
        StatsPeriod.start >= min(p.start for p in periods), StatsPeriod.as_of <= max(p.as_of for p in periods)))
        if (row.kind, row.start, row.as_of) in keys]
    if not stored:
        return {}
    ids = {row.id: (row.kind, row.start, row.as_of) for row in stored}
    query = sa.select(StatsCell.period_id, *d.metric_columns(StatsCell)).where(
        StatsCell.period_id.in_(ids), StatsCell.county_code.startswith(prefix, autoescape=True)
    ).group_by(StatsCell.period_id)
    found = {key: zero_metrics() for key in ids.values()}
    for row in db.session.execute(query):
        found[ids[row.period_id]] = {m: int(row._mapping[m]) for m in d.METRICS}
    return found


def _sum(counties: dict) -> dict:
    total = zero_metrics()
    for values in counties.values():
        add_metrics(total, values)
    return total


# --- zero-employment households ----------------------------------------------------------------------------

def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _working_age_on(as_of: date):
    """SQL: a person aged WORKING_AGE[0] to WORKING_AGE[1] (inclusive) on ``as_of``."""
    low, high = d.WORKING_AGE
    return sa.and_(Person.birth_date.is_not(None), Person.birth_date <= _years_before(as_of, low),
                   Person.birth_date > _years_before(as_of, high + 1))


def zero_employment_households(*, user: User, as_of: date, county: str | None = None, page: int = 1,
                               per_page: int = 20) -> Page:
    """Poverty-alleviated or monitored households of the reader's area with working-age members and
    nobody employed on ``as_of`` (see ``definitions.ZERO_EMPLOYMENT``); monitored first, then by county."""
    scope = division_for(user=user, code=county, field="county")
    working_age = sa.select(sa.func.count(Person.id)).where(Person.household_id == Household.id,
                                                           _working_age_on(as_of)).scalar_subquery()
    employed = sa.select(Placement.id).join(Person, Person.id == Placement.person_id).where(
        Person.household_id == Household.id, Placement.start_date <= as_of,
        sa.or_(Placement.end_date.is_(None), Placement.end_date >= as_of)).exists()
    members = sa.select(sa.func.count(Person.id)).where(Person.household_id == Household.id).scalar_subquery()
    query = (
        sa.select(Household, working_age.label("working_age_members"), members.label("members"))
        .where(Household.status.in_(("poverty_alleviated", "monitored")),
               Household.registered_county_code.startswith(scope_prefix(scope), autoescape=True),
               working_age > 0, ~employed)
        .order_by(sa.case((Household.status == "monitored", 0), else_=1), Household.registered_county_code,
                  Household.id)
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    items = [{"household": row.Household, "working_age_members": row.working_age_members, "members": row.members}
             for row in rows]
    # A list of households by poverty or monitoring status: the read is audit-logged before it is shown.
    audit_commit(actor=user, action="households.read_zero_employment", object_kind="household",
                 object_ids=[row.Household.id for row in rows], context=f"{scope.code}:{as_of.isoformat()}")
    return Page(items=items, page=page, per_page=per_page, total=total)
