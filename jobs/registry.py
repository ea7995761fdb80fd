"""Defining tasks: ``@task(queue=…, timeout=…, result_ttl=…)`` on a function that takes ids as keyword
arguments. The registry maps a task row's ``kind`` back to its function, so a worker (or the reconciler)
can run any row it is given.
"""
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

QUEUES = ("notifications", "default", "imports", "maintenance")  # a worker listens in this order


@dataclass(frozen=True)
class TaskSpec:
    kind: str
    func: Callable
    queue: str
    timeout: int
    result_ttl: int
    max_attempts: int
    label: str


TASKS: dict[str, TaskSpec] = {}


def _kind(func: Callable) -> str:
    """``jobs.notifications.tasks.deliver_notification`` → ``notifications.deliver_notification``."""
    module = func.__module__.removeprefix("jobs.").removesuffix(".tasks")
    return f"{module}.{func.__name__}"


def task(*, queue: str = "default", timeout: int = 300, result_ttl: int = 7 * 24 * 3600, max_attempts: int = 3,
         label: str | None = None):
    """Make ``func`` a task. ``jobs.enqueue(func, **ids)`` queues it; calling ``func(**ids)`` runs it here
    and now, with a task row all the same (that is how the rq scheduler's periodic runs get their rows).
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; use one of {QUEUES}")

    def decorator(func: Callable) -> Callable:
        spec = TaskSpec(kind=_kind(func), func=func, queue=queue, timeout=timeout, result_ttl=result_ttl,
                        max_attempts=max_attempts, label=label or func.__name__)
        if spec.kind in TASKS and TASKS[spec.kind].func.__qualname__ != func.__qualname__:
            raise ValueError(f"two tasks named {spec.kind}")

        @functools.wraps(func)
        def run_here(**kwargs):
            from jobs.runner import run_inline

            return run_inline(spec, check_args(kwargs))

        run_here.spec = spec
        TASKS[spec.kind] = spec
        return run_here

    return decorator


def spec_of(func: Callable) -> TaskSpec:
    spec = getattr(func, "spec", None)
    if not isinstance(spec, TaskSpec):
        raise TypeError(f"{func!r} is not a task; decorate it with @jobs.task")
    return spec


def _plain(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (bool, int, str))


def check_args(kwargs: dict) -> dict:
    """Task arguments are ids: numbers, strings, booleans, None or lists of them (stored as JSON)."""
    for name, value in kwargs.items():
        if not _plain(value):
            raise TypeError(f"task argument {name}={value!r} is not an id; pass ids, not objects")
    return json.loads(json.dumps(kwargs))
