"""Refreshing the rollup (``stats_period`` / ``stats_cell``) from the placements. Called by the periodic job
``jobs.stats.tasks.stats_refresh``; safe to run twice or concurrently (the second waits for the first's lock,
then replaces the same rows)."""
from datetime import date

import sqlalchemy as sa

from labour.db import atomic, db, utcnow
from labour.stats import definitions as d
from labour.stats.models import StatsCell, StatsPeriod
from labour.stats.selectors import live_cells

CELL_COLUMNS = ("county_code", "channel", "destination", "status", "school_leaver", "gender", "persons",
                "person_times", "outbound_person_times")


def periods_to_refresh(*, year: int, today: date) -> list[d.Period]:
    """Each month of ``year`` up to today (the current one to date) and the year to the end of each."""
    as_of = min(date(year, 12, 31), today)
    if as_of < date(year, 1, 1):
        return []
    periods = []
    for month in range(1, as_of.month + 1):
        month_period = d.period_of(year=year, month=month, as_of=min(d.month_end(year, month), as_of), today=as_of)
        periods.append(month_period)
        periods.append(d.period_of(year=year, as_of=month_period.as_of, today=as_of))
    return periods


def rollup_refresh(*, year: int, today: date) -> dict:
    """Recompute every rolled-up period of ``year`` in one transaction: readers see the old rollup or the
    new one, never half of each. (No progress reports inside: they would commit on the same session.)"""
    periods = periods_to_refresh(year=year, today=today)
    cells = 0
    with atomic():
        if db.engine.dialect.name == "postgresql":
            # One refresh at a time; a second caller waits and then redoes the work on fresh data.
            db.session.execute(sa.text("SELECT pg_advisory_xact_lock(5406220001)"))
        db.session.execute(sa.delete(StatsPeriod).where(
            sa.or_(sa.and_(StatsPeriod.kind == "month", StatsPeriod.start >= date(year, 1, 1),
                           StatsPeriod.start <= date(year, 12, 31)),
                   sa.and_(StatsPeriod.kind == "year", StatsPeriod.start == date(year, 1, 1)))))
        if db.engine.dialect.name != "postgresql":  # SQLite does not cascade without the pragma on every path
            db.session.execute(sa.delete(StatsCell).where(~StatsCell.period_id.in_(sa.select(StatsPeriod.id))))
        now = utcnow()
        for period in periods:
            row = StatsPeriod(kind=period.kind, start=period.start, as_of=period.as_of, refreshed_at=now)
            db.session.add(row)
            db.session.flush()
            source = live_cells(period).subquery("source")
            select = sa.select(sa.literal(row.id).label("period_id"), *[source.c[name] for name in CELL_COLUMNS])
            insert = sa.insert(StatsCell.__table__).from_select(("period_id",) + CELL_COLUMNS, select)
            db.session.execute(insert)
            cells += db.session.scalar(sa.select(sa.func.count()).where(StatsCell.period_id == row.id))
    return {"year": year, "periods": len(periods), "cells": cells}
