"""Employer staff draft, edit, publish and close positions; the vetting gate; the expiry job."""
from datetime import date, timedelta

import pytest

FUTURE = (date.today() + timedelta(days=30)).isoformat()
PAST = (date.today() - timedelta(days=3)).isoformat()
BODY = {"title": "Electrician for the Lhasa ring road", "occupation_code": "electrician", "kind": "local_project",
        "workplace_code": "540102", "headcount": 4, "wage_min": "5000", "wage_max": "7000.5", "housing": True,
        "meals": False, "description": "Wiring of service areas.", "min_age": 18, "max_age": 45,
        "min_education": "junior_secondary", "required_skills": ["electrician", "construction_worker"],
        "required_languages": ["bo", "zh"], "priority_groups": ["monitored", "school_leaver"],
        "start_date": FUTURE, "deadline": FUTURE}


@pytest.fixture
def staff_client(make_employer, staff_of, login_client):
    def make(**employer):
        employer_id = make_employer(**employer)
        return employer_id, login_client(staff_of(employer_id))

    return make


def test_staff_create_a_draft_with_full_detail(staff_client):
    employer_id, client = staff_client()
    r = client.post("/api/v1/positions?lang=en", json=BODY)
    assert r.status_code == 201, r.json
    p = r.json
    assert p["status"] == "draft" and p["status_label"] == "Draft" and p["kind_label"] == "Local project job"
    assert p["employer"]["id"] == employer_id and p["filled"] == 0 and p["places_left"] == 4
    assert p["wage_min"] == "5000.00" and p["wage_max"] == "7000.50"
    assert p["workplace"]["code"] == "540102" and p["in_tibet"] is True
    req = p["requirements"]
    assert req["min_age"] == 18 and req["min_education"] == "junior_secondary"
    assert [s["code"] for s in req["skills"]] == ["electrician", "construction_worker"]
    assert [lang["code"] for lang in req["languages"]] == ["bo", "zh"]
    assert [g["code"] for g in p["priority_groups"]] == ["monitored", "school_leaver"]
    assert p["priority_groups"][0]["label"] == "Monitored household"
    assert req["languages"][0]["label"] == "Tibetan" and req["min_education_label"] == "Junior secondary school"


def test_create_names_each_bad_field(staff_client):
    _, client = staff_client()
    r = client.post("/api/v1/positions", json={**BODY, "kind": "gig", "headcount": 0, "wage_min": "-1",
                                               "priority_groups": ["rich"], "surprise": 1})
    assert r.status_code == 422
    assert {"kind", "headcount", "wage_min", "priority_groups", "surprise"} <= set(r.json["errors"])
    for field, value in (("occupation_code", "astronaut"), ("workplace_code", "999999"),
                         ("workplace_code", "540100"), ("required_skills", ["juggler"]), ("deadline", PAST)):
        r = client.post("/api/v1/positions", json={**BODY, field: value})
        assert r.status_code == 422 and list(r.json["errors"]) == [field], (field, r.json)
    r = client.post("/api/v1/positions", json={**BODY, "wage_min": "8000", "wage_max": "7000"})
    assert r.status_code == 422 and "wage_max" in r.json["errors"]
    r = client.post("/api/v1/positions", json={**BODY, "min_age": 40, "max_age": 30})
    assert r.status_code == 422 and "max_age" in r.json["errors"]


def test_only_employer_staff_create(make_user, login_client):
    for role in ("worker", "official"):
        user = make_user(role, division_code="540000" if role == "official" else None)
        assert login_client(user).post("/api/v1/positions", json=BODY).status_code == 403


def test_unvetted_employer_cannot_publish(staff_client):
    _, client = staff_client(status="pending")
    position = client.post("/api/v1/positions", json=BODY).json
    r = client.post(f"/api/v1/positions/{position['id']}/publish")
    assert r.status_code == 409 and r.json["code"] == "employer_not_vetted"


def test_publish_then_close_then_reopen(staff_client):
    _, client = staff_client()
    pid = client.post("/api/v1/positions", json=BODY).json["id"]
    r = client.post(f"/api/v1/positions/{pid}/publish")
    assert r.status_code == 200 and r.json["status"] == "open"
    r = client.post(f"/api/v1/positions/{pid}/publish")
    assert r.status_code == 409 and r.json["code"] == "not_publishable"
    assert client.post(f"/api/v1/positions/{pid}/close").json["status"] == "closed"
    r = client.post(f"/api/v1/positions/{pid}/close")
    assert r.status_code == 409 and r.json["code"] == "already_closed"
    assert client.post(f"/api/v1/positions/{pid}/publish").json["status"] == "open"


def test_publish_refuses_a_passed_deadline(app, staff_client):
    from labour.db import db
    from labour.positions.models import Position

    _, client = staff_client()
    pid = client.post("/api/v1/positions", json=BODY).json["id"]
    with app.app_context():  # the deadline passed while the draft waited
        db.session.get(Position, pid).deadline = date.today() - timedelta(days=2)
        db.session.commit()
    r = client.post(f"/api/v1/positions/{pid}/publish")
    assert r.status_code == 409 and r.json["code"] == "deadline_passed" and "deadline" in r.json["errors"]


def test_edit_own_position_only(staff_client):
    _, client = staff_client()
    _, other = staff_client(name="Other Co")
    pid = client.post("/api/v1/positions", json=BODY).json["id"]
    r = client.patch(f"/api/v1/positions/{pid}", json={"title": "Senior electrician", "wage_max": "9000",
                                                        "priority_groups": []})
    assert r.status_code == 200
    assert r.json["title"] == "Senior electrician" and r.json["wage_max"] == "9000.00"
    assert r.json["priority_groups"] == [] and r.json["wage_min"] == "5000.00"
    assert other.patch(f"/api/v1/positions/{pid}", json={"title": "Mine now"}).status_code == 404
    r = client.patch(f"/api/v1/positions/{pid}", json={"wage_max": "100"})  # below wage_min: 422, not a 500
    assert r.status_code == 422 and "wage_max" in r.json["errors"]
    assert client.patch(f"/api/v1/positions/{pid}", json={}).status_code == 422
    assert client.patch(f"/api/v1/positions/{pid}", json={"filled": 3}).status_code == 422


def test_officials_in_scope_can_take_a_position_down(make_position, make_user, login_client):
    pid = make_position()  # employer registered in 540102 (Lhasa)
    outsider = login_client(make_user("official", division_code="540200"))
    assert outsider.post(f"/api/v1/positions/{pid}/close").status_code == 404
    official = login_client(make_user("official", division_code="540100"))
    assert official.post(f"/api/v1/positions/{pid}/close").json["status"] == "closed"


def test_close_expired_closes_only_open_positions_past_their_deadline(app, make_position):
    from labour.db import db
    from labour.positions.models import Position
    from labour.positions.services import positions_close_expired

    soon = date.today() + timedelta(days=1)
    expiring = make_position(deadline=soon)
    later = make_position(deadline=soon + timedelta(days=10))
    no_deadline = make_position(deadline=None)
    draft = make_position(deadline=soon, publish=False)
    with app.app_context():
        assert positions_close_expired(today=soon) == 0  # the deadline day itself still counts
        assert positions_close_expired(today=soon + timedelta(days=1)) == 1
        assert positions_close_expired(today=soon + timedelta(days=1)) == 0  # safe to run twice
        status = {p.id: p.status for p in db.session.scalars(db.select(Position))}
    assert status == {expiring: "closed", later: "open", no_deadline: "open", draft: "draft"}
