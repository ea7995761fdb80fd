"""Work-for-relief (以工代赈) projects: public works in a county that pay local people. A project carries its
funds by source, a remuneration ledger (amount paid per worker and month, every correction kept), the local
vehicle fleets that supply it, and the positions through which its contractor hires (``Position.relief_project_id``).
"""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

PROJECT_STATUSES = {"planned": N_("Planned"), "running": N_("Running"), "finished": N_("Finished")}
FUND_SOURCES = ("central", "region", "prefecture", "county")
VEHICLE_KINDS = {
    "dump_truck": N_("Dump truck"),
    "excavator": N_("Excavator"),
    "loader": N_("Loader"),
    "tractor": N_("Tractor"),
    "concrete_mixer": N_("Concrete mixer truck"),
    "crane": N_("Crane"),
    "other": N_("Other vehicle"),
}
MONEY = sa.Numeric(14, 2)


class ReliefProject(Timestamped, db.Model):
    __tablename__ = "relief_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    # The county the project lies in: its officials (and those above) manage it.
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    # The townships and villages it serves (names as households record them); empty: the whole county.
    townships: Mapped[list] = mapped_column(sa.JSON, default=list)
    villages: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="planned")
    # First days of the start month and of the planned last month.
    start_month: Mapped[date]
    planned_end_month: Mapped[date]
    fund_central: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    fund_region: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    fund_prefecture: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    fund_county: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    contractor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"))
    # Until this day (inclusive) only workers registered in the project's county may apply to its positions.
    local_first_until: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    county = relationship("Division", lazy="joined")
    contractor = relationship("Employer", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('planned','running','finished')"), name="status"),
        sa.CheckConstraint(sa.text("planned_end_month >= start_month"), name="months"),
        sa.CheckConstraint(sa.text("fund_central >= 0 AND fund_region >= 0 AND fund_prefecture >= 0 "
                                   "AND fund_county >= 0"), name="funds"),
        sa.Index("ix_relief_project_county", "county_code"),
        sa.Index("ix_relief_project_contractor", "contractor_id"),
    )

    @property
    def fund_total(self) -> Decimal:
        return sum((getattr(self, f"fund_{source}") for source in FUND_SOURCES), Decimal("0"))


class ReliefRemuneration(db.Model):
    """Labour remuneration paid to one worker for one month of one project (one row; corrections change it
    and leave a ``ReliefRemunerationChange`` behind)."""

    __tablename__ = "relief_remuneration"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("relief_project.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    month: Mapped[date]  # its first day
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    revision: Mapped[int] = mapped_column(default=1)  # 1 + the number of corrections

    person = relationship("Person", lazy="joined")
    changes = relationship("ReliefRemunerationChange", cascade="all, delete-orphan",
                           order_by="ReliefRemunerationChange.id", lazy="selectin")

    __table_args__ = (
        sa.UniqueConstraint("project_id", "person_id", "month", name="uq_relief_remuneration_project_person_month"),
        sa.CheckConstraint(sa.text("amount >= 0"), name="amount"),
        sa.Index("ix_relief_remuneration_person", "person_id"),
    )


class ReliefRemunerationChange(db.Model):
    """A correction of a ledger row: the amount before and after, who, when and why."""

    __tablename__ = "relief_remuneration_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    remuneration_id: Mapped[int] = mapped_column(sa.ForeignKey("relief_remuneration.id", ondelete="CASCADE"),
                                                 index=True)
    old_amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    new_amount: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    reason: Mapped[str] = mapped_column(sa.String(500))
    changed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class ReliefFleet(db.Model):
    """A local vehicle fleet registered as a supplier of a project."""

    __tablename__ = "relief_fleet"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("relief_project.id", ondelete="CASCADE"), index=True)
    owner_name: Mapped[str] = mapped_column(sa.String(64))
    # The owner's village: a 12-digit statistical division code whose first six digits are a county of Tibet.
    village_code: Mapped[str] = mapped_column(sa.String(12))
    vehicle_kind: Mapped[str] = mapped_column(sa.String(16))
    vehicle_count: Mapped[int]
    phone: Mapped[str] = mapped_column(sa.String(11))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        sa.CheckConstraint(sa.text("vehicle_count > 0"), name="vehicle_count"),
        sa.CheckConstraint(sa.text(
            "vehicle_kind IN ('dump_truck','excavator','loader','tractor','concrete_mixer','crane','other')"),
            name="vehicle_kind"),
    )

    @property
    def county_code(self) -> str:
        return self.village_code[:6]
