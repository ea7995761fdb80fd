"""Monthly approval of a county's figures: the county submits, the prefecture approves, the region accepts.

Each submission is a *version* holding a snapshot of the figures as submitted; the snapshot is never
rewritten. The published figure of a month is the snapshot of its accepted version (``published_version``);
a correction after acceptance is a new version with who asked and why, and the published figure changes
only when that version is accepted in turn.
"""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

VERSION_STATES = {
    "submitted": N_("Submitted by the county"),
    "approved": N_("Approved by the prefecture"),
    "accepted": N_("Accepted by the region"),
    "returned": N_("Returned for changes"),
}


class MonthlyReport(Timestamped, db.Model):
    __tablename__ = "monthly_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    month: Mapped[date]  # the first day of the month
    current_version: Mapped[int] = mapped_column(default=1)
    # The number of the accepted version whose snapshot is the published figure; null until one is accepted.
    published_version: Mapped[int | None]

    county = relationship("Division", lazy="joined")
    versions = relationship("ReportVersion", order_by="ReportVersion.number", back_populates="report",
                            lazy="selectin")

    __table_args__ = (
        sa.UniqueConstraint("county_code", "month"),
        sa.CheckConstraint(sa.text("published_version IS NULL OR published_version <= current_version"),
                           name="published_exists"),
    )

    @property
    def current(self) -> "ReportVersion":
        return next(v for v in self.versions if v.number == self.current_version)

    @property
    def published(self) -> "ReportVersion | None":
        return next((v for v in self.versions if v.number == self.published_version), None)

    @property
    def state(self) -> str:
        return self.current.state


class ReportVersion(db.Model):
    __tablename__ = "monthly_report_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("monthly_report.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    state: Mapped[str] = mapped_column(sa.String(10), default="submitted")
    # The figures as submitted: {"as_of": "2022-03-31", "metrics": {metric: value}}. Written once.
    figures: Mapped[dict] = mapped_column(sa.JSON)
    # Why this version exists: empty for a first submission, required for a correction.
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    returned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    returned_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    return_note: Mapped[str] = mapped_column(sa.String(500), default="")

    report = relationship(MonthlyReport, back_populates="versions")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id], lazy="joined")
    approved_by = relationship("User", foreign_keys=[approved_by_id], lazy="joined")
    accepted_by = relationship("User", foreign_keys=[accepted_by_id], lazy="joined")
    returned_by = relationship("User", foreign_keys=[returned_by_id], lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("report_id", "number"),
        sa.CheckConstraint(sa.text("state IN ('submitted','approved','accepted','returned')"), name="state"),
        sa.CheckConstraint(sa.text("state <> 'accepted' OR accepted_at IS NOT NULL"), name="accepted_when"),
    )
