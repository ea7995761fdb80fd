"""Posting and browsing cohorts: field checks, the public list and its filters, scoping, capacity rules."""
from datetime import timedelta

import pytest

from tests.training import TODAY

BODY = {"title": "Hotel housekeeping", "occupation_code": "hotel_service", "mode": "commissioned",
        "county_code": "540102", "start_date": (TODAY + timedelta(days=7)).isoformat(),
        "end_date": (TODAY + timedelta(days=37)).isoformat(), "capacity": 20, "language": "zh",
        "commissioner_kind": "department", "commissioner_name": "Lhasa HR bureau",
        "sessions": [{"held_on": (TODAY + timedelta(days=7)).isoformat()}]}


@pytest.mark.parametrize("change, field, status", [
    ({"title": ""}, "title", 422),
    ({"capacity": 0}, "capacity", 422),
    ({"capacity": "ten"}, "capacity", 422),
    ({"mode": "evening"}, "mode", 422),
    ({"language": "fr"}, "language", 422),
    ({"occupation_code": "astronaut"}, "occupation_code", 422),
    ({"county_code": "540100"}, "county_code", 422),
    ({"county_code": "999999"}, "county_code", 422),
    ({"end_date": (TODAY + timedelta(days=1)).isoformat()}, "end_date", 422),
    ({"start_date": "2024-02-30"}, "start_date", 422),
    ({"min_age": 30, "max_age": 20}, "max_age", 422),
    ({"eligible_groups": ["rich"]}, "eligible_groups", 422),
    ({"completion_threshold": 0}, "completion_threshold", 422),
    ({"completion_threshold": 100.5}, "completion_threshold", 422),
    ({"subsidy_per_trainee": "-1"}, "subsidy_per_trainee", 422),
    ({"sessions": [{"held_on": (TODAY + timedelta(days=90)).isoformat()}]}, "sessions", 422),
    ({"sessions": [{"topic": "no date"}]}, "sessions", 422),
    ({"destination_name": "Zhejiang"}, "destination_name", 422),
    ({"seats_taken": 0}, "seats_taken", 422),
])
def test_malformed_cohorts_are_refused_naming_the_field(app, centre_staff, login_client, change, field, status):
    from labour.cohorts.models import Cohort
    from labour.db import db

    staff = login_client(centre_staff())
    r = staff.post("/api/v1/cohorts", json={**BODY, **change})
    assert r.status_code == status, r.json
    assert field in r.json["errors"], r.json
    with app.app_context():
        assert db.session.query(Cohort).count() == 0


def test_only_centre_staff_post_cohorts(make_user, login_client, client):
    assert client.post("/api/v1/cohorts", json=BODY).status_code == 401
    for role, kwargs in (("worker", {}), ("official", {"division_code": "540100"})):
        assert login_client(make_user(role, **kwargs)).post("/api/v1/cohorts", json=BODY).status_code == 403


def test_public_list_shows_open_cohorts_with_filters(make_cohort, make_centre, client, login_client, centre_staff):
    lhasa = make_centre(name="Lhasa Centre")
    nagqu = make_centre(name="Nagqu Centre", county_code="540602")
    open_lhasa, _ = make_cohort(centre_id=lhasa, sessions=2)
    open_nagqu, _ = make_cohort(centre_id=nagqu, county_code="540602", language="zh", sessions=2)
    planned, _ = make_cohort(centre_id=lhasa, status="planned")
    r = client.get("/api/v1/cohorts?lang=en")
    assert r.status_code == 200 and {c["id"] for c in r.json["items"]} == {open_lhasa, open_nagqu}
    item = next(c for c in r.json["items"] if c["id"] == open_lhasa)
    assert item["mode_label"] == "Commissioned training" and item["seats_left"] == 10
    assert item["centre"]["name"] == "Lhasa Centre" and item["subsidy_per_trainee"] == "1200.00"
    assert [c["id"] for c in client.get("/api/v1/cohorts?prefecture=540600").json["items"]] == [open_nagqu]
    assert [c["id"] for c in client.get("/api/v1/cohorts?county=色尼区").json["items"]] == [open_nagqu]
    assert [c["id"] for c in client.get("/api/v1/cohorts?language=bo").json["items"]] == [open_lhasa]
    assert client.get("/api/v1/cohorts?mode=order_based").json["total"] == 0
    assert client.get("/api/v1/cohorts?q=Nagqu").json["total"] == 1
    # Planned cohorts: hidden from the public, shown to the centre's own staff.
    assert client.get(f"/api/v1/cohorts/{planned}").status_code == 404
    assert client.get("/api/v1/cohorts?status=planned").json["total"] == 0
    own = login_client(centre_staff(lhasa))
    assert [c["id"] for c in own.get(f"/api/v1/cohorts?centre={lhasa}&status=planned").json["items"]] == [planned]
    assert login_client(centre_staff(nagqu)).get(f"/api/v1/cohorts/{planned}").status_code == 404


