"""Cohorts: one run of a course at a centre, in one of the four training modes, with its sessions and, for
order-based training, the positions the ordering employer reserves for its graduates."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

COHORT_MODES = {
    "order_based": N_("Order-based training"),
    "targeted": N_("Targeted training"),
    "commissioned": N_("Commissioned training"),
    "on_the_job": N_("On-the-job training"),
}
COHORT_STATUSES = {
    "planned": N_("Planned"),
    "open": N_("Open for enrolment"),
    "running": N_("Running"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
}
# Which status may follow which (the centre moves a cohort on).
COHORT_TRANSITIONS = {
    "planned": ("open", "cancelled"),
    "open": ("running", "cancelled"),
    "running": ("completed", "cancelled"),
}
DESTINATION_KINDS = {
    "aid_partner": N_("Aid-Tibet partner"),
    "sector": N_("Sector"),
    "employer_group": N_("Employer group"),
}
COMMISSIONER_KINDS = {"department": N_("Government department"), "enterprise": N_("Enterprise")}
DEFAULT_COMPLETION_THRESHOLD = Decimal("80")
# Before completion: a cohort in these statuses can change and holds the places reserved for it.
ACTIVE_STATUSES = ("planned", "open", "running")


class Cohort(Timestamped, db.Model):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("training_centre.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(128))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    occupation_code: Mapped[str] = mapped_column(sa.ForeignKey("occupation.code"), index=True)
    mode: Mapped[str] = mapped_column(sa.String(16), index=True)
    # Where the training takes place: a county in Tibet.
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    capacity: Mapped[int]
    # Places held by accepted and confirmed trainees; only ever changed by conditional updates.
    seats_taken: Mapped[int] = mapped_column(default=0)
    language: Mapped[str] = mapped_column(sa.String(8))
    subsidy_per_trainee: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), default=Decimal("0"))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    min_education: Mapped[str | None] = mapped_column(sa.String(24))
    # If not empty, only people of one of these groups (positions.models.PRIORITY_GROUPS) may enrol.
    eligible_groups: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Percent of the sessions a trainee must attend to complete the course.
    completion_threshold: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=DEFAULT_COMPLETION_THRESHOLD)
    status: Mapped[str] = mapped_column(sa.String(10), default="planned", index=True)
    # order_based: the employer who ordered the trainees; on_the_job: the employer the trainees work for.
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    # targeted: the named destination.
    destination_kind: Mapped[str | None] = mapped_column(sa.String(16))
    destination_partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aid_partner.id"))
    destination_name: Mapped[str | None] = mapped_column(sa.String(128))
    # commissioned: who commissions and pays the centre.
    commissioner_kind: Mapped[str | None] = mapped_column(sa.String(12))
    commissioner_name: Mapped[str | None] = mapped_column(sa.String(128))

    centre = relationship("Centre", lazy="joined")
    county = relationship("Division", lazy="joined")
    occupation = relationship("Occupation", lazy="joined")
    employer = relationship("Employer", lazy="joined")
    destination_partner = relationship("AidPartner", lazy="joined")
    sessions = relationship("CohortSession", order_by="CohortSession.number", cascade="all, delete-orphan",
                            lazy="selectin")
    reservations = relationship("Reservation", order_by="Reservation.id", cascade="all, delete-orphan",
                                lazy="selectin")

    __table_args__ = (
        sa.CheckConstraint(sa.text("capacity > 0"), name="capacity_positive"),
        # Never more trainees than places, whatever the application code does.
        sa.CheckConstraint(sa.text("seats_taken >= 0 AND seats_taken <= capacity"), name="seats_within_capacity"),
        sa.CheckConstraint(sa.text("end_date >= start_date"), name="dates"),
        sa.CheckConstraint(sa.text("subsidy_per_trainee >= 0"), name="subsidy"),
        sa.CheckConstraint(sa.text("completion_threshold > 0 AND completion_threshold <= 100"), name="threshold"),
        sa.CheckConstraint(sa.text("mode IN ('order_based','targeted','commissioned','on_the_job')"), name="mode"),
        sa.CheckConstraint(sa.text("status IN ('planned','open','running','completed','cancelled')"), name="status"),
        sa.CheckConstraint(sa.text("mode NOT IN ('order_based','on_the_job') OR employer_id IS NOT NULL"),
                           name="mode_employer"),
        sa.CheckConstraint(sa.text(
            "mode <> 'targeted' OR (destination_kind IS NOT NULL AND "
            "(destination_partner_id IS NOT NULL OR destination_name IS NOT NULL))"), name="mode_destination"),
        sa.CheckConstraint(sa.text(
            "mode <> 'commissioned' OR (commissioner_kind IS NOT NULL AND commissioner_name IS NOT NULL)"),
            name="mode_commissioner"),
        sa.Index("ix_cohort_status_start", "status", "start_date"),
    )

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken

    @property
    def reserved_places(self) -> int:
        return sum(r.places for r in self.reservations)


class CohortSession(db.Model):
    """One teaching session; attendance is entered for a whole session at once."""

    __tablename__ = "cohort_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    held_on: Mapped[date]
    topic: Mapped[str] = mapped_column(sa.String(128), default="")
    attendance_taken_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (sa.UniqueConstraint("cohort_id", "number"),)


class Reservation(db.Model):
    """Order-based training: places of one of the ordering employer's positions, kept for the graduates."""

    __tablename__ = "cohort_reservation"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("position.id"), index=True)
    places: Mapped[int]

    position = relationship("Position", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "position_id"),
        sa.CheckConstraint(sa.text("places > 0"), name="places_positive"),
    )
