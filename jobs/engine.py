"""The two engines that run the same task rows.

- :class:`InProcessEngine` (``REDIS_URL`` unset): a thread pool inside the web process, plus a small
  timer thread for the periodic schedule. For one machine: a laptop, a demo, a county office.
- :class:`RQEngine` (``REDIS_URL`` set): rq queues in Redis, worker processes (``python -m jobs.worker``)
  and rq's cron scheduler (``python -m jobs.scheduler``).

An engine only carries task ids; the database row is the truth. Pushing may fail (Redis away): the row
stays queued and the reconciler pushes it again, so a task is never lost silently.
"""
import logging
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from redis import Redis
from redis.exceptions import RedisError

from rq import Queue
from rq.cron import CronJob
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.utils import now

from jobs.registry import TASKS, spec_of
from jobs.runner import execute
from jobs.schedule import SCHEDULE
from labour.db import db
from labour.tasks.models import Task

log = logging.getLogger(__name__)


def job_id(task: Task) -> str:
    """One rq job per attempt, so a retry never collides with the job that is just ending."""
    return f"{task.id}-{task.attempts}"


class InProcessEngine:
    name = "in-process"

    def __init__(self, app, *, threads: int):
        self.app, self.threads = app, threads
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Counter = Counter()
        self._lock = threading.Lock()
        self._schedule: threading.Thread | None = None
        self._stop = threading.Event()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:  # threads start on first use, never at import or app creation
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="task")
            return self._pool

    def push(self, task: Task, *, delay: float | None = None) -> None:
        with self._lock:
            self._pending[task.id] += 1
        if delay:
            timer = threading.Timer(delay, self._submit, (task.id,))
            timer.daemon = True
            timer.start()
        else:
            self._submit(task.id)

    def _submit(self, task_id: str) -> None:
        self._executor().submit(self._run, task_id)

    def _run(self, task_id: str) -> None:
        try:
            with self.app.app_context():
                try:
                    execute(task_id)
                finally:
                    db.session.remove()
        except Exception:
            log.exception("task %s failed", task_id)
        finally:
            with self._lock:
                self._pending[task_id] -= 1
                if self._pending[task_id] <= 0:
                    del self._pending[task_id]

    def is_pending(self, task: Task) -> bool:
        with self._lock:
            return task.id in self._pending

    def discard(self, task: Task) -> None:
        """Nothing to take out: a cancelled row is skipped when its turn comes."""

    def start_schedule(self) -> None:
        """Run the periodic schedule in this process (once; later calls do nothing)."""
        with self._lock:
            if self._schedule is not None:
                return
            self._schedule = threading.Thread(target=self._schedule_loop, name="task-schedule", daemon=True)
        self._schedule.start()

    def _schedule_loop(self) -> None:
        from jobs import enqueue  # the package imports this module, so its names are read here

        # rq's own CronJob does the timing (interval or cron string), so both engines read the
        # schedule the same way; here it needs no Redis because nothing calls CronJob.enqueue.
        entries = [CronJob(queue_name=spec_of(p.func).queue, func=p.func, interval=p.interval, cron=p.cron)
                   for p in SCHEDULE]

        while not self._stop.is_set():
            for entry in entries:
                if entry.should_run():
                    entry.set_enqueue_time(now())
                    try:
                        with self.app.app_context():
                            enqueue(entry.func)
                    except Exception:
                        log.exception("could not queue periodic task %s", entry.name)
            due = [e.next_enqueue_time for e in entries if e.next_enqueue_time]
            wait = min(((min(due) - now()).total_seconds() if due else 60), 60)
            self._stop.wait(max(wait, 0.5))

    def shutdown(self, wait: bool = True) -> None:
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=wait)


class RQEngine:
    name = "rq"
    ACTIVE = ("queued", "started", "scheduled", "deferred")

    def __init__(self, url: str, *, prefix: str = ""):
        # No connection is made here: redis-py connects on first use.
        self.connection = Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30,
                                         health_check_interval=30)
        self.prefix = prefix

    def queue_name(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def queue(self, name: str) -> Queue:
        return Queue(self.queue_name(name), connection=self.connection)

    def push(self, task: Task, *, delay: float | None = None) -> None:
        spec = TASKS.get(task.kind)
        options = dict(job_id=job_id(task), description=f"{task.kind} {task.id}",
                       job_timeout=spec.timeout if spec else 300, result_ttl=spec.result_ttl if spec else 3600,
                       failure_ttl=spec.result_ttl if spec else 3600)
        try:
            queue = self.queue(task.queue)
            if delay:
                queue.enqueue_in(timedelta(seconds=delay), execute, task.id, **options)
            else:
                queue.enqueue(execute, task.id, **options)
        except RedisError as error:
            log.warning("could not queue task %s (%s); the reconciler will queue it again", task.id, error)

    def is_pending(self, task: Task) -> bool:
        try:
            return Job.fetch(job_id(task), connection=self.connection).get_status() in self.ACTIVE
        except NoSuchJobError:
            return False
        except RedisError:
            return True  # cannot tell now; do not push twice

    def discard(self, task: Task) -> None:
        """Take a cancelled task's job out of its queue (a worker would skip it anyway)."""
        try:
            job = Job.fetch(job_id(task), connection=self.connection)
            if job.get_status() in ("queued", "scheduled", "deferred"):
                job.cancel()
        except (NoSuchJobError, InvalidJobOperation, RedisError):
            pass
