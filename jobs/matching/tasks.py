"""Matching: the daily batch assignment that proposes positions to free workers."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from jobs.registry import task
from jobs.runner import progress
from labour.i18n import N_
from labour.matching.services import batch_assignment_run


def today() -> str:
    return datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date().isoformat()


def run_key(day: str) -> str:
    """One run per day: enqueuing the same day's run again returns the first (its report is stored under this)."""
    return f"matching-run:{day}"


@task(queue="default", timeout=30 * 60, result_ttl=30 * 24 * 3600, max_attempts=2,
      label=N_("Propose positions to free workers"))
def batch_assignment(*, day: str) -> dict:
    """Match every free worker with the open positions of ``day`` and write the proposals as offers.

    The result stays small (totals); the per-county report goes to its own table under the run's key.
    """
    counts = batch_assignment_run(progress=lambda percent, stage=None, **params: progress(percent, stage, **params),
                                  today=date.fromisoformat(day), run_key=run_key(day))
    return {"counties": len(counts), "eligible": sum(c["eligible"] for c in counts.values()),
            "proposed": sum(c["proposed"] for c in counts.values())}
