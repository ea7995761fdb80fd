from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

EMPLOYER_KINDS = {
    "aid_partner_enterprise": N_("Aid-Tibet partner enterprise"),
    "local_contractor": N_("Local project contractor"),
    "public_employer": N_("Public employer"),
    "private_firm": N_("Private firm"),
}
EMPLOYER_STATUSES = {"pending": N_("Awaiting vetting"), "vetted": N_("Vetted"), "rejected": N_("Rejected")}


class Employer(Timestamped, db.Model):
    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    kind: Mapped[str] = mapped_column(sa.String(24))
    # The division where the employer is registered (a Tibet county or an outside province); decides which
    # officials vet it.
    division_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    # For aid-Tibet partner enterprises: the partner province, municipality or central enterprise.
    aid_partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aid_partner.id"))
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    vetted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    vetted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", use_alter=True))

    division = relationship("Division", lazy="joined")
    aid_partner = relationship("AidPartner", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text(
            "kind IN ('aid_partner_enterprise','local_contractor','public_employer','private_firm')"), name="kind"),
        sa.CheckConstraint(sa.text("status IN ('pending','vetted','rejected')"), name="status"),
        sa.CheckConstraint(sa.text("kind <> 'aid_partner_enterprise' OR aid_partner_id IS NOT NULL"),
                           name="aid_partner"),
    )
