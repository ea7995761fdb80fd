import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import Timestamped, db


class Target(Timestamped, db.Model):
    """A yearly target for one metric of a division (region, prefecture or county), e.g. 200,000 outbound
    workers from poverty-alleviated households for the region in 2022. Targets need not add up."""

    __tablename__ = "stats_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    division_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    year: Mapped[int]
    metric: Mapped[str] = mapped_column(sa.String(40))
    value: Mapped[int]
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        sa.UniqueConstraint("division_code", "year", "metric"),
        sa.CheckConstraint(sa.text("value > 0"), name="value_positive"),
        sa.CheckConstraint(sa.text("year BETWEEN 2000 AND 2100"), name="year_range"),
    )
