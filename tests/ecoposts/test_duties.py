"""Duty records: the holder records from the phone on their own current post only; officials in scope record
and list them."""
from datetime import date, timedelta

import pytest

from labour.people.idnumber import local_today

from tests.ecoposts.conftest import CHENGGUAN, LHARI, SENI, YEAR

TODAY = local_today()  # the service's day (Asia/Shanghai), not the machine's


@pytest.fixture
def holder(make_post, worker_holder, assign):
    client, person, household = worker_holder(SENI)
    post = make_post()
    r = assign(post, person)
    assert r.status_code == 201
    return {"client": client, "person": person, "post": post, "assignment": r.json["id"]}


def test_the_holder_records_a_duty_and_sees_it(holder, as_official):
    worker = holder["client"]
    mine = worker.get("/api/v1/me/eco-post?lang=en").json
    assert mine["assignment"]["id"] == holder["assignment"]
    assert mine["assignment"]["post"]["post_type_label"] == "Grassland warden"
    assert mine["duties"] == [] and mine["payments"] == []
    assert {"code": "patrol", "label": "Patrol"} in mine["duty_kinds"]
    r = worker.post("/api/v1/me/eco-post/duties?lang=en",
                    json={"duty_date": TODAY.isoformat(), "kind": "patrol", "note": "Fence mended at the spring"})
    assert r.status_code == 201, r.json
    assert (r.json["kind_label"], r.json["note"], r.json["assignment_id"]) == (
        "Patrol", "Fence mended at the spring", holder["assignment"])
    assert worker.get("/api/v1/me/eco-post").json["duties"][0]["id"] == r.json["id"]
    # Officials in scope see it; an official elsewhere does not.
    listed = as_official("540600").get(f"/api/v1/eco-assignments/{holder['assignment']}/duties").json
    assert listed["total"] == 1 and listed["items"][0]["note"] == "Fence mended at the spring"
    assert as_official(LHARI).get(f"/api/v1/eco-assignments/{holder['assignment']}/duties").status_code == 404


def test_an_offline_replay_records_once(holder):
    worker = holder["client"]
    body = {"duty_date": TODAY.isoformat(), "kind": "cleaning"}
    first = worker.post("/api/v1/me/eco-post/duties", json=body, headers={"Idempotency-Key": "duty-1"})
    again = worker.post("/api/v1/me/eco-post/duties", json=body, headers={"Idempotency-Key": "duty-1"})
    assert first.status_code == again.status_code == 201
    assert first.json["id"] == again.json["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert len(worker.get("/api/v1/me/eco-post").json["duties"]) == 1


@pytest.mark.parametrize("body, field", [
    ({"kind": "patrol"}, "duty_date"),
    ({"duty_date": (TODAY + timedelta(days=1)).isoformat(), "kind": "patrol"}, "duty_date"),
    ({"duty_date": date(YEAR, 1, 9).isoformat(), "kind": "patrol"}, "duty_date"),  # before the post was held
    ({"duty_date": "yesterday", "kind": "patrol"}, "duty_date"),
    ({"duty_date": TODAY.isoformat()}, "kind"),
    ({"duty_date": TODAY.isoformat(), "kind": "sleeping"}, "kind"),
    ({"duty_date": TODAY.isoformat(), "kind": "patrol", "note": "x" * 201}, "note"),
    ({"duty_date": TODAY.isoformat(), "kind": "patrol", "extra": 1}, "extra"),
])
def test_duty_rules(holder, body, field):
    r = holder["client"].post("/api/v1/me/eco-post/duties", json=body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]
    assert holder["client"].get("/api/v1/me/eco-post").json["duties"] == []


def test_own_post_only(holder, worker_holder, as_official, make_user, login_client):
    other, _, _ = worker_holder(SENI)
    body = {"duty_date": TODAY.isoformat(), "kind": "patrol"}
    r = other.post("/api/v1/me/eco-post/duties?lang=en", json=body)
    assert r.status_code == 404 and r.json["message"] == "You hold no ecological-protection post."
    assert other.get("/api/v1/me/eco-post").json == {
        "assignment": None, "duties": [], "payments": [], "duty_kinds": other.get("/api/v1/me/eco-post").json[
            "duty_kinds"]}
    # A worker cannot use the officials' route to someone's assignment; officials cannot use the holder's.
    assert other.post(f"/api/v1/eco-assignments/{holder['assignment']}/duties", json=body).status_code == 403
    assert other.get(f"/api/v1/eco-assignments/{holder['assignment']}/duties").status_code == 403
    assert as_official(SENI).post("/api/v1/me/eco-post/duties", json=body).status_code == 403
    # After the holder is replaced, they no longer record on the post.
    new = worker_holder(SENI)[1]
    r = as_official(SENI).post(f"/api/v1/eco-posts/{holder['post']}/replacement",
                               json={"person_id": new, "reason": "Illness"})
    assert r.status_code == 201
    assert holder["client"].post("/api/v1/me/eco-post/duties", json=body).status_code == 404


def test_officials_record_duties(holder, as_official):
    assignment = holder["assignment"]
    seni = as_official(SENI)
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/duties",
                  json={"duty_date": date(YEAR, 3, 2).isoformat(), "kind": "monitoring", "note": "Counted gazelles"})
    assert r.status_code == 201, r.json
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/duties", json={"duty_date": "2000-01-01", "kind": "patrol"})
    assert r.status_code == 422 and "duty_date" in r.json["errors"]
    r = as_official(CHENGGUAN).post(f"/api/v1/eco-assignments/{assignment}/duties",
                                    json={"duty_date": TODAY.isoformat(), "kind": "patrol"})
    assert r.status_code == 404
    holder["client"].post("/api/v1/me/eco-post/duties", json={"duty_date": TODAY.isoformat(), "kind": "patrol"})
    page = seni.get(f"/api/v1/eco-assignments/{assignment}/duties?per_page=1").json
    assert (page["total"], page["pages"], page["items"][0]["duty_date"]) == (2, 2, TODAY.isoformat())
    # An ended assignment keeps its record: a day after its end is refused.
    seni.post(f"/api/v1/eco-assignments/{assignment}/end", json={"reason": "Retired", "end_date": date(YEAR, 5, 1).isoformat()})
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/duties", json={"duty_date": date(YEAR, 5, 1).isoformat(), "kind": "patrol"})
    assert r.status_code == 422 and "duty_date" in r.json["errors"]
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/duties", json={"duty_date": date(YEAR, 4, 30).isoformat(), "kind": "patrol"})
    assert r.status_code == 201
