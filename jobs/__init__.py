"""Background work. See README.md for the layer rule and how to run web, worker and scheduler.

Define::

    @task(queue="notifications", timeout=60, result_ttl=86400)
    def deliver_notification(*, notification_id: int): ...

Enqueue by importing the function::

    from jobs import enqueue
    from jobs.notifications.tasks import deliver_notification
    task = enqueue(deliver_notification, owner_id=user.id, notification_id=5)   # a labour Task row

Report progress from inside: ``progress(40, N_("Matching"))``.
"""
from flask import Flask

from jobs.engine import InProcessEngine, RQEngine
from jobs.registry import QUEUES, check_args, spec_of, task
from jobs.runner import Settings, TaskCancelled, current_engine, progress
from labour.tasks.models import Task
from labour.tasks.services import task_cancel, task_create

__all__ = ["QUEUES", "Task", "TaskCancelled", "cancel", "enqueue", "init_app", "progress", "task"]


def load_tasks() -> None:
    """Import every task module, so that any task row can be run by kind. Add new task modules here."""
    import jobs.maintenance.tasks  # noqa: F401
    import jobs.notifications.tasks  # noqa: F401
    import jobs.training.tasks  # noqa: F401
    import jobs.stats.tasks  # noqa: F401
    import jobs.matching.tasks  # noqa: F401
    import jobs.wages.tasks  # noqa: F401


def init_app(app: Flask) -> None:
    load_tasks()
    config = app.config
    url = config["REDIS_URL"]
    if url:
        engine = RQEngine(url, prefix=config["JOBS_QUEUE_PREFIX"])
    else:
        engine = InProcessEngine(app, threads=config["JOBS_THREADS"])
    app.extensions["jobs"] = Settings(engine=engine, lease_seconds=config["TASK_LEASE_SECONDS"],
                                      retry_delays=tuple(config["TASK_RETRY_DELAYS"]))
    if not url and config["JOBS_SCHEDULE"]:
        # Started by the first request, not here: `flask db upgrade` and friends build the app too.
        app.before_request(engine.start_schedule)


def enqueue(func, *, owner_id: int | None = None, key: str | None = None, **kwargs) -> Task:
    """Queue the task ``func`` with id arguments ``kwargs``; returns its row (poll it for progress).

    ``owner_id`` is who asked (they may read and cancel it). With ``key``, enqueuing the same key again
    returns the first task instead of making another.
    """
    spec = spec_of(func)
    task, created = task_create(kind=spec.kind, queue=spec.queue, args=check_args(kwargs), owner_id=owner_id,
                                key=key, max_attempts=spec.max_attempts, result_ttl=spec.result_ttl)
    if created:
        current_engine().push(task)
    return task


def cancel(task: Task) -> Task:
    """Cancel a queued or running task (409 when it has finished)."""
    task = task_cancel(task=task)
    current_engine().discard(task)
    return task
