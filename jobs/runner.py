"""Running one task row: claim it with a lease, keep the lease alive, run the function, record the end.

Both engines call :func:`execute` with a task id (the rq worker in its work horse, the in-process
engine in a pool thread), always inside an app context.
"""
import logging
import os
import socket
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from flask import current_app
from rq.timeouts import JobTimeoutException

from jobs.registry import TASKS, TaskSpec
from labour.db import db
from labour.errors import DomainError
from labour.i18n import N_
from labour.tasks import selectors, services

log = logging.getLogger(__name__)

FAILED_UNEXPECTEDLY = N_("The task failed unexpectedly.")
TIMED_OUT = N_("The task took too long and was stopped.")
UNKNOWN_KIND = N_("This kind of task no longer exists.")


@dataclass(frozen=True)
class Settings:
    """What ``jobs.init_app`` sets up, in ``app.extensions["jobs"]``."""

    engine: object  # jobs.engine.InProcessEngine or RQEngine: push(task, delay=), is_pending(task), discard(task)
    lease_seconds: int
    retry_delays: tuple


def settings() -> Settings:
    return current_app.extensions["jobs"]


def current_engine():
    return settings().engine


class TaskCancelled(Exception):
    """The row was cancelled (or taken over by another worker): stop, keep what is done."""


class TaskTimeout(Exception):
    """The in-process engine's counterpart of rq's job timeout, raised at a progress report."""


@dataclass
class RunContext:
    task_id: str
    worker: str
    lease_seconds: int
    deadline: float
    lost: threading.Event = field(default_factory=threading.Event)
    last_write: float = 0.0
    last: tuple = (None, None, None)

    def report(self, percent: int, stage: str | None, params: dict) -> None:
        if self.lost.is_set():
            raise TaskCancelled()
        if time.monotonic() > self.deadline:
            raise TaskTimeout()
        percent = max(0, min(100, int(percent)))
        current = (percent, stage, params or None)
        clock = time.monotonic()
        # Progress is for people polling a page: one write a second is plenty, except for a new stage.
        if current == self.last or (stage == self.last[1] and clock - self.last_write < 1.0 and percent < 100):
            return
        self.last, self.last_write = current, clock
        if not services.task_progress(task_id=self.task_id, worker=self.worker, progress=percent, stage=stage,
                                      stage_params=params or None, lease_seconds=self.lease_seconds):
            self.lost.set()
            raise TaskCancelled()


_current: ContextVar[RunContext | None] = ContextVar("jobs_current_task", default=None)


def progress(percent: int, stage: str | None = None, **params) -> None:
    """Report progress from inside a task: ``progress(40, N_("Matching %(n)s workers"), n=1200)``.

    Raises :class:`TaskCancelled` when the task was cancelled meanwhile. Outside a task it does nothing,
    so domain loops can report unconditionally.
    """
    context = _current.get()
    if context is not None:
        context.report(percent, stage, params)


def worker_name() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{threading.get_ident()}"


class _Heartbeat(threading.Thread):
    """Renews the lease while the task runs, so long steps without progress reports keep it."""

    def __init__(self, app, context: RunContext):
        super().__init__(daemon=True, name=f"lease-{context.task_id[:8]}")
        self.app, self.context = app, context
        self.stopped = threading.Event()

    def run(self):
        interval = max(0.2, self.context.lease_seconds / 3)
        while not self.stopped.wait(interval):
            with self.app.app_context():
                try:
                    held = services.task_heartbeat(task_id=self.context.task_id, worker=self.context.worker,
                                                   lease_seconds=self.context.lease_seconds)
                except Exception:  # the database is away: keep trying until the lease runs out
                    log.warning("lease renewal of task %s failed", self.context.task_id, exc_info=True)
                    continue
                finally:
                    db.session.remove()
            if not held:
                self.context.lost.set()
                return


def _describe(error: BaseException) -> tuple[str, dict, str | None, bool]:
    """(message, params, detail for admins, worth retrying)."""
    if isinstance(error, DomainError):
        return error.message.msgid, dict(error.message.params), None, False
    detail = f"{type(error).__name__}: {error}"
    if isinstance(error, (TaskTimeout, JobTimeoutException)):
        return TIMED_OUT, {}, detail, True
    return FAILED_UNEXPECTEDLY, {}, detail, True


def execute(task_id: str):
    """Run the task row ``task_id`` if it is still to be run. The engines' one entry point."""
    task = selectors.task_get(task_id)
    if task is None:
        return None
    spec = TASKS.get(task.kind)
    if spec is None:
        worker = worker_name()
        if services.task_start(task_id=task_id, worker=worker, lease_seconds=60):
            services.task_fail(task_id=task_id, worker=worker, error=UNKNOWN_KIND, error_detail=task.kind)
        return None
    return _run(spec, task_id)


def run_inline(spec: TaskSpec, kwargs: dict):
    """Make a row for ``spec`` with ``kwargs`` and run it in this thread (a direct call of a task)."""
    task, _ = services.task_create(kind=spec.kind, queue=spec.queue, args=kwargs, max_attempts=spec.max_attempts,
                                   result_ttl=spec.result_ttl)
    return _run(spec, task.id)


def _run(spec: TaskSpec, task_id: str):
    config = settings()
    worker = worker_name()
    task = services.task_start(task_id=task_id, worker=worker, lease_seconds=config.lease_seconds)
    if task is None:
        return None  # finished, cancelled, or held by a live worker: a repeated delivery changes nothing
    args, attempt = dict(task.args), task.attempts
    context = RunContext(task_id=task_id, worker=worker, lease_seconds=config.lease_seconds,
                         deadline=time.monotonic() + spec.timeout)
    token = _current.set(context)
    heartbeat = _Heartbeat(current_app._get_current_object(), context)
    heartbeat.start()
    try:
        result = spec.func(**args)
    except TaskCancelled:
        db.session.rollback()
        log.info("task %s stopped: cancelled or taken over", task_id)
        return None
    except Exception as error:
        db.session.rollback()
        message, params, detail, retry = _describe(error)
        delay = config.retry_delays[min(attempt, len(config.retry_delays)) - 1] if config.retry_delays else 0
        after = services.task_fail(task_id=task_id, worker=worker, error=message, error_params=params,
                                   error_detail=detail, retry_in=delay if retry else None)
        if after is not None and after.state == "queued":
            log.warning("task %s (%s) failed, attempt %s of %s: %s", task_id, spec.kind, attempt,
                        spec.max_attempts, detail)
            current_engine().push(after, delay=delay)
            return None
        if after is not None:  # failed for good: let the engine (rq's failed registry, the log) see it
            raise
        return None
    finally:
        heartbeat.stopped.set()
        _current.reset(token)
    if result is not None and not isinstance(result, dict):
        result = {"value": result}
    services.task_succeed(task_id=task_id, worker=worker, result=result)
    return result
