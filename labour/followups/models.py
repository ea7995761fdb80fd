from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db

# Months after the start of a placement at which retention (稳岗) is checked.
FOLLOWUP_MONTHS = (1, 3, 6, 12)
# A household's income counts as stabilised once a member is still employed at this check-in (or a later one).
STABILISED_AFTER_MONTHS = 6


class Followup(Timestamped, db.Model):
    """A retention check-in on a placement, recorded by the trainee's centre or an official."""

    __tablename__ = "followup"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placement.id", ondelete="CASCADE"), index=True)
    month: Mapped[int] = mapped_column(sa.SmallInteger)
    due_on: Mapped[date]
    still_employed: Mapped[bool]
    monthly_wage: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    placement = relationship("Placement", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("placement_id", "month"),
        sa.CheckConstraint(sa.text("month IN (1, 3, 6, 12)"), name="month"),
        sa.CheckConstraint(sa.text("monthly_wage IS NULL OR monthly_wage >= 0"), name="wage"),
        sa.CheckConstraint(sa.text("still_employed OR monthly_wage IS NULL"), name="wage_only_when_employed"),
    )
