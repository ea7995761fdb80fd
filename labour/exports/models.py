from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import Timestamped, db
from labour.i18n import N_

EXPORT_STATUSES = {"queued": N_("Waiting"), "done": N_("Ready"), "failed": N_("Failed")}
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXPORT_LOCALES = ("bo", "zh_Hans", "en")


class Export(Timestamped, db.Model):
    """A monthly (or year-to-date) report file built by a background task. The bytes are kept here, not on
    a disk, so that any web node can serve them."""

    __tablename__ = "stats_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    division_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"))
    year: Mapped[int]
    month: Mapped[int | None]
    format: Mapped[str] = mapped_column(sa.String(4))
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(8), default="queued")
    task_id: Mapped[str | None] = mapped_column(sa.String(32))
    filename: Mapped[str | None] = mapped_column(sa.String(200))
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    size: Mapped[int | None]
    rows: Mapped[int | None]
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.CheckConstraint(sa.text("format IN ('csv','xlsx')"), name="format"),
        sa.CheckConstraint(sa.text("status IN ('queued','done','failed')"), name="status"),
        sa.CheckConstraint(sa.text("month IS NULL OR month BETWEEN 1 AND 12"), name="month"),
    )