@pytest.mark.parametrize("query, field", [("mode=evening", "mode"), ("prefecture=Atlantis", "prefecture"),
                                          ("occupation=astronaut", "occupation"), ("page=0", "page"),
                                          ("colour=red", "colour"), ("centre=abc", "centre")])
def test_bad_filters_are_a_400_naming_the_parameter(client, query, field):
    r = client.get(f"/api/v1/cohorts?{query}")
    assert r.status_code == 400 and field in r.json["errors"], r.json


def test_capacity_never_drops_below_seats_taken(make_cohort, trainees, login_client):
    cohort_id, staff = make_cohort(capacity=5)
    trainees(cohort_id, staff, 3)
    client = login_client(staff)
    r = client.patch(f"/api/v1/cohorts/{cohort_id}", json={"capacity": 2})
    assert r.status_code == 409 and r.json["code"] == "capacity_below_taken" and "capacity" in r.json["errors"]
    r = client.patch(f"/api/v1/cohorts/{cohort_id}", json={"capacity": 3, "completion_threshold": "75"})
    assert r.status_code == 200 and r.json["capacity"] == 3 and r.json["seats_left"] == 0
    assert r.json["completion_threshold"] == "75.00"
    assert client.patch(f"/api/v1/cohorts/{cohort_id}", json={}).status_code == 422


def test_other_centres_and_officials_elsewhere_cannot_manage(make_cohort, centre_staff, login_client, make_user):
    cohort_id, _ = make_cohort(status="planned")
    other = login_client(centre_staff())
    assert other.patch(f"/api/v1/cohorts/{cohort_id}", json={"title": "Mine now"}).status_code == 404
    assert other.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"}).status_code == 404
    assert other.post(f"/api/v1/cohorts/{cohort_id}/sessions", json={"held_on": TODAY.isoformat()}).status_code == 404
    assert other.get(f"/api/v1/cohorts/{cohort_id}/enrolments").status_code == 404
    nagqu = login_client(make_user("official", division_code="540600"))
    assert nagqu.get(f"/api/v1/cohorts/{cohort_id}").status_code == 404
    lhasa = login_client(make_user("official", division_code="540100"))
    assert lhasa.get(f"/api/v1/cohorts/{cohort_id}").status_code == 200
    assert lhasa.get(f"/api/v1/cohorts/{cohort_id}/enrolments").status_code == 200


def test_status_lifecycle(make_cohort, login_client):
    cohort_id, staff = make_cohort(status="planned", sessions=0)
    client = login_client(staff)
    r = client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"})
    assert r.status_code == 409 and r.json["code"] == "no_sessions"
    r = client.post(f"/api/v1/cohorts/{cohort_id}/sessions", json={"held_on": (TODAY - timedelta(days=1)).isoformat()})
    assert r.status_code == 201 and r.json["number"] == 1
    r = client.post(f"/api/v1/cohorts/{cohort_id}/sessions", json={"held_on": (TODAY + timedelta(days=99)).isoformat()})
    assert r.status_code == 422 and "held_on" in r.json["errors"]
    r = client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"})
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"
    for status in ("open", "running"):
        assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": status}).json["status"] == status
    r = client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"})
    assert r.status_code == 409 and r.json["code"] == "attendance_missing"
    assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "cancelled"}).status_code == 200
    assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"}).status_code == 409
