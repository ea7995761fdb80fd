"""Registering employers, who may see them, and vetting."""
import sqlalchemy as sa

from labour.db import db


def _partner_id(app, name_zh):
    from labour.divisions.models import AidPartner

    with app.app_context():
        return db.session.scalar(sa.select(AidPartner.id).where(AidPartner.name_zh == name_zh))


def test_official_registers_an_employer_of_their_area_pending_vetting(make_user, login_client):
    official = make_user("official", division_code="540100")
    r = login_client(official).post("/api/v1/employers?lang=en", json={
        "name": "Chengguan Builders", "kind": "local_contractor", "division_code": "540102"})
    assert r.status_code == 201, r.json
    assert r.json["status"] == "pending" and r.json["status_label"] == "Awaiting vetting"
    assert r.json["kind_label"] == "Local project contractor"
    assert r.json["division"]["code"] == "540102"


def test_official_cannot_register_outside_their_area(make_user, login_client):
    official = make_user("official", division_code="540100")
    client = login_client(official)
    r = client.post("/api/v1/employers", json={"name": "X", "kind": "private_firm", "division_code": "540202"})
    assert r.status_code == 403
    # A province outside Tibet belongs to region officials and admins.
    r = client.post("/api/v1/employers", json={"name": "X", "kind": "private_firm", "division_code": "330000"})
    assert r.status_code == 403


def test_region_official_registers_an_aid_partner_enterprise_in_its_province(app, make_user, login_client):
    region = make_user("official", division_code="540000")
    zhejiang = _partner_id(app, "浙江省")
    r = login_client(region).post("/api/v1/employers", json={
        "name": "Zhejiang Textiles", "kind": "aid_partner_enterprise", "division_code": "330000",
        "aid_partner_id": zhejiang})
    assert r.status_code == 201, r.json
    assert r.json["aid_partner"]["id"] == zhejiang


def test_aid_partner_enterprise_needs_an_existing_partner(make_user, login_client):
    client = login_client(make_user("admin"))
    body = {"name": "Y", "kind": "aid_partner_enterprise", "division_code": "330000"}
    r = client.post("/api/v1/employers", json=body)
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    r = client.post("/api/v1/employers", json={**body, "aid_partner_id": 999999})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    r = client.post("/api/v1/employers", json={"name": "Z", "kind": "private_firm", "division_code": "540102",
                                               "aid_partner_id": 1})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]


def test_unknown_or_unsuitable_division_names_the_field(make_user, login_client):
    client = login_client(make_user("admin"))
    for code in ("999999", "540100"):  # unknown; a prefecture rather than a county
        r = client.post("/api/v1/employers", json={"name": "Y", "kind": "private_firm", "division_code": code})
        assert r.status_code == 422 and list(r.json["errors"]) == ["division_code"], r.json
    r = client.post("/api/v1/employers", json={"name": "", "kind": "shop", "division_code": "54"})
    assert r.status_code == 422 and {"name", "kind", "division_code"} <= set(r.json["errors"])


def test_list_is_scoped_to_the_official_and_filters_by_status(make_employer, make_user, login_client):
    lhasa = make_employer(name="Lhasa A", division_code="540102", status="pending")
    make_employer(name="Lhasa B", division_code="540121", status="vetted")
    make_employer(name="Shigatse C", division_code="540202", status="pending")
    make_employer(name="Outside D", division_code="330000", status="pending")

    r = login_client(make_user("official", division_code="540100")).get("/api/v1/employers")
    assert r.status_code == 200
    assert {e["name"] for e in r.json["items"]} == {"Lhasa A", "Lhasa B"} and r.json["total"] == 2
    r = login_client(make_user("official", division_code="540100")).get("/api/v1/employers?status=pending")
    assert [e["id"] for e in r.json["items"]] == [lhasa]
    r = login_client(make_user("official", division_code="540000")).get("/api/v1/employers")
    assert r.json["total"] == 4
    r = login_client(make_user("admin")).get("/api/v1/employers?status=vetted")
    assert [e["name"] for e in r.json["items"]] == ["Lhasa B"]


def test_list_rejects_unknown_filters_and_other_roles(make_user, login_client):
    client = login_client(make_user("admin"))
    r = client.get("/api/v1/employers?state=pending")
    assert r.status_code == 400 and "state" in r.json["errors"]
    r = client.get("/api/v1/employers?status=happy")
    assert r.status_code == 400 and "status" in r.json["errors"]
    assert login_client(make_user("worker")).get("/api/v1/employers").status_code == 403


def test_get_one_for_own_staff_and_officials_in_scope(make_employer, make_user, login_client):
    employer = make_employer(division_code="540102")
    other = make_employer(name="Other", division_code="540202")
    staff = login_client(make_user("employer_staff", employer_id=employer))
    assert staff.get(f"/api/v1/employers/{employer}").status_code == 200
    assert staff.get(f"/api/v1/employers/{other}").status_code == 404
    official = login_client(make_user("official", division_code="540200"))
    assert official.get(f"/api/v1/employers/{other}").status_code == 200
    assert official.get(f"/api/v1/employers/{employer}").status_code == 404
    assert login_client(make_user("worker")).get(f"/api/v1/employers/{employer}").status_code == 403


def test_vetting_by_an_official_in_scope(make_employer, make_user, login_client):
    employer = make_employer(division_code="540202", status="pending")
    outsider = login_client(make_user("official", division_code="540100"))
    assert outsider.post(f"/api/v1/employers/{employer}/vetting", json={"decision": "vetted"}).status_code == 404
    official = make_user("official", division_code="540202")
    client = login_client(official)
    r = client.post(f"/api/v1/employers/{employer}/vetting", json={"decision": "maybe"})
    assert r.status_code == 422 and "decision" in r.json["errors"]
    r = client.post(f"/api/v1/employers/{employer}/vetting", json={"decision": "vetted"})
    assert r.status_code == 200 and r.json["status"] == "vetted" and r.json["vetted_at"]
    r = client.post(f"/api/v1/employers/{employer}/vetting", json={"decision": "rejected"})
    assert r.status_code == 200 and r.json["status"] == "rejected"
    staff = login_client(make_user("employer_staff", employer_id=employer))
    assert staff.post(f"/api/v1/employers/{employer}/vetting", json={"decision": "vetted"}).status_code == 403


def test_creating_with_an_idempotency_key_creates_once(make_user, login_client):
    client = login_client(make_user("admin"))
    body = {"name": "Once Only", "kind": "public_employer", "division_code": "540102"}
    first = client.post("/api/v1/employers", json=body, headers={"Idempotency-Key": "emp-1"})
    again = client.post("/api/v1/employers", json=body, headers={"Idempotency-Key": "emp-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.json == first.json
    assert client.get("/api/v1/employers").json["total"] == 1


def test_ids_beyond_the_database_range_are_not_a_500(make_user, login_client):
    client = login_client(make_user("admin"))
    assert client.get(f"/api/v1/employers/{'9' * 25}").status_code == 404
    r = client.post("/api/v1/employers", json={"name": "Y", "kind": "aid_partner_enterprise",
                                               "division_code": "330000", "aid_partner_id": 10**20})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
