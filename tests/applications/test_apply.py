"""Applying, withdrawing, re-applying, idempotent replays, and the worker's own list."""
from datetime import date, timedelta

import pytest

from labour.db import db


@pytest.fixture
def worker(make_worker, login_client):
    user = make_worker()
    return user, login_client(user)


def test_apply_then_see_it_in_my_applications(make_position, worker):
    pid = make_position()
    _, client = worker
    r = client.post(f"/api/v1/positions/{pid}/applications?lang=en", json={"note": "I speak Tibetan and Chinese."})
    assert r.status_code == 201, r.json
    assert r.json["status"] == "submitted" and r.json["status_label"] == "Submitted"
    assert r.json["position"]["id"] == pid and r.json["position"]["title"] == "Textile machine operator"
    mine = client.get("/api/v1/me/applications?lang=en").json
    assert mine["total"] == 1
    assert mine["items"][0]["position"]["employer_name"] == "Lhasa Builders"
    assert mine["items"][0]["status_label"] == "Submitted"


def test_applying_twice_is_a_conflict_but_withdraw_then_reapply_resubmits(make_position, worker):
    pid = make_position()
    _, client = worker
    first = client.post(f"/api/v1/positions/{pid}/applications", json={})
    r = client.post(f"/api/v1/positions/{pid}/applications", json={})
    assert r.status_code == 409 and r.json["code"] == "already_applied"
    r = client.post(f"/api/v1/applications/{first.json['id']}/withdraw")
    assert r.status_code == 200 and r.json["status"] == "withdrawn"
    r = client.post(f"/api/v1/applications/{first.json['id']}/withdraw")
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"
    again = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "Still keen"})
    assert again.status_code == 201 and again.json["id"] == first.json["id"]
    assert again.json["status"] == "submitted" and again.json["note"] == "Still keen"
    assert client.get("/api/v1/me/applications?status=submitted").json["total"] == 1


def test_cannot_withdraw_someone_elses_application(make_position, worker, make_worker, login_client):
    pid = make_position()
    _, client = worker
    aid = client.post(f"/api/v1/positions/{pid}/applications", json={}).json["id"]
    stranger = login_client(make_worker())
    assert stranger.post(f"/api/v1/applications/{aid}/withdraw").status_code == 404


def test_apply_needs_an_open_position_before_its_deadline(app, make_position, staff_of, worker):
    from labour.positions.models import Position
    from labour.positions.services import position_close

    _, client = worker
    draft = make_position(publish=False)
    assert client.post(f"/api/v1/positions/{draft}/applications", json={}).status_code == 404
    assert client.post("/api/v1/positions/999999/applications", json={}).status_code == 404
    closed = make_position()
    expired = make_position()
    with app.app_context():
        position_close(actor=staff_of(db.session.get(Position, closed).employer_id), position_id=closed)
        db.session.get(Position, expired).deadline = date.today() - timedelta(days=1)
        db.session.commit()
    for pid in (closed, expired):
        r = client.post(f"/api/v1/positions/{pid}/applications", json={})
        assert r.status_code == 409 and r.json["code"] == "position_closed"


def test_apply_to_a_full_position_is_position_full(make_position, make_worker, login_client, move):
    pid = make_position(headcount=1)
    hired = login_client(make_worker()).post(f"/api/v1/positions/{pid}/applications", json={}).json["id"]
    move(hired, "offered", "hired")
    r = login_client(make_worker()).post(f"/api/v1/positions/{pid}/applications", json={})
    assert r.status_code == 409 and r.json["code"] == "position_full"


def test_only_workers_apply(make_position, make_user, login_client):
    pid = make_position()
    official = login_client(make_user("official", division_code="540000"))
    assert official.post(f"/api/v1/positions/{pid}/applications", json={}).status_code == 403
    assert official.get("/api/v1/me/applications").status_code == 403


def test_anonymous_apply_is_401(client, make_position):
    pid = make_position()
    r = client.post(f"/api/v1/positions/{pid}/applications", json={})
    assert r.status_code == 401


def test_note_is_validated(make_position, worker):
    pid = make_position()
    _, client = worker
    r = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "x" * 501, "extra": True})
    assert r.status_code == 422 and {"note", "extra"} <= set(r.json["errors"])


