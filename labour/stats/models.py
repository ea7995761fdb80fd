"""The materialised rollup behind the dashboard: per period, per attributed county, the persons of each
breakdown cell (see ``labour.stats.definitions``). Refreshed by ``rollup_refresh`` from a periodic job;
the dashboard sums these cells instead of scanning placements."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db


class StatsPeriod(db.Model):
    """One refreshed period: a month or a year to date, counted up to ``as_of``."""

    __tablename__ = "stats_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(5))
    start: Mapped[date]
    as_of: Mapped[date]
    refreshed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.UniqueConstraint("kind", "start", "as_of"),
        sa.CheckConstraint(sa.text("kind IN ('month','year')"), name="kind"),
    )


class StatsCell(db.Model):
    """Persons of one period attributed to one county, with one channel, destination and group."""

    __tablename__ = "stats_cell"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("stats_period.id", ondelete="CASCADE"))
    county_code: Mapped[str] = mapped_column(sa.String(6))
    channel: Mapped[str] = mapped_column(sa.String(20))
    destination: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))
    school_leaver: Mapped[bool]
    gender: Mapped[str] = mapped_column(sa.String(8))
    persons: Mapped[int]
    person_times: Mapped[int]
    outbound_person_times: Mapped[int]

    __table_args__ = (sa.Index("ix_stats_cell_period_county", "period_id", "county_code"),)
