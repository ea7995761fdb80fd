"""Fixtures for background work: an app per engine on the test database, real rq worker processes on
Redis database 13 (``TEST_REDIS_URL``), users with phones, and a way to wait for tasks.
"""
import ctypes
import itertools
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from redis import Redis

from api import create_app
from api.config import testing_config
from jobs.registry import QUEUES
from labour.db import db
from tests.conftest import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
LEASE_SECONDS = 2
# Queues of this test session only: other sessions sharing Redis database 13 cannot take our jobs.
QUEUE_PREFIX = f"t{uuid.uuid4().hex[:8]}-"
SENDER = "tests.jobs.senders:SlowLabSender"
ENGINES = ("in-process", "rq")


def make_app(*, redis_url=None, sender=SENDER, **config):
    config.setdefault("JOBS_QUEUE_PREFIX", QUEUE_PREFIX)
    return create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL, REDIS_URL=redis_url,
                                     TASK_LEASE_SECONDS=LEASE_SECONDS, TASK_RETRY_DELAYS=[0], SMS_SENDER=sender,
                                     JOBS_THREADS=1, **config))


def _die_with_parent():
    """Linux: SIGTERM the worker when the test process dies, so an interrupted run leaves no orphans."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class WorkerProcess:
    """``python -m jobs.worker`` (or another entry point) as the Procfile runs it, pointed at the test
    database and a Redis."""

    def __init__(self, redis_url: str, log_path: Path, *, sender: str = SENDER, module: str = "jobs.worker",
                 prefix: str = QUEUE_PREFIX):
        self.redis_url, self.log_path, self.sender, self.module = redis_url, log_path, sender, module
        self.prefix = prefix
        self.process = None

    def env(self):
        env = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "REDIS_URL": self.redis_url, "SECRET_KEY": "t",
               "BLIND_INDEX_KEY": "t", "ID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
               "TASK_LEASE_SECONDS": str(LEASE_SECONDS), "TASK_RETRY_DELAYS": "0", "SMS_SENDER": self.sender,
               "JOBS_QUEUE_PREFIX": self.prefix,
               "PYTHONPATH": str(ROOT)}
        env.pop("LABOUR_ENV", None)
        return env

    def start(self) -> "WorkerProcess":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "-m", self.module], cwd=ROOT, env=self.env(),
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        log.close()
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def horses(self) -> list[int]:
        """The work horses (forked children) of this worker."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.pid:
                children.append(int(stat.parent.name))
        return children

    def kill(self) -> None:
        """SIGKILL the worker and its work horses, as when its machine or container dies."""
        horses = self.horses()
        for pid in [self.pid, *horses]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_until(predicate, *, timeout=30.0, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def task_row(app, task_id):
    from labour.tasks.models import Task

    with app.app_context():
        try:
            task = db.session.get(Task, task_id)
            if task is not None:
                db.session.expunge(task)
            return task
        finally:
            db.session.remove()


def wait_for_task(app, task_id, *, timeout=30.0):
    return wait_until(lambda: (t := task_row(app, task_id)) is not None and t.finished and t, timeout=timeout,
                      message=f"task {task_id} to finish")


def _idle(app) -> bool:
    from labour.tasks.models import Task

    engine = app.extensions["jobs"].engine
    with app.app_context():
        active = db.session.scalar(sa.select(sa.func.count()).select_from(Task).where(
            Task.state.in_(("queued", "running"))))
        db.session.remove()
    if engine.name == "in-process":
        return active == 0 and not engine._pending
    from rq import Queue
    from rq.registry import StartedJobRegistry

    names = [engine.queue_name(q) for q in QUEUES]
    busy = sum(Queue(q, connection=engine.connection).count + StartedJobRegistry(q, connection=engine.connection).count
               for q in names)
    return active == 0 and busy == 0


@pytest.fixture(scope="session")
def redis_13():
    """Redis database 13 of the shared server. Not flushed: other test sessions may be using it."""
    client = Redis.from_url(TEST_REDIS_URL)
    yield client
    for key in client.scan_iter(f"*{QUEUE_PREFIX}*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="session", params=ENGINES)
def engine_app(request, app, tmp_path_factory):
    """An app on each engine; for rq, with one worker process running for the whole session."""
    if request.param == "in-process":
        engine_app = make_app()
        yield engine_app
        engine_app.extensions["jobs"].engine.shutdown()
        return
    request.getfixturevalue("redis_13")
    engine_app = make_app(redis_url=TEST_REDIS_URL)
    worker = WorkerProcess(TEST_REDIS_URL, tmp_path_factory.mktemp("rq") / "worker.log").start()
    yield engine_app
    worker.stop()


@pytest.fixture
def jobs_app(engine_app):
    """The engine app for one test; waits until the engine is idle before the tables are emptied."""
    yield engine_app
    try:
        wait_until(lambda: _idle(engine_app), timeout=20, message="the engine to be idle")
    except AssertionError:
        time.sleep(LEASE_SECONDS)


_phones = itertools.count(1)


@pytest.fixture
def make_worker_user(app):
    """A worker account with a phone; ``suffix`` picks the test sender's behaviour (see senders.py)."""
    from labour.accounts import services

    def make(*, locale="zh_Hans", suffix=None, name=None):
        n = next(_phones)
        phone = f"137{n:04d}{suffix or '1234'}"
        with app.app_context():
            user = services.worker_register(phone=phone, password="correct horse", name=name or f"Dawa {n}",
                                            locale=locale)
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def notification_for(app):
    """Notify ``user`` of an application status change through the real service; returns its id."""
    from labour.notifications.services import notify

    counter = itertools.count(1)

    def make(user, *, status="offered", event="application_status_changed", **params):
        with app.app_context():
            n = notify(event=event, recipient_id=user.id, subject=f"application:{next(counter)}:{status}",
                       params={"position": "Road crew", "status": status, **params})
            return n.id

    return make
