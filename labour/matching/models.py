from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db, utcnow


class MatchingReportRow(db.Model):
    """One county's line of a batch run's report: workers eligible for some position, and how many of them
    got a proposal. Kept apart from the task row so that the task's result stays a few totals and officials
    read only their own counties (a run has one row per registered county: 74 at most in Tibet)."""

    __tablename__ = "matching_report"

    # The run's task key (``matching-run:<day>``): the task row may be purged, the report stays.
    run_key: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), primary_key=True)
    eligible: Mapped[int] = mapped_column(default=0)
    proposed: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(sa.text("proposed >= 0 AND eligible >= 0"), name="counts"),
    )
