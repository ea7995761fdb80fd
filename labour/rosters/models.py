from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

UPLOAD_STATUSES = {
    "queued": N_("Waiting"),
    "imported": N_("Imported"),
    "rejected": N_("Rejected: nothing was imported"),
}
UPLOAD_FORMATS = ("csv", "xlsx")


class RosterUpload(Timestamped, db.Model):
    """A centre's list of trainees for a cohort. The file itself is kept here (not on a disk), so any worker
    node can import it; the import lands whole or not at all, and ``errors`` lists every bad row."""

    __tablename__ = "roster_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    format: Mapped[str] = mapped_column(sa.String(4))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    size: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")
    task_id: Mapped[str | None] = mapped_column(sa.String(32))
    rows: Mapped[int | None]
    persons_created: Mapped[int | None]
    persons_matched: Mapped[int | None]
    enrolled: Mapped[int | None]
    already_enrolled: Mapped[int | None]
    # Every problem found: [{"row": 7, "field": "id_number", "message": msgid, "params": {...}}]; row 1 is the header.
    errors: Mapped[list] = mapped_column(sa.JSON, default=list)
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    cohort = relationship("Cohort", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('queued','imported','rejected')"), name="status"),
        sa.CheckConstraint(sa.text("format IN ('csv','xlsx')"), name="format"),
    )
