from datetime import datetime

import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db, utcnow
from labour.errors import NotFound
from labour.tasks.models import Task


def task_get(task_id: str) -> Task | None:
    return db.session.get(Task, task_id)


def task_get_for(*, task_id: str, user: User) -> Task:
    """The task if ``user`` asked for it or is an administrator; otherwise it does not exist for them."""
    task = db.session.get(Task, task_id) if len(task_id) <= 32 else None
    if task is None or (task.owner_id != user.id and user.role != "admin"):
        raise NotFound()
    return task


def tasks_waiting(*, queued_before: datetime, now: datetime | None = None) -> list[Task]:
    """Queued tasks that have waited since before ``queued_before`` and are due (not waiting for a retry)."""
    now = now or utcnow()
    return list(db.session.scalars(
        sa.select(Task).where(Task.state == "queued", Task.updated_at < queued_before,
                              sa.or_(Task.not_before.is_(None), Task.not_before <= now))
        .order_by(Task.created_at).limit(1000)))
