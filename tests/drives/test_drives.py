"""Recruitment drives through the API: creation rules, lifecycle, who sees what, and the live fill rate."""
import re
from datetime import date, timedelta

import pytest

TODAY = date.today()


def _body(partner_id, position_ids=(), **fields):
    return {"name": "Beijing spring drive", "aid_partner_id": partner_id, "division_code": "540600",
            "start_date": TODAY.isoformat(), "end_date": (TODAY + timedelta(days=60)).isoformat(),
            "quotas": [{"county_code": "540602", "quota": 2}, {"county_code": "540621", "quota": 3}],
            "position_ids": list(position_ids), **fields}


@pytest.fixture
def setup(partners, partner_employer, aid_position, as_official):
    beijing = partners["Beijing"]
    employer = partner_employer(beijing)
    positions = [aid_position(employer), aid_position(employer)]
    nagqu = as_official("540600")
    r = nagqu.post("/api/v1/drives", json=_body(beijing, positions))
    assert r.status_code == 201, r.json
    return {"drive": r.json["id"], "positions": positions, "employer": employer, "partner": beijing,
            "nagqu": nagqu}


def test_fill_rate_per_county_and_overall(setup, worker_in, hire, client):
    drive, (p1, p2), employer = setup["drive"], setup["positions"], setup["employer"]
    assert setup["nagqu"].post(f"/api/v1/drives/{drive}/status", json={"status": "open"}).status_code == 200
    seni_a, seni_b = worker_in("540602"), worker_in("540602")
    lhari_a, lhari_b = worker_in("540621"), worker_in("540621")
    lhasa = worker_in("540102")
    hire(seni_a, p1, employer)
    hire(seni_a, p2, employer)  # the same person hired twice counts once
    hire(seni_b, p2, employer)
    hire(lhari_a, p1, employer)
    hire(lhari_b, p1, employer, until="offered")  # offered, not hired: not counted
    hire(lhasa, p2, employer)  # a county without a quota: shown apart

    body = client.get(f"/api/v1/drives/{drive}?lang=en").json
    fill = body["fill"]
    assert [(c["county"]["code"], c["quota"], c["hired"], c["fill_pct"]) for c in fill["counties"]] == [
        ("540602", 2, 2, 100.0), ("540621", 3, 1, 33.3)]
    assert (fill["quota"], fill["hired"], fill["hired_elsewhere"], fill["fill_pct"]) == (5, 3, 1, 60.0)
    assert fill["counties"][1]["county"]["name"] == "Lhari County"
    assert sorted(body["position_ids"]) == sorted([p1, p2])
    # No personal data: only counts.
    text = str(body)
    assert "Worker" not in text and not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)  # no name, no phone

    listed = client.get("/api/v1/drives").json
    assert listed["total"] == 1
    item = listed["items"][0]
    assert (item["id"], item["quota"], item["hired"], item["fill_pct"]) == (drive, 5, 3, 60.0)


def test_lifecycle_and_invalid_transitions(setup, as_official, client):
    drive, nagqu = setup["drive"], setup["nagqu"]
    # A draft is invisible to the public and to officials elsewhere, visible to its area's officials.
    assert client.get(f"/api/v1/drives/{drive}").status_code == 404
    assert client.get("/api/v1/drives").json["total"] == 0
    assert as_official("540102").get(f"/api/v1/drives/{drive}").status_code == 404
    assert as_official("540000").get(f"/api/v1/drives/{drive}").status_code == 200
    assert nagqu.get("/api/v1/drives?status=draft").json["total"] == 1
    assert as_official("540602").get(f"/api/v1/drives/{drive}").status_code == 404  # a county below the area

    # Opening needs a position.
    r = nagqu.patch(f"/api/v1/drives/{drive}", json={"position_ids": []})
    assert r.status_code == 200 and r.json["position_ids"] == []
    r = nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "open"})
    assert r.status_code == 409 and r.json["code"] == "drive_without_positions" and "position_ids" in r.json["errors"]
    assert nagqu.patch(f"/api/v1/drives/{drive}", json={"position_ids": setup["positions"]}).status_code == 200
    r = nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "open"})
    assert r.status_code == 200 and r.json["status"] == "open"
    assert client.get(f"/api/v1/drives/{drive}").status_code == 200
    # An open drive keeps a position.
    r = nagqu.patch(f"/api/v1/drives/{drive}", json={"position_ids": []})
    assert r.status_code == 422 and "position_ids" in r.json["errors"]

    for status in ("open", "draft"):  # open → open, open → draft: refused
        r = nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": status})
        assert r.status_code == 409 and r.json["code"] == "invalid_transition", status
    assert nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "closed"}).status_code == 200
    r = nagqu.patch(f"/api/v1/drives/{drive}", json={"name": "Renamed"})
    assert r.status_code == 409 and r.json["code"] == "drive_closed"
    assert nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "draft"}).status_code == 409
    # Closed drives stay readable (their results are public) but leave the list of open drives.
    assert client.get(f"/api/v1/drives/{drive}").status_code == 200
    assert client.get("/api/v1/drives").json["total"] == 0
    assert nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "open"}).status_code == 200
    r = nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "paused"})
    assert r.status_code == 422 and "status" in r.json["errors"]


