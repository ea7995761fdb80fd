"""Aid-Tibet recruitment drives: a partner (province, municipality or central enterprise, optionally one of its
enterprises) recruits in an area of Tibet against a quota of workers per county."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

DRIVE_STATUSES = {"draft": N_("Draft"), "open": N_("Open"), "closed": N_("Closed")}
# Which status may follow which: a draft opens (or is dropped by closing it), an open drive closes and may reopen.
DRIVE_TRANSITIONS = {"draft": ("open", "closed"), "open": ("closed",), "closed": ("open",)}


class Drive(Timestamped, db.Model):
    __tablename__ = "recruitment_drive"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    aid_partner_id: Mapped[int] = mapped_column(sa.ForeignKey("aid_partner.id"))
    # The partner's enterprise that recruits, when it is one (else the partner province itself).
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"))
    # Where the drive recruits (region, prefecture or county): its officials manage it; quotas lie inside.
    division_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(8), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    quotas = relationship("DriveQuota", cascade="all, delete-orphan", order_by="DriveQuota.county_code",
                          lazy="selectin")
    links = relationship("DrivePosition", cascade="all, delete-orphan", order_by="DrivePosition.position_id",
                         lazy="selectin")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('draft','open','closed')"), name="status"),
        sa.CheckConstraint(sa.text("end_date >= start_date"), name="dates"),
        sa.Index("ix_recruitment_drive_status", "status"),
        sa.Index("ix_recruitment_drive_partner", "aid_partner_id"),
        sa.Index("ix_recruitment_drive_division", "division_code"),
    )

    @property
    def position_ids(self) -> list[int]:
        return [link.position_id for link in self.links]


class DriveQuota(db.Model):
    """How many workers the drive wants from one county (by the worker's household county)."""

    __tablename__ = "recruitment_drive_quota"

    drive_id: Mapped[int] = mapped_column(sa.ForeignKey("recruitment_drive.id", ondelete="CASCADE"),
                                          primary_key=True)
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), primary_key=True)
    quota: Mapped[int]

    county = relationship("Division", lazy="joined")

    __table_args__ = (sa.CheckConstraint(sa.text("quota > 0"), name="quota_positive"),)


class DrivePosition(db.Model):
    """A position recruited through a drive; a position belongs to at most one drive, so no hire counts twice."""

    __tablename__ = "recruitment_drive_position"

    drive_id: Mapped[int] = mapped_column(sa.ForeignKey("recruitment_drive.id", ondelete="CASCADE"),
                                          primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("position.id"), primary_key=True)

    __table_args__ = (sa.UniqueConstraint("position_id", name="uq_recruitment_drive_position_position"),)
