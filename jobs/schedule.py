"""Periodic work, declared as data. The RQ engine hands it to rq's cron scheduler
(``python -m jobs.scheduler``); the in-process engine times it with rq's own ``CronJob`` in a thread.

``interval`` is in seconds (the first run is at start-up); ``cron`` is a crontab line in the server's
local time. Every entry is idempotent, so a run repeated after a restart changes nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass

from jobs.maintenance.tasks import (idempotency_keys_expire, positions_close, positions_closing_soon, tasks_purge,
                                    tasks_reconcile)
from jobs.notifications.tasks import notifications_deliver_due
from jobs.stats.tasks import stats_refresh
from jobs.training.tasks import followups_remind
from jobs.wages.tasks import wages_remind


@dataclass(frozen=True)
class Periodic:
    func: Callable  # a @task taking no arguments
    interval: int | None = None
    cron: str | None = None


SCHEDULE = (
    Periodic(tasks_reconcile, interval=60),
    Periodic(notifications_deliver_due, interval=60),
    Periodic(positions_close, interval=3600),
    Periodic(idempotency_keys_expire, interval=6 * 3600),
    Periodic(tasks_purge, interval=24 * 3600),
    Periodic(positions_closing_soon, cron="0 10 * * *"),
    Periodic(stats_refresh, cron="15 * * * *"),  # hourly rollup for the dashboards (about a minute per 1M placements)
    Periodic(followups_remind, cron="0 9 * * *"),  # daily, in office hours; looks back 90 days, so none is missed
    Periodic(wages_remind, cron="0 11 * * *"),  # daily: the 1st tells every worker due, later days only latecomers
)


def register(scheduler, *, queue_name=str) -> None:
    """Register the schedule with an ``rq.cron.CronScheduler``; ``queue_name`` maps to the real queue names."""
    for entry in SCHEDULE:
        spec = entry.func.spec
        scheduler.register(entry.func, queue_name(spec.queue), interval=entry.interval, cron=entry.cron,
                           job_timeout=spec.timeout, result_ttl=600, failure_ttl=spec.result_ttl)
