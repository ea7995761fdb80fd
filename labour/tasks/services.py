"""The task state machine. Every transition is one conditional UPDATE, so two workers (or a worker and
the reconciler) can race on a row and exactly one of them wins.

queued → running (``task_start``, takes a lease) → succeeded | failed | queued again (retry);
queued | running → cancelled (``task_cancel``); running with an expired lease → queued or failed
(``tasks_reclaim_expired``).
"""
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.db import atomic, db, utcnow
from labour.errors import Conflict
from labour.i18n import N_
from labour.tasks.models import ACTIVE_STATES, TERMINAL_STATES, Task

WORKER_LOST = N_("The task was given up: its worker stopped (attempts: %(attempts)s).")


def _update(task_id: str, where, **values) -> bool:
    result = db.session.execute(
        sa.update(Task).where(Task.id == task_id, *where).values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _fresh(task_id: str) -> Task | None:
    return db.session.get(Task, task_id, populate_existing=True)


def task_create(*, kind: str, queue: str, args: dict, owner_id: int | None = None, key: str | None = None,
                max_attempts: int = 3, result_ttl: int = 7 * 24 * 3600) -> tuple[Task, bool]:
    """A queued task; with ``key``, the task already made under that key if there is one.

    Returns ``(task, created)``.
    """
    with atomic():
        if key is not None:
            existing = db.session.scalar(sa.select(Task).where(Task.key == key))
            if existing is not None:
                return existing, False
        task = Task(id=uuid.uuid4().hex, kind=kind, queue=queue, args=args, owner_id=owner_id, key=key,
                    state="queued", progress=0, attempts=0, max_attempts=max_attempts, result_ttl=result_ttl)
        try:
            with db.session.begin_nested():
                db.session.add(task)
        except IntegrityError:
            if key is None:
                raise
            return db.session.scalar(sa.select(Task).where(Task.key == key)), False
    return task, True


def task_start(*, task_id: str, worker: str, lease_seconds: int, now: datetime | None = None) -> Task | None:
    """Claim a queued task (or one whose lease ran out) for ``worker``; None when it is not ours to run.

    A task delivered twice is started once: the second delivery finds it running under a live lease or
    finished, and does nothing.
    """
    now = now or utcnow()
    with atomic():
        claimable = sa.or_(Task.state == "queued", sa.and_(Task.state == "running", Task.lease_expires_at < now))
        won = _update(task_id, (claimable, Task.attempts < Task.max_attempts), state="running",
                      attempts=Task.attempts + 1, worker=worker,
                      lease_expires_at=now + timedelta(seconds=lease_seconds),
                      started_at=sa.func.coalesce(Task.started_at, now), not_before=None)
        return _fresh(task_id) if won else None


def task_heartbeat(*, task_id: str, worker: str, lease_seconds: int) -> bool:
    """Renew the lease; False when the task is no longer running under this worker (cancelled or taken over)."""
    with atomic():
        return _update(task_id, (Task.state == "running", Task.worker == worker),
                       lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))


def task_progress(*, task_id: str, worker: str, progress: int, stage: str | None, stage_params: dict | None,
                  lease_seconds: int) -> bool:
    """Record progress (0–100) and the stage, renewing the lease; False when the task is no longer ours."""
    with atomic():
        return _update(task_id, (Task.state == "running", Task.worker == worker),
                       progress=max(0, min(100, int(progress))), stage=stage, stage_params=stage_params or None,
                       lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))


def task_succeed(*, task_id: str, worker: str, result: dict | None) -> bool:
    """Finish a running task; False (and nothing written) when another worker or a cancel got there first."""
    now = utcnow()
    with atomic():
        task = _fresh(task_id)
        ttl = task.result_ttl if task else 0
        return _update(task_id, (Task.state == "running", Task.worker == worker), state="succeeded",
                       progress=100, result=result, error=None, error_params=None, error_detail=None,
                       lease_expires_at=None, finished_at=now, expires_at=now + timedelta(seconds=ttl))


def task_fail(*, task_id: str, worker: str, error: str, error_params: dict | None = None,
              error_detail: str | None = None, retry_in: float | None = None) -> Task | None:
    """Record a failure. With ``retry_in`` and attempts left the task goes back to the queue (to run after
    ``retry_in`` seconds); otherwise it ends as failed. None when the task was no longer ours.
    """
    now = utcnow()
    with atomic():
        task = _fresh(task_id)
        if task is None or task.state != "running" or task.worker != worker:
            return None
        common = dict(error=error[:500], error_params=error_params or None,
                      error_detail=error_detail[:4000] if error_detail else None, lease_expires_at=None)
        if retry_in is not None and task.attempts < task.max_attempts:
            won = _update(task_id, (Task.state == "running", Task.worker == worker), state="queued", worker=None,
                          not_before=now + timedelta(seconds=retry_in), **common)
        else:
            won = _update(task_id, (Task.state == "running", Task.worker == worker), state="failed",
                          finished_at=now, expires_at=now + timedelta(seconds=task.result_ttl), **common)
        return _fresh(task_id) if won else None


def task_cancel(*, task: Task) -> Task:
    """Cancel a queued or running task. A running one stops at its next progress report; steps it
    already finished stay done (each is idempotent and complete on its own).
    """
    now = utcnow()
    with atomic():
        won = _update(task.id, (Task.state.in_(ACTIVE_STATES),), state="cancelled", lease_expires_at=None,
                      finished_at=now, expires_at=now + timedelta(seconds=task.result_ttl))
        if not won:
            raise Conflict(N_("This task has already finished."), code="task_finished")
        return _fresh(task.id)


def tasks_reclaim_expired(*, now: datetime | None = None) -> tuple[list[Task], list[Task]]:
    """Running tasks whose lease ran out (their worker died): back to the queue while attempts are left,
    otherwise failed with the reason. Returns ``(requeued, failed)``; the caller pushes the requeued ones.
    """
    now = now or utcnow()
    expired = (Task.state == "running", Task.lease_expires_at < now)
    with atomic():
        requeued = list(db.session.scalars(
            sa.update(Task).where(*expired, Task.attempts < Task.max_attempts)
            .values(state="queued", worker=None, lease_expires_at=None, not_before=None, updated_at=now)
            .returning(Task).execution_options(synchronize_session=False, populate_existing=True)))
        failed = []
        for task in db.session.scalars(sa.select(Task).where(*expired, Task.attempts >= Task.max_attempts)):
            if _update(task.id, expired, state="failed", error=WORKER_LOST, error_params={"attempts": task.attempts},
                       lease_expires_at=None, finished_at=now,
                       expires_at=now + timedelta(seconds=task.result_ttl)):
                failed.append(task)
    return requeued, failed


def tasks_purge(*, now: datetime | None = None) -> int:
    """Delete finished tasks whose result has outlived its time to live."""
    with atomic():
        result = db.session.execute(sa.delete(Task).where(Task.state.in_(TERMINAL_STATES),
                                                          Task.expires_at < (now or utcnow())))
        return result.rowcount
