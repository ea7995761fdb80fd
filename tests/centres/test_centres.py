"""Training centres: registered and vetted by officials of their county; staff accounts scoped to one centre."""
from labour.db import db


def test_officials_register_and_vet_centres_of_their_area(make_user, login_client, client):
    lhasa = login_client(make_user("official", division_code="540100"))
    nagqu = login_client(make_user("official", division_code="540600"))
    r = lhasa.post("/api/v1/centres?lang=en", json={"name": "Chengguan Training Centre", "county_code": "540102"})
    assert r.status_code == 201 and r.json["status"] == "pending", r.json
    centre_id = r.json["id"]
    assert r.json["county"]["code"] == "540102" and r.json["status_label"] == "Awaiting vetting"
    assert nagqu.post("/api/v1/centres", json={"name": "X", "county_code": "540102"}).status_code == 403
    # Pending: not public, visible to officials over it only.
    assert client.get("/api/v1/centres").json["total"] == 0
    assert client.get(f"/api/v1/centres/{centre_id}").status_code == 404
    assert lhasa.get("/api/v1/centres?status=pending").json["total"] == 1
    assert nagqu.post(f"/api/v1/centres/{centre_id}/vetting", json={"decision": "vetted"}).status_code == 404
    r = lhasa.post(f"/api/v1/centres/{centre_id}/vetting", json={"decision": "vetted"})
    assert r.status_code == 200 and r.json["status"] == "vetted"
    assert [c["id"] for c in client.get("/api/v1/centres").json["items"]] == [centre_id]


def test_centre_input_is_checked_field_by_field(make_user, login_client):
    official = login_client(make_user("official", division_code="540100"))
    r = official.post("/api/v1/centres", json={"name": "", "county_code": "54010"})
    assert r.status_code == 422 and set(r.json["errors"]) == {"name", "county_code"}
    r = official.post("/api/v1/centres", json={"name": "Lhasa", "county_code": "540100"})  # a prefecture
    assert r.status_code == 422 and set(r.json["errors"]) == {"county_code"}
    assert official.get("/api/v1/centres?colour=red").status_code == 400


def test_centre_staff_are_created_by_officials_over_the_centre(app, make_user, login_client, make_centre):
    centre_id = make_centre(county_code="540102")
    body = {"role": "centre_staff", "display_name": "Pema", "username": "pema", "password": "long enough",
            "centre_id": centre_id}
    outsider = login_client(make_user("official", division_code="540600"))
    assert outsider.post("/api/v1/users", json=body).status_code == 403
    official = login_client(make_user("official", division_code="540100"))
    r = official.post("/api/v1/users", json=body)
    assert r.status_code == 201 and r.json["centre_id"] == centre_id and r.json["role"] == "centre_staff"
    r = official.post("/api/v1/users", json={**body, "username": "dawa", "centre_id": None})
    assert r.status_code == 422 and "centre_id" in r.json["errors"]
    admin = login_client(make_user("admin"))
    r = admin.post("/api/v1/users", json={**body, "username": "dawa"} | {"centre_id": 999999})
    assert r.status_code == 422 and "centre_id" in r.json["errors"]
    r = admin.post("/api/v1/users", json={k: v for k, v in body.items() if k != "centre_id"} | {"username": "nyima"})
    assert r.status_code == 422 and "centre_id" in r.json["errors"]


def test_a_centre_awaiting_vetting_cannot_post_cohorts(app, make_user, make_centre, login_client):
    staff = login_client(make_user("centre_staff", centre_id=make_centre(status="pending")))
    r = staff.post("/api/v1/cohorts", json={
        "title": "Welding", "occupation_code": "welder", "mode": "commissioned", "county_code": "540102",
        "start_date": "2030-05-01", "end_date": "2030-06-01", "capacity": 20, "language": "bo",
        "commissioner_kind": "department", "commissioner_name": "Lhasa HR bureau"})
    assert r.status_code == 403
    with app.app_context():
        from labour.cohorts.models import Cohort
        assert db.session.query(Cohort).count() == 0