def test_only_officials_of_the_area_and_admins_manage(setup, as_official, make_user, login_client, worker_in, client):
    drive = setup["drive"]
    lhasa = as_official("540102")
    assert lhasa.patch(f"/api/v1/drives/{drive}", json={"name": "Mine"}).status_code == 404
    assert lhasa.post(f"/api/v1/drives/{drive}/status", json={"status": "open"}).status_code == 404
    assert login_client(make_user("admin")).patch(f"/api/v1/drives/{drive}", json={"name": "Admin's"}).status_code == 200
    assert as_official("540000").patch(f"/api/v1/drives/{drive}", json={"name": "Region's"}).status_code == 200
    assert worker_in("540602").post("/api/v1/drives", json={}).status_code == 403
    assert client.post("/api/v1/drives", json={}).status_code == 401
    # An official creates only in their area.
    r = lhasa.post("/api/v1/drives", json=_body(setup["partner"], []))
    assert r.status_code == 422 and "division_code" in r.json["errors"]


@pytest.mark.parametrize("change, field", [
    ({"quotas": [{"county_code": "540102", "quota": 2}]}, "quotas"),  # a county outside the drive's area
    ({"quotas": [{"county_code": "540602", "quota": 2}, {"county_code": "540602", "quota": 1}]}, "quotas"),
    ({"quotas": [{"county_code": "540600", "quota": 2}]}, "quotas"),  # a prefecture is not a county
    ({"quotas": [{"county_code": "540602", "quota": 0}]}, "quotas"),
    ({"quotas": []}, "quotas"),
    ({"aid_partner_id": 999999}, "aid_partner_id"),
    ({"division_code": "330000"}, "division_code"),  # a province is not an area of Tibet
    ({"end_date": (TODAY - timedelta(days=1)).isoformat()}, "end_date"),
    ({"name": ""}, "name"),
    ({"position_ids": [2147483647]}, "position_ids"),
])
def test_create_rules(setup, change, field):
    r = setup["nagqu"].post("/api/v1/drives", json=_body(setup["partner"], **change))
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]


def test_positions_must_be_the_partners_and_in_one_drive(setup, partners, partner_employer, aid_position,
                                                          employer_client):
    nagqu, beijing = setup["nagqu"], setup["partner"]
    jiangsu_position = aid_position(partner_employer(partners["Jiangsu"], name="Jiangsu Co"))
    r = nagqu.post("/api/v1/drives", json=_body(beijing, [jiangsu_position]))
    assert r.status_code == 422 and "position_ids" in r.json["errors"]
    general = employer_client(setup["employer"]).post("/api/v1/positions", json={
        "title": "Cook", "occupation_code": "factory_worker", "kind": "general", "workplace_code": "540602",
        "headcount": 1, "wage_min": "3000", "wage_max": "3500"}).json["id"]
    r = nagqu.post("/api/v1/drives", json=_body(beijing, [general]))
    assert r.status_code == 422 and "position_ids" in r.json["errors"]
    # Already in the first drive.
    r = nagqu.post("/api/v1/drives", json=_body(beijing, [setup["positions"][0]]))
    assert r.status_code == 422 and "position_ids" in r.json["errors"]
    # A drive naming the enterprise takes only that enterprise's positions.
    other_beijing = partner_employer(beijing, name="Beijing Co 2")
    own = aid_position(other_beijing)
    r = nagqu.post("/api/v1/drives", json=_body(beijing, [own], employer_id=setup["employer"]))
    assert r.status_code == 422 and "position_ids" in r.json["errors"]
    r = nagqu.post("/api/v1/drives", json=_body(beijing, [own], employer_id=other_beijing))
    assert r.status_code == 201 and r.json["employer_id"] == other_beijing
    r = nagqu.post("/api/v1/drives", json=_body(partners["Jiangsu"], [], employer_id=other_beijing))
    assert r.status_code == 422 and "employer_id" in r.json["errors"]


def test_quotas_replaced_and_list_filters(setup, client, partners):
    nagqu, drive = setup["nagqu"], setup["drive"]
    r = nagqu.patch(f"/api/v1/drives/{drive}", json={"quotas": [{"county_code": "540621", "quota": 7}]})
    assert r.status_code == 200
    assert [(c["county"]["code"], c["quota"]) for c in r.json["fill"]["counties"]] == [("540621", 7)]
    nagqu.post(f"/api/v1/drives/{drive}/status", json={"status": "open"})
    assert client.get(f"/api/v1/drives?partner={setup['partner']}").json["total"] == 1
    assert client.get(f"/api/v1/drives?partner={partners['Jiangsu']}").json["total"] == 0
    assert client.get("/api/v1/drives?division=540602").json["total"] == 1  # inside the drive's area
    assert client.get("/api/v1/drives?division=540000").json["total"] == 1  # holds the drive's area
    assert client.get("/api/v1/drives?division=540102").json["total"] == 0
    for bad in ("division=330000", "division=12", "partner=2147483647", "colour=red", "status=paused"):
        r = client.get(f"/api/v1/drives?{bad}")
        assert r.status_code == 400, bad
