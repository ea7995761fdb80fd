"""Matching: the daily batch assignment that proposes positions to free workers."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

import jobs
from jobs.registry import task
from jobs.runner import progress
from labour.i18n import N_
from labour.matching.services import batch_assignment_run
from labour.tasks.models import Task


def today() -> str:
    return datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date().isoformat()


def run_key(day: str, attempt: int = 1) -> str:
    """One run per day: enqueuing the same day's run again returns the first (its report is stored under this).
    A run that failed or was cancelled may be started again that day, as the next attempt under its own key."""
    return f"matching-run:{day}" if attempt == 1 else f"matching-run:{day}:{attempt}"


MAX_ATTEMPTS_PER_DAY = 5


def run_start(*, owner_id: int) -> Task:
    """Today's run: the one queued, running or done, else a new attempt after a failed or cancelled one (at
    most ``MAX_ATTEMPTS_PER_DAY``; then the last failed one is returned). Two officials asking at once get the
    same task: each attempt has its own unique key."""
    day = today()
    for attempt in range(1, MAX_ATTEMPTS_PER_DAY + 1):
        task = jobs.enqueue(batch_assignment, owner_id=owner_id, key=run_key(day, attempt), day=day, attempt=attempt)
        if task.state not in ("failed", "cancelled"):
            break
    return task


@task(queue="default", timeout=30 * 60, result_ttl=30 * 24 * 3600, max_attempts=2,
      label=N_("Propose positions to free workers"))
def batch_assignment(*, day: str, attempt: int = 1) -> dict:
    """Match every free worker with the open positions of ``day`` and write the proposals as offers.

    The result stays small (totals); the per-county report goes to its own table under the run's key.
    """
    counts = batch_assignment_run(progress=lambda percent, stage=None, **params: progress(percent, stage, **params),
                                  today=date.fromisoformat(day), run_key=run_key(day, attempt))
    return {"counties": len(counts), "eligible": sum(c["eligible"] for c in counts.values()),
            "proposed": sum(c["proposed"] for c in counts.values())}
