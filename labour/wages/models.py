"""Wage confirmation: each month a worker in work says they were paid, or reports wages owed (arrears)."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

WAGE_STATUSES = {
    "paid": N_("Paid"),
    "arrears": N_("Wages owed"),
    "settled": N_("Employer says paid: waiting for the worker"),
}
# What a worker reports (the employer's "settled" mark is not theirs to give).
REPORTED_STATUSES = ("paid", "arrears")
# Arrears stay open until the worker confirms the payment: the employer's mark alone does not close them.
OPEN_STATUSES = ("arrears", "settled")


class WageReport(Timestamped, db.Model):
    """One placement's wages for one month, as the worker reported them. A report of arrears keeps the amount
    owed after it is paid, so the history shows what was owed and when it was settled."""

    __tablename__ = "wage_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id"))
    # Copied from the placement: the employer's arrears (flag on its positions, its staff's list) need no join.
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"))
    month: Mapped[date]  # the first day of the month reported on
    status: Mapped[str] = mapped_column(sa.String(8))
    amount_owed: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    settled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    settled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # When the worker said they were paid (at once, or later for arrears).
    paid_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    placement = relationship("Placement", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("placement_id", "month", name="uq_wage_report_placement_month"),
        sa.CheckConstraint(sa.text("status IN ('paid','arrears','settled')"), name="status"),
        sa.CheckConstraint(sa.text("amount_owed IS NULL OR amount_owed > 0"), name="amount_positive"),
        sa.CheckConstraint(sa.text("status = 'paid' OR amount_owed IS NOT NULL"), name="arrears_amount"),
        # The open arrears of an employer: the flag on its positions reads this index only.
        sa.Index("ix_wage_report_open_employer", "employer_id",
                 postgresql_where=sa.text("status IN ('arrears','settled')"),
                 sqlite_where=sa.text("status IN ('arrears','settled')")),
        sa.Index("ix_wage_report_month_status", "month", "status"),
    )

    @property
    def month_label(self) -> str:
        return self.month.strftime("%Y-%m")


def has_open_arrears(employer_id):
    """SQL: whether the employer (a column or a value) has open arrears (read from the partial index only)."""
    return sa.select(WageReport.id).where(WageReport.employer_id == employer_id,
                                          WageReport.status.in_(OPEN_STATUSES)).exists()
