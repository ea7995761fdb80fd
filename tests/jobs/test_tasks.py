"""One suite, two engines: everything here runs on the in-process thread pool and on a real rq worker
process, through the same task functions and the same task rows.
"""
import time

import sqlalchemy as sa

import jobs
from jobs.notifications.tasks import deliver_notification, notifications_deliver_due
from labour.db import db
from labour.notifications.models import RecordedSms
from labour.tasks import selectors, services
from tests.jobs.conftest import LEASE_SECONDS, task_row, wait_for_task, wait_until


def _enqueue(app, func, *, owner=None, **kwargs):
    with app.app_context():
        return jobs.enqueue(func, owner_id=owner.id if owner else None, **kwargs).id


def _sent(app) -> int:
    with app.app_context():
        try:
            return db.session.scalar(sa.select(sa.func.count()).select_from(RecordedSms))
        finally:
            db.session.remove()


def test_progress_reaches_100_and_clients_can_watch_it(jobs_app, make_worker_user, notification_for, login_client):
    user = make_worker_user()
    for _ in range(40):  # 40 messages at 50 ms each: about two seconds of work
        notification_for(user)
    task_id = _enqueue(jobs_app, notifications_deliver_due, owner=user)
    client = login_client(user)
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/tasks/{task_id}?lang=en").json
        seen.append((body["state"], body["progress"], body["stage"]))
        if body["state"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    assert body["state"] == "succeeded" and body["progress"] == 100
    assert body["result"] == {"sent": 40} and body["attempts"] == 1
    assert body["label"] == "Send waiting and failed notifications" and body["state_label"] == "Done"
    assert any(state == "running" and 0 < progress < 100 for state, progress, _ in seen), seen
    assert any(stage and stage.startswith("Sent ") and stage.endswith("of 40 messages") for *_, stage in seen)
    assert _sent(jobs_app) == 40


def test_failure_is_recorded_with_its_message_and_retries_are_bounded(jobs_app, make_worker_user,
                                                                      notification_for, login_client, make_user):
    user = make_worker_user(suffix="0000")  # the SMS plug-in crashes for this number
    task_id = _enqueue(jobs_app, deliver_notification, owner=user, notification_id=notification_for(user))
    task = wait_for_task(jobs_app, task_id)
    assert task.state == "failed" and task.attempts == task.max_attempts == 3
    owner_view = login_client(user).get(f"/api/v1/tasks/{task_id}?lang=en").json
    assert owner_view["error"] == "The task failed unexpectedly." and owner_view["error_detail"] is None
    admin_view = login_client(make_user("admin")).get(f"/api/v1/tasks/{task_id}?lang=en").json
    assert admin_view["error_detail"] == "RuntimeError: provider misconfigured"
    assert _sent(jobs_app) == 0


def test_cancel_a_queued_task(jobs_app, make_worker_user, notification_for, login_client):
    user = make_worker_user()
    for _ in range(20):
        notification_for(user)
    busy = _enqueue(jobs_app, notifications_deliver_due)  # one worker, one thread: the next task waits
    wait_until(lambda: task_row(jobs_app, busy).state == "running", message="the first task to start")
    other = make_worker_user()
    waiting = _enqueue(jobs_app, deliver_notification, owner=other, notification_id=notification_for(other))
    response = login_client(other).delete(f"/api/v1/tasks/{waiting}")
    assert response.status_code == 200 and response.json["state"] == "cancelled"
    wait_for_task(jobs_app, busy)
    time.sleep(0.3)
    assert task_row(jobs_app, waiting).state == "cancelled" and task_row(jobs_app, waiting).attempts == 0
    assert _sent(jobs_app) == 20  # the cancelled task's message was not sent
    assert login_client(other).delete(f"/api/v1/tasks/{waiting}").status_code == 409


def test_cancel_a_running_task_stops_it_at_its_next_report(jobs_app, make_worker_user, notification_for,
                                                           login_client):
    user = make_worker_user()
    for _ in range(60):  # three seconds of sending
        notification_for(user)
    task_id = _enqueue(jobs_app, notifications_deliver_due, owner=user)
    wait_until(lambda: (t := task_row(jobs_app, task_id)).state == "running" and t.progress > 0,
               message="the task to make progress")
    response = login_client(user).delete(f"/api/v1/tasks/{task_id}")
    assert response.status_code == 200 and response.json["state"] == "cancelled"
    time.sleep(LEASE_SECONDS)
    sent = _sent(jobs_app)
    time.sleep(0.5)
    assert _sent(jobs_app) == sent < 60  # it stopped, and stays stopped
    task = task_row(jobs_app, task_id)
    assert task.state == "cancelled" and task.result is None  # the worker did not overwrite the cancel


def test_a_second_run_changes_nothing(jobs_app, make_worker_user, notification_for):
    user = make_worker_user()
    notification_id = notification_for(user)
    first = _enqueue(jobs_app, deliver_notification, notification_id=notification_id)
    second = _enqueue(jobs_app, deliver_notification, notification_id=notification_id)
    assert wait_for_task(jobs_app, first).state == wait_for_task(jobs_app, second).state == "succeeded"
    with jobs_app.app_context():
        assert deliver_notification(notification_id=notification_id) == {}  # and a third, run here
        assert notifications_deliver_due() == {}
    assert _sent(jobs_app) == 1
    results = [task_row(jobs_app, first).result, task_row(jobs_app, second).result]
    assert sorted(results, key=len) == [{}, {"sent": 1}]


def test_a_task_delivered_twice_runs_once(jobs_app, make_worker_user, notification_for):
    user = make_worker_user()
    task_id = _enqueue(jobs_app, deliver_notification, notification_id=notification_for(user))
    wait_for_task(jobs_app, task_id)
    with jobs_app.app_context():
        jobs_app.extensions["jobs"].engine.push(selectors.task_get(task_id))  # the queue repeats a delivery
    time.sleep(0.5)
    assert task_row(jobs_app, task_id).attempts == 1 and _sent(jobs_app) == 1


def test_the_reconciler_requeues_a_dead_workers_task_then_gives_up(jobs_app, make_worker_user, notification_for):
    from jobs.maintenance.tasks import tasks_reconcile

    user = make_worker_user()
    notification_id = notification_for(user)
    with jobs_app.app_context():
        # A worker claimed the task and died: its lease runs out and nobody finishes it.
        task, _ = services.task_create(kind=deliver_notification.spec.kind, queue="notifications",
                                       args={"notification_id": notification_id}, max_attempts=2)
        task_id = task.id
        assert services.task_start(task_id=task_id, worker="ghost:1", lease_seconds=-1)
        assert tasks_reconcile()["requeued"] == 1
    task = wait_for_task(jobs_app, task_id)
    assert task.state == "succeeded" and task.attempts == 2 and _sent(jobs_app) == 1

    with jobs_app.app_context():
        task, _ = services.task_create(kind=deliver_notification.spec.kind, queue="notifications",
                                       args={"notification_id": notification_id}, max_attempts=1)
        task_id = task.id
        services.task_start(task_id=task_id, worker="ghost:2", lease_seconds=-1)
        assert tasks_reconcile()["failed"] == 1
    task = task_row(jobs_app, task_id)
    assert task.state == "failed" and task.error_params == {"attempts": 1}
    with jobs_app.test_request_context("/?lang=en"):
        from api.tasks.schemas import TaskSchema
        assert TaskSchema().dump(task)["error"] == "The task was given up: its worker stopped (attempts: 1)."


def test_a_queued_task_the_queue_lost_is_pushed_again(jobs_app, make_worker_user, notification_for):
    from jobs.maintenance.tasks import tasks_reconcile

    user = make_worker_user()
    with jobs_app.app_context():
        # The row was committed but the push never reached the queue (Redis down, process died).
        task, _ = services.task_create(kind=deliver_notification.spec.kind, queue="notifications",
                                       args={"notification_id": notification_for(user)})
        assert tasks_reconcile()["pushed_again"] == 0  # still within its grace period
        task_id = task.id
        db.session.execute(sa.text("UPDATE task SET updated_at = now() - interval '1 hour' WHERE id = :id"),
                           {"id": task_id})
        db.session.commit()
        assert tasks_reconcile()["pushed_again"] == 1
    assert wait_for_task(jobs_app, task_id).state == "succeeded" and _sent(jobs_app) == 1


def test_only_the_owner_and_admins_see_a_task(jobs_app, make_worker_user, make_user, notification_for, login_client,
                                              client):
    owner, stranger = make_worker_user(), make_worker_user()
    task_id = _enqueue(jobs_app, deliver_notification, owner=owner, notification_id=notification_for(owner))
    wait_for_task(jobs_app, task_id)
    assert login_client(owner).get(f"/api/v1/tasks/{task_id}").status_code == 200
    assert login_client(make_user("admin")).get(f"/api/v1/tasks/{task_id}").status_code == 200
    assert login_client(stranger).get(f"/api/v1/tasks/{task_id}").status_code == 404
    assert login_client(stranger).delete(f"/api/v1/tasks/{task_id}").status_code == 404
    assert login_client(make_user("official", division_code="540100")).get(
        f"/api/v1/tasks/{task_id}").status_code == 404
    assert client.get(f"/api/v1/tasks/{task_id}").status_code == 401
    assert login_client(owner).get("/api/v1/tasks/" + "f" * 40).status_code == 404
    assert login_client(owner).delete(f"/api/v1/tasks/{task_id}").status_code == 409  # already done


def test_arguments_must_be_ids(jobs_app):
    import pytest

    with jobs_app.app_context(), pytest.raises(TypeError, match="not an id"):
        jobs.enqueue(deliver_notification, notification_id=object())
    with pytest.raises(TypeError, match="not a task"):
        jobs.enqueue(print)
