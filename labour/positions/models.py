from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

POSITION_KINDS = {
    "aid_tibet": N_("Aid-Tibet position"),
    "local_project": N_("Local project job"),
    "work_for_relief": N_("Work-for-relief job"),
    "eco_post": N_("Ecological-protection post"),
    "general": N_("General job"),
}
POSITION_STATUSES = {"draft": N_("Draft"), "open": N_("Open"), "filled": N_("Filled"), "closed": N_("Closed")}
PRIORITY_GROUPS = {
    "monitored": N_("Monitored household"),
    "poverty_alleviated": N_("Poverty-alleviated household"),
    "school_leaver": N_("School leaver"),
}


class Position(Timestamped, db.Model):
    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(128))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    occupation_code: Mapped[str] = mapped_column(sa.ForeignKey("occupation.code"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    # A county in Tibet or a province outside Tibet.
    workplace_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    headcount: Mapped[int]
    filled: Mapped[int] = mapped_column(default=0)
    wage_min: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    wage_max: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    housing: Mapped[bool] = mapped_column(default=False)
    meals: Mapped[bool] = mapped_column(default=False)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    min_education: Mapped[str | None] = mapped_column(sa.String(24))
    required_skills: Mapped[list] = mapped_column(sa.JSON, default=list)
    required_languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    priority_groups: Mapped[list] = mapped_column(sa.JSON, default=list)
    start_date: Mapped[date | None]
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(8), default="draft", index=True)
    # Aid-Tibet positions: the partner province, municipality or central enterprise that opened it.
    aid_partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aid_partner.id"))
    # Doorstep project jobs: the work-for-relief project the position hires for (``labour.relief``), and the
    # day until which only workers of the project's county may apply (else the project's own date holds).
    relief_project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("relief_project.id"))
    local_first_until: Mapped[date | None]
    # Not a column: whether the employer has open wage arrears, loaded by the list's own query
    # (``with_expression``, see ``labour.wages.selectors.has_open_arrears``); None where not loaded.
    employer_has_arrears: Mapped[bool | None] = query_expression()

    employer = relationship("Employer", lazy="joined")
    workplace = relationship("Division", lazy="joined")
    occupation = relationship("Occupation", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("headcount > 0"), name="headcount_positive"),
        # Never more hires than places, whatever the application code does.
        sa.CheckConstraint(sa.text("filled >= 0 AND filled <= headcount"), name="filled_within_headcount"),
        sa.CheckConstraint(sa.text("wage_min >= 0 AND wage_max >= wage_min"), name="wage_range"),
        sa.CheckConstraint(sa.text("status IN ('draft','open','filled','closed')"), name="status"),
        sa.CheckConstraint(sa.text(
            "kind IN ('aid_tibet','local_project','work_for_relief','eco_post','general')"), name="kind"),
        sa.Index("ix_position_status_created", "status", "created_at"),
        sa.Index("ix_position_aid_partner", "aid_partner_id"),
        sa.Index("ix_position_relief_project", "relief_project_id"),
        sa.CheckConstraint(sa.text("relief_project_id IS NULL OR kind IN ('local_project','work_for_relief')"),
                           name="relief_project_kind"),
        sa.CheckConstraint(sa.text("aid_partner_id IS NULL OR kind = 'aid_tibet'"), name="aid_partner_kind"),
    )

    @property
    def in_tibet(self) -> bool:
        return self.workplace_code.startswith("54")

    @property
    def places_left(self) -> int:
        return self.headcount - self.filled
