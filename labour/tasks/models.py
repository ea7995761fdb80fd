from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import Timestamped, db
from labour.i18n import N_

TASK_STATES = {
    "queued": N_("Waiting"),
    "running": N_("Running"),
    "succeeded": N_("Done"),
    "failed": N_("Failed"),
    "cancelled": N_("Cancelled"),
}
ACTIVE_STATES = ("queued", "running")
TERMINAL_STATES = ("succeeded", "failed", "cancelled")


class Task(Timestamped, db.Model):
    """One unit of background work. The row, not the queue, is the truth: the queue only carries its id.

    ``state`` moves queued → running → succeeded | failed, and queued/running → cancelled. A running task
    holds a lease (``worker``, ``lease_expires_at``) that its worker renews; a lease that runs out means
    the worker died, and the reconciler puts the task back in the queue until ``max_attempts`` is spent.
    """

    __tablename__ = "task"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # uuid4 hex; not guessable
    kind: Mapped[str] = mapped_column(sa.String(64), index=True)
    queue: Mapped[str] = mapped_column(sa.String(32))
    args: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # An optional caller-chosen key: enqueuing the same key again returns the existing task.
    key: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(sa.String(10), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    # The current stage: an untranslated message (N_) and its parameters, shown in the reader's language.
    stage: Mapped[str | None] = mapped_column(sa.String(200))
    stage_params: Mapped[dict | None] = mapped_column(sa.JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    # What went wrong: an untranslated message with parameters, and for unexpected errors the detail
    # (exception type and text) that only administrators see.
    error: Mapped[str | None] = mapped_column(sa.String(500))
    error_params: Mapped[dict | None] = mapped_column(sa.JSON)
    error_detail: Mapped[str | None] = mapped_column(sa.Text)
    worker: Mapped[str | None] = mapped_column(sa.String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    not_before: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    result_ttl: Mapped[int] = mapped_column(default=7 * 24 * 3600)
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # finished_at + result_ttl: the row is purged after this.
    expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)

    __table_args__ = (
        sa.CheckConstraint(sa.text("state IN ('queued','running','succeeded','failed','cancelled')"), name="state"),
        sa.CheckConstraint(sa.text("progress >= 0 AND progress <= 100"), name="progress_range"),
        sa.CheckConstraint(sa.text("attempts >= 0 AND max_attempts >= 1"), name="attempts"),
        sa.CheckConstraint(sa.text("state <> 'running' OR lease_expires_at IS NOT NULL"), name="running_lease"),
        sa.Index("ix_task_state_lease", "state", "lease_expires_at"),
    )

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL_STATES
