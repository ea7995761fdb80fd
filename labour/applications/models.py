import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

APPLICATION_STATUSES = {
    "submitted": N_("Submitted"),
    "shortlisted": N_("Shortlisted"),
    "offered": N_("Offered"),
    "hired": N_("Hired"),
    "rejected": N_("Rejected"),
    "withdrawn": N_("Withdrawn"),
}
# Which status may follow which, and who moves it: the employer forward, the worker out.
EMPLOYER_TRANSITIONS = {
    "submitted": ("shortlisted", "offered", "rejected"),
    "shortlisted": ("offered", "rejected"),
    "offered": ("hired", "rejected"),
}
WORKER_WITHDRAWABLE = ("submitted", "shortlisted", "offered")
ACTIVE_STATUSES = ("submitted", "shortlisted", "offered")


class Application(Timestamped, db.Model):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(sa.ForeignKey("position.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default="submitted")
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    position = relationship("Position", lazy="joined")
    person = relationship("Person", lazy="joined")

    __table_args__ = (
        # One application per person and position; withdrawing and applying again reuses the row.
        sa.UniqueConstraint("position_id", "person_id"),
        sa.CheckConstraint(sa.text(
            "status IN ('submitted','shortlisted','offered','hired','rejected','withdrawn')"), name="status"),
    )
