"""The reliability battery: real Redis, real ``python -m jobs.worker`` processes, real faults.

1. 500 tasks on two workers; one is killed with SIGKILL (with its work horse) in the middle of a task
   and a new worker is started. Every message is sent exactly once and no task is left running.
2. Redis (a dedicated ``redis-server`` on a spare port, without persistence) is killed in the middle of
   a run, more tasks are enqueued while it is down, then it is started again empty. Every task reaches a
   terminal state; none is lost silently.

The reconciler runs here every half second (``jobs.schedule`` runs it every minute in production).
Each test prints its figures as one line of JSON.
"""
import json
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter

import pytest
import sqlalchemy as sa
from redis import Redis

import jobs
from jobs.maintenance.tasks import tasks_reconcile
from jobs.notifications.tasks import deliver_notification
from labour.db import db
from labour.notifications.models import RecordedSms
from labour.tasks.models import Task
from tests.jobs.conftest import QUEUE_PREFIX, TEST_REDIS_URL, WorkerProcess, make_app, wait_until

SENDER = "tests.jobs.senders:LabSender"  # 10 ms per message


@pytest.fixture
def notifications(app):
    """``count`` notifications with a pending SMS each, for 50 recipients."""
    from labour.accounts.services import worker_register
    from labour.notifications.services import notify

    def make(count):
        with app.app_context():
            users = [worker_register(phone=f"136{n:04d}5678", password="correct horse", name=f"Pema {n}").id
                     for n in range(50)]
            return [notify(event="application_status_changed", recipient_id=users[n % 50],
                           subject=f"application:{n}:offered", params={"position": "Road crew", "status": "offered"}).id
                    for n in range(count)]

    return make


def _enqueue(app, notification_ids):
    with app.app_context():
        return [jobs.enqueue(deliver_notification, notification_id=n).id for n in notification_ids]


def _states(app) -> Counter:
    """Task states of the battery's tasks (the reconciler's own runs have rows too)."""
    with app.app_context():
        try:
            return Counter(dict(db.session.execute(
                sa.select(Task.state, sa.func.count()).where(Task.kind == deliver_notification.spec.kind)
                .group_by(Task.state)).all()))
        finally:
            db.session.remove()


def _reconcile_until_done(app, total, *, timeout):
    """Run the reconciler until every task is terminal; returns how many it pushed again or requeued."""
    rescued = Counter()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = _states(app)
        if states["succeeded"] + states["failed"] + states["cancelled"] == total:
            return rescued
        with app.app_context():
            rescued.update(tasks_reconcile())
            db.session.remove()
        time.sleep(0.5)
    raise AssertionError(f"tasks not finished after {timeout}s: {_states(app)}")


def _effects(app) -> tuple[int, int, int]:
    """(messages sent, distinct deliveries sent, deliveries sent more than once)."""
    with app.app_context():
        try:
            sent = db.session.scalar(sa.select(sa.func.count()).select_from(RecordedSms))
            per_key = db.session.execute(sa.select(RecordedSms.key, sa.func.count()).group_by(RecordedSms.key)).all()
            return sent, len(per_key), sum(1 for _, n in per_key if n > 1)
        finally:
            db.session.remove()


def _attempts(app) -> Counter:
    with app.app_context():
        try:
            return Counter(dict(db.session.execute(
                sa.select(Task.attempts, sa.func.count()).where(Task.kind == deliver_notification.spec.kind)
                .group_by(Task.attempts)).all()))
        finally:
            db.session.remove()


