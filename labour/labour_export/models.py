"""Organised labour export (有组织劳务输出): officials send workers away in escorted batches, confirm their
departure and arrival, record each worker's travel subsidy, and check at 1, 3, 6 and 12 months whether they
are still employed."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

BATCH_STATUSES = {"planned": N_("Planned"), "departed": N_("Departed"), "arrived": N_("Arrived"),
                  "cancelled": N_("Cancelled")}
RETENTION_MONTHS = (1, 3, 6, 12)


class ExportBatch(Timestamped, db.Model):
    __tablename__ = "export_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organising area in Tibet (region, prefecture or county): its officials manage the batch.
    origin_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    # Where the workers go: a county in Tibet or a province outside it.
    destination_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    escort_name: Mapped[str] = mapped_column(sa.String(64))
    escort_phone: Mapped[str] = mapped_column(sa.String(11))
    travel_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(10), default="planned")
    departed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    departed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    arrived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    arrived_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    workers = relationship("ExportBatchWorker", cascade="all, delete-orphan", order_by="ExportBatchWorker.person_id",
                           lazy="selectin")
    employer_links = relationship("ExportBatchEmployer", cascade="all, delete-orphan",
                                  order_by="ExportBatchEmployer.employer_id", lazy="selectin")
    checks = relationship("RetentionCheck", cascade="all, delete-orphan",
                          order_by="(RetentionCheck.month, RetentionCheck.person_id)", lazy="selectin")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('planned','departed','arrived','cancelled')"), name="status"),
        # Each confirmation is recorded with its time, in order.
        sa.CheckConstraint(sa.text("(status IN ('departed','arrived')) = (departed_at IS NOT NULL)"),
                           name="departed"),
        sa.CheckConstraint(sa.text("(status = 'arrived') = (arrived_at IS NOT NULL)"), name="arrived"),
        sa.CheckConstraint(sa.text("arrived_at IS NULL OR arrived_at >= departed_at"), name="arrival_order"),
        sa.Index("ix_export_batch_origin", "origin_code"),
        sa.Index("ix_export_batch_status_departed", "status", "departed_at"),
    )

    @property
    def employer_ids(self) -> list[int]:
        return [link.employer_id for link in self.employer_links]


class ExportBatchWorker(db.Model):
    """A person travelling in a batch, with the travel subsidy paid to them (yuan)."""

    __tablename__ = "export_batch_worker"

    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("export_batch.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), primary_key=True)
    travel_subsidy: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))

    person = relationship("Person", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("travel_subsidy IS NULL OR travel_subsidy >= 0"), name="subsidy"),
        sa.Index("ix_export_batch_worker_person", "person_id"),
    )


class ExportBatchEmployer(db.Model):
    __tablename__ = "export_batch_employer"

    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("export_batch.id", ondelete="CASCADE"), primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employer.id"), primary_key=True)


class RetentionCheck(db.Model):
    """Whether a worker of an arrived batch is still employed ``month`` months after arrival."""

    __tablename__ = "export_retention_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("export_batch.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    month: Mapped[int]
    still_employed: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    checked_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        sa.UniqueConstraint("batch_id", "person_id", "month", name="uq_export_retention_check_batch_person_month"),
        sa.CheckConstraint(sa.text("month IN (1, 3, 6, 12)"), name="month"),
    )
