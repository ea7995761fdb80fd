"""Periodic work as data: rq's cron scheduler process with the RQ engine, the in-process timer without."""
import io

import sqlalchemy as sa

from jobs.engine import InProcessEngine, RQEngine
from jobs.progress import cli_reporter
from jobs.schedule import SCHEDULE
from labour.db import db
from labour.tasks.models import Task
from tests.jobs.conftest import TEST_REDIS_URL, WorkerProcess, make_app, wait_until

# Interval entries run once at start-up; crontab entries wait for their hour.
SCHEDULED = {entry.func.spec.kind for entry in SCHEDULE if entry.interval}
CRON = {entry.func.spec.kind: entry.cron for entry in SCHEDULE if entry.cron}


def _done_kinds(app) -> set:
    with app.app_context():
        try:
            return set(db.session.scalars(sa.select(Task.kind).where(Task.state == "succeeded")))
        finally:
            db.session.remove()


def test_the_engine_follows_redis_url(app):
    assert isinstance(make_app().extensions["jobs"].engine, InProcessEngine)
    assert isinstance(make_app(redis_url=TEST_REDIS_URL).extensions["jobs"].engine, RQEngine)


def test_the_rq_scheduler_runs_the_schedule_through_the_workers(app, redis_13, tmp_path):
    assert SCHEDULED == {"maintenance.tasks_reconcile", "notifications.notifications_deliver_due",
                         "maintenance.positions_close", "maintenance.idempotency_keys_expire",
                         "maintenance.tasks_purge"}
    assert CRON == {"maintenance.positions_closing_soon": "0 10 * * *", "training.followups_remind": "0 9 * * *",
                    "stats.stats_refresh": "15 * * * *", "wages.wages_remind": "0 11 * * *"}
    scheduler = WorkerProcess(TEST_REDIS_URL, tmp_path / "scheduler.log", module="jobs.scheduler")
    worker = WorkerProcess(TEST_REDIS_URL, tmp_path / "worker.log")
    probe = make_app(redis_url=TEST_REDIS_URL)
    try:
        worker.start(), scheduler.start()
        # Interval entries run once at start-up, each as a task row of its own.
        wait_until(lambda: _done_kinds(probe) >= SCHEDULED, timeout=30, interval=0.2,
                   message="every periodic task to run once")
    finally:
        scheduler.stop()
        worker.stop()
    assert scheduler.process.returncode == 0


def test_the_in_process_engine_runs_the_schedule_after_the_first_request(app):
    web = make_app(JOBS_SCHEDULE=True)
    try:
        assert _done_kinds(web) == set()  # building the app started nothing
        web.test_client().get("/api/v1/health")
        wait_until(lambda: _done_kinds(web) >= SCHEDULED, timeout=20, interval=0.1,
                   message="every periodic task to run once")
    finally:
        web.extensions["jobs"].engine.shutdown()


def test_cli_progress_bar_reports_done_of_total():
    out = io.StringIO()
    with cli_reporter("Loading", file=out) as report:
        for done in range(1, 11):
            report(done, 10)
    assert "Loading" in out.getvalue()