# --- Idempotency-Key ----------------------------------------------------------------------------------------

def test_replay_with_the_same_key_returns_the_same_response_and_applies_once(make_position, worker):
    pid = make_position()
    _, client = worker
    headers = {"Idempotency-Key": "7f0c3a52-offline-1"}
    first = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "hi"}, headers=headers)
    replay = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "hi"}, headers=headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json == first.json and replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert client.get("/api/v1/me/applications").json["total"] == 1
    # Without the key the same request is a real second attempt.
    r = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "hi"})
    assert r.status_code == 409 and r.json["code"] == "already_applied"


def test_same_key_for_a_different_request_is_refused(make_position, worker):
    pid, other = make_position(), make_position()
    _, client = worker
    headers = {"Idempotency-Key": "k-1"}
    assert client.post(f"/api/v1/positions/{pid}/applications", json={}, headers=headers).status_code == 201
    r = client.post(f"/api/v1/positions/{other}/applications", json={}, headers=headers)
    assert r.status_code == 422 and "Idempotency-Key" in r.json["errors"]
    r = client.post(f"/api/v1/positions/{pid}/applications", json={"note": "changed"}, headers=headers)
    assert r.status_code == 422 and r.json["code"] == "idempotency_key_reused"


def test_keys_are_per_user_and_bounded(make_position, make_worker, login_client):
    pid = make_position()
    headers = {"Idempotency-Key": "shared-key"}
    a, b = login_client(make_worker()), login_client(make_worker())
    ra = a.post(f"/api/v1/positions/{pid}/applications", json={}, headers=headers)
    rb = b.post(f"/api/v1/positions/{pid}/applications", json={}, headers=headers)
    assert ra.status_code == rb.status_code == 201 and ra.json["id"] != rb.json["id"]
    r = a.post(f"/api/v1/positions/{pid}/applications", json={}, headers={"Idempotency-Key": "x" * 65})
    assert r.status_code == 400 and "Idempotency-Key" in r.json["errors"]


def test_a_failed_request_frees_its_key(app, make_position, worker, staff_of):
    from labour.positions.models import Position
    from labour.positions.services import position_close, position_publish

    pid = make_position()
    with app.app_context():
        staff = staff_of(db.session.get(Position, pid).employer_id)
        position_close(actor=staff, position_id=pid)
    _, client = worker
    headers = {"Idempotency-Key": "retry-me"}
    assert client.post(f"/api/v1/positions/{pid}/applications", json={}, headers=headers).status_code == 409
    with app.app_context():
        position_publish(actor=staff, position_id=pid)
    r = client.post(f"/api/v1/positions/{pid}/applications", json={}, headers=headers)
    assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers


def test_expired_keys_are_not_replayed_and_are_purged(app, make_position, worker):
    from datetime import timedelta as td

    from labour.idempotency.models import IdempotencyKey
    from labour.idempotency.services import idempotency_keys_purge
    from labour.db import utcnow

    def age_keys():
        with app.app_context():
            db.session.execute(db.update(IdempotencyKey).values(created_at=utcnow() - td(hours=25)))
            db.session.commit()

    pid, other = make_position(), make_position()
    _, client = worker
    client.post(f"/api/v1/positions/{pid}/applications", json={}, headers={"Idempotency-Key": "old"})
    age_keys()
    # Expired: no replay; the request runs again and meets the domain's own duplicate check.
    r = client.post(f"/api/v1/positions/{pid}/applications", json={}, headers={"Idempotency-Key": "old"})
    assert r.status_code == 409 and r.json["code"] == "already_applied"
    client.post(f"/api/v1/positions/{other}/applications", json={}, headers={"Idempotency-Key": "new"})
    with app.app_context():
        assert idempotency_keys_purge(older_than=td(hours=24)) == 0
    age_keys()
    with app.app_context():
        assert idempotency_keys_purge(older_than=td(hours=24)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(IdempotencyKey)) == 0


def test_ids_beyond_the_database_range_are_not_a_500(worker):
    _, client = worker
    big = "9" * 25
    assert client.post(f"/api/v1/positions/{big}/applications", json={}).status_code == 404
    assert client.post(f"/api/v1/applications/{big}/withdraw").status_code == 404