def test_a_worker_killed_mid_task_loses_nothing_and_repeats_nothing(app, redis_13, notifications, tmp_path):
    total = 500
    prefix = f"{QUEUE_PREFIX}sigkill-"  # its own queues: the killed worker leaves an abandoned job behind
    battery = make_app(redis_url=TEST_REDIS_URL, sender=SENDER, JOBS_QUEUE_PREFIX=prefix)
    ids = notifications(total)
    victim, survivor, replacement = (WorkerProcess(TEST_REDIS_URL, tmp_path / f"{name}.log", sender=SENDER,
                                                   prefix=prefix)
                                     for name in ("victim", "survivor", "replacement"))
    victim.start(), survivor.start()
    started = time.monotonic()
    try:
        task_ids = _enqueue(battery, ids)
        wait_until(lambda: _states(battery)["succeeded"] >= total // 4, timeout=60, message="a quarter done")

        def running_in(pids):
            """Tasks running in these work horses right now (a task row names its horse's pid)."""
            with battery.app_context():
                try:
                    rows = db.session.execute(sa.select(Task.id, Task.worker).where(Task.state == "running")).all()
                finally:
                    db.session.remove()
            return [task_id for task_id, worker in rows if int(worker.split(":")[1]) in pids]

        horses = set()
        while not running_in(horses):
            horses = set(victim.horses())
        victim.kill()
        interrupted = running_in(horses)  # still "running", with nobody left to finish them
        done_at_kill = _states(battery)["succeeded"]
        replacement.start()
        rescued = _reconcile_until_done(battery, total, timeout=90)
    finally:
        for worker in (victim, survivor, replacement):
            worker.stop()
        battery.extensions["jobs"].engine.connection.close()

    states, attempts = _states(battery), _attempts(battery)
    sent, distinct, duplicates = _effects(battery)
    figures = {"battery": "sigkill", "tasks": total, "kills": 1, "succeeded_before_kill": done_at_kill,
               "interrupted": len(interrupted), "requeued": rescued["requeued"],
               "pushed_again": rescued["pushed_again"], "retried_tasks": total - attempts[1],
               "messages_sent": sent, "duplicates": duplicates, "seconds": round(time.monotonic() - started, 1)}
    print("\n" + json.dumps(figures))
    assert states == Counter({"succeeded": total}), states
    assert len(set(task_ids)) == total
    assert (sent, distinct, duplicates) == (total, total, 0)
    assert interrupted and rescued["requeued"] >= len(interrupted)  # the kill did land mid-task
    with battery.app_context():
        for task_id in interrupted:
            assert db.session.get(Task, task_id).attempts == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A dedicated, throw-away redis-server without persistence: a restart loses everything in it."""

    def __init__(self, tmp_path):
        binary = shutil.which("redis-server")
        assert binary, "the battery needs redis-server installed"
        self.binary, self.dir, self.port = binary, tmp_path, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir), "--maxmemory-policy", "noeviction"],
            stdout=open(self.dir / "redis.log", "ab"), stderr=subprocess.STDOUT)
        client = Redis.from_url(self.url)
        wait_until(lambda: _pings(client), timeout=10, message="redis-server to start")
        client.close()
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def test_a_redis_restart_loses_no_task(app, notifications, tmp_path):
    total, before, during = 300, 200, 100
    server = RedisServer(tmp_path).start()
    battery = make_app(redis_url=server.url, sender=SENDER)
    ids = notifications(total)
    workers = [WorkerProcess(server.url, tmp_path / f"worker{n}.log", sender=SENDER).start() for n in (1, 2)]
    started = time.monotonic()
    try:
        _enqueue(battery, ids[:before])
        wait_until(lambda: _states(battery)["succeeded"] >= 50, timeout=60, message="50 tasks done")
        server.kill()  # everything queued in Redis is gone
        done_at_kill = _states(battery)["succeeded"]
        _enqueue(battery, ids[before:])  # pushes fail; the rows wait, queued
        time.sleep(1)
        server.start()
        rescued = _reconcile_until_done(battery, total, timeout=90)
        workers_alive = all(worker.process.poll() is None for worker in workers)
    finally:
        for worker in workers:
            worker.stop()
        battery.extensions["jobs"].engine.connection.close()
        if server.process.poll() is None:
            server.process.terminate()
            server.process.wait(10)

    states = _states(battery)
    sent, distinct, duplicates = _effects(battery)
    figures = {"battery": "redis_restart", "tasks": total, "enqueued_while_down": during, "redis_kills": 1,
               "succeeded_before_kill": done_at_kill, "pushed_again": rescued["pushed_again"],
               "requeued": rescued["requeued"], "messages_sent": sent, "duplicates": duplicates,
               "seconds": round(time.monotonic() - started, 1)}
    print("\n" + json.dumps(figures))
    assert states == Counter({"succeeded": total}), states
    assert (sent, distinct, duplicates) == (total, total, 0)
    assert rescued["pushed_again"] >= during  # the reconciler, not luck, brought the lost ones back
    assert workers_alive  # the workers rode out the restart on their own
