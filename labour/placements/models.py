from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

CHANNELS = {
    "aid_tibet": N_("Aid-Tibet channel"),
    "local_project": N_("Local project"),
    "work_for_relief": N_("Work-for-relief"),
    "eco_post": N_("Ecological-protection post"),
    "order_training": N_("Order-based training"),
    "organised_export": N_("Organised labour export"),
    "self_found": N_("Found work themselves"),
}
# A hire through the system gets its channel from the position's kind.
CHANNEL_FOR_POSITION_KIND = {
    "aid_tibet": "aid_tibet",
    "local_project": "local_project",
    "work_for_relief": "work_for_relief",
    "eco_post": "eco_post",
    "general": "self_found",
}


class Placement(Timestamped, db.Model):
    """A person in work: from a hire in the system, or recorded by an official."""

    __tablename__ = "placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(sa.ForeignKey("position.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application.id"), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    workplace_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    # The person's registered county when the placement was recorded: statistics attribute the person by it,
    # so a later move of the household does not rewrite past figures (see ``labour.stats.definitions``).
    registered_county_code: Mapped[str | None] = mapped_column(sa.ForeignKey("division.code"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    monthly_wage: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    evidence_note: Mapped[str] = mapped_column(sa.String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    person = relationship("Person", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text(
            "channel IN ('aid_tibet','local_project','work_for_relief','eco_post','order_training',"
            "'organised_export','self_found')"), name="channel"),
        sa.CheckConstraint(sa.text("end_date IS NULL OR end_date >= start_date"), name="dates"),
        sa.Index("ix_placement_start_end", "start_date", "end_date"),
    )
