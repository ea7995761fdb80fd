"""Export batches through the API: planning rules, departure and arrival with invalid moves refused, travel
subsidies, retention checks when due, and who may do what."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.labour_export.conftest import LHASA, SENI

NOW = datetime.now(timezone.utc)


def _iso(moment):
    return moment.isoformat()


def test_batch_lifecycle(make_person, batch, as_official, make_user, login_client):
    a, b = make_person(SENI, name="Dawa"), make_person(SENI, name="Pema")
    seni = as_official(SENI)
    created = batch([a], employer_ids=[], workers=[{"person_id": a, "travel_subsidy": "350.5"}])
    bid = created["id"]
    assert created["status"] == "planned" and created["workers"] == [
        {"person_id": a, "name": "Dawa", "travel_subsidy": "350.50"}]
    assert created["origin_code"] == SENI and created["departed_at"] is None

    # Arrival before departure, or any change of a batch that is not planned: refused.
    r = seni.post(f"/api/v1/export-batches/{bid}/arrival", json={})
    assert r.status_code == 409 and r.json["code"] == "invalid_transition"
    r = seni.patch(f"/api/v1/export-batches/{bid}", json={"workers": [{"person_id": a}, {"person_id": b}],
                                                          "escort_name": "次仁"})
    assert r.status_code == 200 and [w["person_id"] for w in r.json["workers"]] == sorted([a, b])
    assert r.json["escort_name"] == "次仁"
    r = seni.post(f"/api/v1/export-batches/{bid}/departure", json={"at": _iso(NOW + timedelta(days=1))})
    assert r.status_code == 422 and "at" in r.json["errors"]

    departed_at = NOW - timedelta(days=200)
    r = seni.post(f"/api/v1/export-batches/{bid}/departure", json={"at": _iso(departed_at)})
    assert r.status_code == 200 and r.json["status"] == "departed"
    assert datetime.fromisoformat(r.json["departed_at"]) == departed_at
    for path, body in (("departure", {}), ("cancel", None)):
        r = seni.post(f"/api/v1/export-batches/{bid}/{path}", json=body)
        assert r.status_code == 409 and r.json["code"] == "invalid_transition", path
    r = seni.patch(f"/api/v1/export-batches/{bid}", json={"escort_name": "Late"})
    assert r.status_code == 409 and r.json["code"] == "batch_not_planned"
    r = seni.put(f"/api/v1/export-batches/{bid}/retention/1", json={"checks": [{"person_id": a, "still_employed": True}]})
    assert r.status_code == 409 and r.json["code"] == "batch_not_arrived"
    r = seni.post(f"/api/v1/export-batches/{bid}/arrival", json={"at": _iso(departed_at - timedelta(hours=1))})
    assert r.status_code == 422 and "at" in r.json["errors"]

    arrived_at = departed_at + timedelta(days=2)  # about 6½ months ago
    r = seni.post(f"/api/v1/export-batches/{bid}/arrival", json={"at": _iso(arrived_at)})
    assert r.status_code == 200 and r.json["status"] == "arrived"
    assert seni.post(f"/api/v1/export-batches/{bid}/arrival", json={}).status_code == 409

    # Travel subsidies after the journey: Decimal, summed exactly.
    r = seni.put(f"/api/v1/export-batches/{bid}/workers/{b}/subsidy", json={"travel_subsidy": "120.25"})
    assert r.status_code == 200 and r.json["travel_subsidy_total"] == "120.25"  # a's was dropped by the edit
    r = seni.put(f"/api/v1/export-batches/{bid}/workers/{a}/subsidy", json={"travel_subsidy": "0.1"})
    assert r.json["travel_subsidy_total"] == "120.35"
    r = seni.put(f"/api/v1/export-batches/{bid}/workers/{a}/subsidy", json={"travel_subsidy": "-1"})
    assert r.status_code == 422 and "travel_subsidy" in r.json["errors"]
    stranger = make_person(SENI)
    assert seni.put(f"/api/v1/export-batches/{bid}/workers/{stranger}/subsidy",
                    json={"travel_subsidy": "1"}).status_code == 404

    # Retention checks when due: 1, 3 and 6 months have passed since arrival; 12 have not.
    for month in (1, 3, 6):
        r = seni.put(f"/api/v1/export-batches/{bid}/retention/{month}", json={"checks": [
            {"person_id": a, "still_employed": True}, {"person_id": b, "still_employed": month < 6,
                                                       "note": "went home" if month == 6 else ""}]})
        assert r.status_code == 200, r.json
    r = seni.put(f"/api/v1/export-batches/{bid}/retention/12", json={"checks": [{"person_id": a, "still_employed": True}]})
    assert r.status_code == 409 and r.json["code"] == "check_not_due"
    r = seni.put(f"/api/v1/export-batches/{bid}/retention/2", json={"checks": [{"person_id": a, "still_employed": True}]})
    assert r.status_code == 422 and "month" in r.json["errors"]
    r = seni.put(f"/api/v1/export-batches/{bid}/retention/1", json={"checks": [{"person_id": stranger,
                                                                                "still_employed": True}]})
    assert r.status_code == 422 and "checks" in r.json["errors"]
    # Checking again replaces the earlier answer.
    r = seni.put(f"/api/v1/export-batches/{bid}/retention/6", json={"checks": [
        {"person_id": b, "still_employed": True, "note": "back at work"}]})
    checks = {(c["person_id"], c["month"]): (c["still_employed"], c["note"]) for c in r.json["retention_checks"]}
    assert len(checks) == 6 and checks[b, 6] == (True, "back at work") and checks[b, 3] == (True, "")

    detail = as_official("540000").get(f"/api/v1/export-batches/{bid}").json
    assert detail["arrived_by_id"] is not None and detail["departed_by_id"] is not None
    assert login_client(make_user("admin")).get(f"/api/v1/export-batches/{bid}").status_code == 200


def test_empty_or_cancelled_batches(make_person, batch, as_official):
    seni = as_official(SENI)
    empty = batch([])["id"]
    r = seni.post(f"/api/v1/export-batches/{empty}/departure", json={})
    assert r.status_code == 409 and r.json["code"] == "batch_empty"
    r = seni.post(f"/api/v1/export-batches/{empty}/cancel")
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    for path in ("departure", "arrival", "cancel"):
        assert seni.post(f"/api/v1/export-batches/{empty}/{path}", json={} if path != "cancel" else None) \
            .status_code == 409, path
    assert seni.patch(f"/api/v1/export-batches/{empty}", json={"escort_name": "x"}).status_code == 409


def test_a_person_travels_in_one_active_batch(make_person, batch, as_official):
    seni = as_official(SENI)
    person = make_person(SENI)
    first = batch([person])["id"]
    body = {"destination_code": "330000", "escort_name": "扎西", "escort_phone": "13712345678",
            "travel_date": "2022-03-01", "workers": [{"person_id": person}]}
    r = seni.post("/api/v1/export-batches", json=body)
    assert r.status_code == 422 and "workers" in r.json["errors"]
    seni.post(f"/api/v1/export-batches/{first}/cancel")
    assert seni.post("/api/v1/export-batches", json=body).status_code == 201


@pytest.mark.parametrize("change, field", [
    ({"destination_code": "540600"}, "destination_code"),  # a prefecture: give a county or a province
    ({"destination_code": "999999"}, "destination_code"),
    ({"escort_phone": "12345"}, "escort_phone"),
    ({"escort_name": ""}, "escort_name"),
    ({"origin_code": LHASA}, "origin_code"),  # outside the official's area
    ({"employer_ids": [2147483647]}, "employer_ids"),
    ({"travel_date": "2022-02-30"}, "travel_date"),
])
def test_plan_rules(as_official, change, field):
    body = {"destination_code": "330000", "escort_name": "扎西", "escort_phone": "13712345678",
            "travel_date": "2022-02-18", **change}
    r = as_official(SENI).post("/api/v1/export-batches", json=body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]


def test_workers_from_the_organising_area_only(make_person, as_official):
    foreign = make_person(LHASA)
    body = {"destination_code": "330000", "escort_name": "扎西", "escort_phone": "13712345678",
            "travel_date": "2022-02-18", "workers": [{"person_id": foreign}]}
    r = as_official(SENI).post("/api/v1/export-batches", json=body)
    assert r.status_code == 422 and "workers" in r.json["errors"]
    # The region's official organises for the whole region, or for an area inside it.
    assert as_official("540000").post("/api/v1/export-batches", json=body).status_code == 201
    r = as_official("540000").post("/api/v1/export-batches", json={**body, "origin_code": SENI})
    assert r.status_code == 422 and "workers" in r.json["errors"]


def test_scope_and_roles(make_person, batch, as_official, make_user, login_client, client):
    bid = batch([make_person(SENI)])["id"]
    lhasa = as_official(LHASA)
    assert lhasa.get(f"/api/v1/export-batches/{bid}").status_code == 404
    assert lhasa.post(f"/api/v1/export-batches/{bid}/departure", json={}).status_code == 404
    assert lhasa.get("/api/v1/export-batches").json["total"] == 0
    assert as_official("540600").get("/api/v1/export-batches").json["total"] == 1
    assert as_official(SENI).get("/api/v1/export-batches?status=planned&year=2022").json["total"] == 1
    assert as_official(SENI).get("/api/v1/export-batches?year=2021").json["total"] == 0
    assert as_official(SENI).get("/api/v1/export-batches?colour=red").status_code == 400
    admin = login_client(make_user("admin"))
    assert admin.get("/api/v1/export-batches").json["total"] == 1
    assert admin.post(f"/api/v1/export-batches/{bid}/departure", json={}).status_code == 403  # officials confirm
    assert login_client(make_user("worker")).get("/api/v1/export-batches").status_code == 403
    assert client.get(f"/api/v1/export-batches/{bid}").status_code == 401


def test_confirmation_times(make_person, batch, as_official):
    seni = as_official(SENI)
    bid = batch([make_person(SENI)])["id"]
    for bad in ("1999-12-31T23:59:00+00:00", "0001-01-01T00:00:00+05:00", "yesterday"):
        r = seni.post(f"/api/v1/export-batches/{bid}/departure", json={"at": bad})
        assert r.status_code == 422 and "at" in r.json["errors"], bad
    # An offset is honoured; a time without one is UTC.
    r = seni.post(f"/api/v1/export-batches/{bid}/departure", json={"at": "2022-02-20T08:00:00+08:00"})
    assert r.status_code == 200
    assert datetime.fromisoformat(r.json["departed_at"]) == datetime(2022, 2, 20, 0, 0, tzinfo=timezone.utc)
    r = seni.post(f"/api/v1/export-batches/{bid}/arrival", json={"at": "2022-02-19T23:59:00"})
    assert r.status_code == 422 and "at" in r.json["errors"]  # a minute before the departure
    r = seni.post(f"/api/v1/export-batches/{bid}/arrival", json={"at": "2022-02-20T00:00:00"})
    assert r.status_code == 200 and r.json["status"] == "arrived"
