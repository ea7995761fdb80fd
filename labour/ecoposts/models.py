"""Ecological-protection posts (生态保护岗位): a catalogue of posts held by local people, who holds each post
(at most a configurable number of current posts per household), the duties the holder records, an appraisal
per period with a reward or a penalty, and the payments ledger."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db, utcnow
from labour.i18n import N_

POST_TYPES = {
    "forest": N_("Forest ranger"),
    "grassland": N_("Grassland warden"),
    "wetland": N_("Wetland warden"),
    "wildlife": N_("Wildlife warden"),
    "water": N_("Water warden"),
    "village_sanitation": N_("Village sanitation worker"),
}
APPRAISAL_PERIODS = {"monthly": N_("Monthly"), "quarterly": N_("Quarterly")}
DUTY_KINDS = {
    "patrol": N_("Patrol"),
    "cleaning": N_("Cleaning up"),
    "monitoring": N_("Monitoring"),
    "fire_prevention": N_("Fire prevention"),
    "planting": N_("Planting and care"),
    "reporting": N_("Reporting an incident"),
    "other": N_("Other work"),
}
# Appraisal grades by score (the lowest score of each grade).
GRADES = {"excellent": N_("Excellent"), "good": N_("Good"), "pass": N_("Pass"), "fail": N_("Fail")}
GRADE_FLOORS = (("excellent", 90), ("good", 75), ("pass", 60), ("fail", 0))
PAYMENT_STATUSES = {"due": N_("Due"), "paid": N_("Paid")}


def _in(column: str, values) -> sa.TextClause:
    return sa.text(f"{column} IN ({','.join(repr(v) for v in values)})")


class EcoPost(Timestamped, db.Model):
    """A post in the catalogue, in a county (and optionally a township and village) of Tibet."""

    __tablename__ = "eco_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_type: Mapped[str] = mapped_column(sa.String(20))
    # The county of the post: its officials (and those above) manage it; holders are registered there.
    division_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    township: Mapped[str | None] = mapped_column(sa.String(64))
    village: Mapped[str | None] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(128))
    base_payment: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))  # yuan a month
    appraisal_period: Mapped[str] = mapped_column(sa.String(10))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    division = relationship("Division", lazy="joined")
    current = relationship("EcoAssignment", primaryjoin="and_(EcoAssignment.post_id == EcoPost.id, "
                                                        "EcoAssignment.end_date.is_(None))",
                           uselist=False, viewonly=True, lazy="selectin")

    __table_args__ = (
        sa.CheckConstraint(_in("post_type", POST_TYPES), name="post_type"),
        sa.CheckConstraint(_in("appraisal_period", APPRAISAL_PERIODS), name="appraisal_period"),
        sa.CheckConstraint(sa.text("base_payment > 0"), name="base_payment_positive"),
        sa.Index("ix_eco_post_division", "division_code"),
    )


class EcoAssignment(Timestamped, db.Model):
    """A person holding a post from ``start_date`` until ``end_date`` (exclusive; NULL while current).

    ``slot`` numbers the household's current posts (1 … ECO_POSTS_PER_HOUSEHOLD) and is cleared when the
    assignment ends: the unique (household, slot) pair keeps the rule in the database, also against two
    concurrent assignments, and with the default of one post per household it allows one current post only."""

    __tablename__ = "eco_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("eco_post.id"))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("household.id"))
    slot: Mapped[int | None]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(200))
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    post = relationship(EcoPost, lazy="joined", foreign_keys=[post_id])
    person = relationship("Person", lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("household_id", "slot", name="uq_eco_assignment_household_slot"),
        sa.CheckConstraint(sa.text("(end_date IS NULL AND slot IS NOT NULL) OR (end_date IS NOT NULL AND slot IS NULL)"),
                           name="slot_while_current"),
        sa.CheckConstraint(sa.text("slot IS NULL OR slot >= 1"), name="slot_positive"),
        sa.CheckConstraint(sa.text("end_date IS NULL OR end_date >= start_date"), name="dates"),
        # One current holder per post, and one current post per person.
        sa.Index("uq_eco_assignment_post_current", "post_id", unique=True,
                 postgresql_where=sa.text("end_date IS NULL"), sqlite_where=sa.text("end_date IS NULL")),
        sa.Index("uq_eco_assignment_person_current", "person_id", unique=True,
                 postgresql_where=sa.text("end_date IS NULL"), sqlite_where=sa.text("end_date IS NULL")),
        sa.Index("ix_eco_assignment_post", "post_id"),
        sa.Index("ix_eco_assignment_person", "person_id"),
    )


class EcoDuty(db.Model):
    """A day's work on the post, recorded by the holder from the phone or by an official."""

    __tablename__ = "eco_duty"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("eco_assignment.id", ondelete="CASCADE"))
    duty_date: Mapped[date]
    kind: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(_in("kind", DUTY_KINDS), name="kind"),
        sa.Index("ix_eco_duty_assignment_date", "assignment_id", "duty_date"),
    )


class EcoAppraisal(Timestamped, db.Model):
    """The appraisal of one assignment for one period ('YYYY-MM' or 'YYYY-Qn', by the post's period)."""

    __tablename__ = "eco_appraisal"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("eco_assignment.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(7))
    score: Mapped[int]
    grade: Mapped[str] = mapped_column(sa.String(10))
    reward: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), default=Decimal("0"))
    penalty: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), default=Decimal("0"))
    note: Mapped[str | None] = mapped_column(sa.String(200))
    appraised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        sa.UniqueConstraint("assignment_id", "period", name="uq_eco_appraisal_assignment_period"),
        sa.CheckConstraint(sa.text("score BETWEEN 0 AND 100"), name="score"),
        sa.CheckConstraint(_in("grade", GRADES), name="grade"),
        sa.CheckConstraint(sa.text("reward >= 0 AND penalty >= 0"), name="amounts"),
    )


class EcoPayment(Timestamped, db.Model):
    """The payment of one assignment for one period: base × months held ± the appraisal, never below 0."""

    __tablename__ = "eco_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("eco_assignment.id"))
    period: Mapped[str] = mapped_column(sa.String(7))
    months: Mapped[int]
    base_payment: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))  # the post's monthly rate when generated
    reward: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    penalty: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    status: Mapped[str] = mapped_column(sa.String(4), default="due")
    paid_on: Mapped[date | None]
    paid_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    generated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    assignment = relationship(EcoAssignment, lazy="joined")

    __table_args__ = (
        # No double payment: one payment per assignment and period.
        sa.UniqueConstraint("assignment_id", "period", name="uq_eco_payment_assignment_period"),
        sa.CheckConstraint(sa.text("amount >= 0"), name="amount_not_negative"),
        sa.CheckConstraint(sa.text("months BETWEEN 1 AND 3"), name="months"),
        sa.CheckConstraint(_in("status", PAYMENT_STATUSES), name="status"),
        sa.CheckConstraint(sa.text("(status = 'paid') = (paid_on IS NOT NULL)"), name="paid_on"),
    )
