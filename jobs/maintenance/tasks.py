"""Periodic housekeeping (see ``jobs/schedule.py``). Each one is safe to run twice or concurrently."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from labour.idempotency.services import idempotency_keys_purge
from jobs.registry import task
from jobs.runner import current_engine, settings
from labour.db import utcnow
from labour.i18n import N_
from labour.positions.services import positions_close_expired, positions_closing_soon_notify
from labour.tasks import selectors, services


@task(queue="maintenance", timeout=120, result_ttl=24 * 3600, max_attempts=1,
      label=N_("Queue again the tasks of lost workers"))
def tasks_reconcile() -> dict:
    """Tasks whose worker died (lease ran out) go back to the queue, or fail after their last attempt;
    queued tasks the queue no longer holds (Redis restarted, a push that failed) are pushed again.
    """
    engine = current_engine()
    requeued, failed = services.tasks_reclaim_expired()
    for task_row in requeued:
        engine.push(task_row)
    grace = timedelta(seconds=settings().lease_seconds)
    lost = [t for t in selectors.tasks_waiting(queued_before=utcnow() - grace) if not engine.is_pending(t)]
    for task_row in lost:
        engine.push(task_row)
    return {"requeued": len(requeued), "failed": len(failed), "pushed_again": len(lost)}


@task(queue="maintenance", timeout=600, result_ttl=24 * 3600, max_attempts=2, label=N_("Remove old tasks"))
def tasks_purge() -> dict:
    return {"deleted": services.tasks_purge()}


@task(queue="maintenance", timeout=300, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Close positions past their deadline"))
def positions_close() -> dict:
    today = datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()  # the deadline is a date in Tibet
    return {"closed": positions_close_expired(today=today)}


@task(queue="maintenance", timeout=300, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Tell employers of positions closing soon"))
def positions_closing_soon() -> dict:
    today = datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()
    return {"notified": positions_closing_soon_notify(today=today)}


@task(queue="maintenance", timeout=300, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Remove old idempotency keys"))
def idempotency_keys_expire() -> dict:
    return {"deleted": idempotency_keys_purge()}
