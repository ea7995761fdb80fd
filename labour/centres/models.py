from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

CENTRE_STATUSES = {"pending": N_("Awaiting vetting"), "vetted": N_("Vetted"), "rejected": N_("Rejected")}


class Centre(Timestamped, db.Model):
    """A training centre in a Tibet county. Only a vetted centre may post cohorts."""

    __tablename__ = "training_centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    # The county where the centre is registered; decides which officials vet it and create its staff.
    county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    vetted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    vetted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", use_alter=True))

    county = relationship("Division", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('pending','vetted','rejected')"), name="status"),
    )
