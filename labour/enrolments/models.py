"""Enrolments in cohorts, attendance per session, and the outcome of each trainee (completion, assessment,
certificate and, for order-based cohorts, the offer of a reserved position)."""
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

ENROLMENT_STATUSES = {
    "applied": N_("On the waiting list"),
    "accepted": N_("Place offered"),
    "confirmed": N_("Enrolled"),
    "withdrawn": N_("Withdrawn"),
    "rejected": N_("Not accepted"),
}
SEAT_HOLDING = ("accepted", "confirmed")  # these hold one of the cohort's seats
WORKER_WITHDRAWABLE = ("applied", "accepted", "confirmed")
ENROLMENT_SOURCES = {"self": N_("Applied online"), "roster": N_("Imported from a roster")}
ASSESSMENT_RESULTS = {"passed": N_("Passed"), "failed": N_("Failed")}
# The waiting list's order: monitored households first, then poverty-alleviated ones, then school leavers.
PRIORITY_GROUP_RANK = {"monitored": 0, "poverty_alleviated": 1, "school_leaver": 2}
OTHER_RANK = 3
RANK_GROUP = {rank: group for group, rank in PRIORITY_GROUP_RANK.items()}


class Enrolment(Timestamped, db.Model):
    __tablename__ = "enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="applied")
    source: Mapped[str] = mapped_column(sa.String(8), default="self")
    # PRIORITY_GROUP_RANK of the person when they applied (lower first on the waiting list).
    priority: Mapped[int] = mapped_column(sa.SmallInteger, default=OTHER_RANK)
    accepted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # on_the_job: the job the trainee holds while trained.
    placement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("placement.id"))
    # Set when the cohort completes: attended at least the cohort's threshold of its sessions.
    completed: Mapped[bool | None]
    attendance_rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    assessment: Mapped[str | None] = mapped_column(sa.String(8))
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    certificate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificate.id", ondelete="SET NULL"),
                                                       unique=True)
    # order_based: the application that offers the graduate one of the reserved positions.
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application.id"), unique=True)

    cohort = relationship("Cohort", lazy="joined")
    person = relationship("Person", lazy="joined")
    certificate = relationship("Certificate", lazy="joined")

    __table_args__ = (
        # One enrolment per person and cohort; withdrawing and applying again reuses the row.
        sa.UniqueConstraint("cohort_id", "person_id"),
        sa.CheckConstraint(sa.text("status IN ('applied','accepted','confirmed','withdrawn','rejected')"),
                           name="status"),
        sa.CheckConstraint(sa.text("source IN ('self','roster')"), name="source"),
        sa.CheckConstraint(sa.text("assessment IS NULL OR assessment IN ('passed','failed')"), name="assessment"),
        sa.CheckConstraint(sa.text("priority >= 0 AND priority <= 3"), name="priority"),
        # The waiting list: a cohort's applied enrolments by priority, then first come.
        sa.Index("ix_enrolment_waiting", "cohort_id", "status", "priority", "created_at"),
    )

    @property
    def priority_group(self) -> str | None:
        return RANK_GROUP.get(self.priority)


class Attendance(db.Model):
    __tablename__ = "attendance"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort_session.id", ondelete="CASCADE"),
                                            primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrolment.id", ondelete="CASCADE"), primary_key=True,
                                              index=True)
    present: Mapped[bool]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
