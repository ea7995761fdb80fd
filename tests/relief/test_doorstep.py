"""Doorstep project jobs: positions linked to a project, local hiring first until a date, the project's labour
demand; local vehicle fleets registered as suppliers."""
from datetime import timedelta

import pytest

from labour.positions.selectors import local_today

PROJECTS = "/api/v1/relief-projects"
TODAY = local_today()
POSITION = {"title": "Road labourer", "occupation_code": "factory_worker", "kind": "local_project",
            "workplace_code": "540602", "headcount": 2, "wage_min": "3000", "wage_max": "3600"}


@pytest.fixture
def setup(contractor, make_project, employer_client):
    employer = contractor()
    project = make_project(status="running", contractor_id=employer,
                           local_first_until=(TODAY + timedelta(days=10)).isoformat())
    return {"employer": employer, "project": project, "staff": employer_client(employer)}


def test_positions_link_to_the_contractors_project(setup, contractor, employer_client, make_project, client):
    staff, project = setup["staff"], setup["project"]
    r = staff.post("/api/v1/positions", json={**POSITION, "relief_project_id": project})
    assert r.status_code == 201, r.json
    assert r.json["relief_project"] == {"id": project, "name": "Seni village road", "county_code": "540602",
                                        "local_first_until": (TODAY + timedelta(days=10)).isoformat()}
    position = r.json["id"]
    staff.post(f"/api/v1/positions/{position}/publish")
    assert client.get(f"/api/v1/positions/{position}").json["relief_project"]["id"] == project
    # An ordinary position has none.
    r = staff.post("/api/v1/positions", json=POSITION)
    assert r.status_code == 201 and r.json["relief_project"] is None

    for change, field in (
            ({"workplace_code": "540621"}, "workplace_code"),  # outside the project's county
            ({"kind": "general"}, "kind"),
            ({"relief_project_id": 2147483647}, "relief_project_id"),
            ({"relief_project_id": "1"}, "relief_project_id"),
            ({"relief_project_id": None, "local_first_until": TODAY.isoformat()}, "local_first_until")):
        r = staff.post("/api/v1/positions", json={**POSITION, "relief_project_id": project, **change})
        assert r.status_code == 422 and field in r.json["errors"], (change, r.json)
    # Another contractor's project is not yours to publish for.
    other = employer_client(contractor("Other Co"))
    r = other.post("/api/v1/positions", json={**POSITION, "relief_project_id": project})
    assert r.status_code == 422 and "relief_project_id" in r.json["errors"]
    # A linked position keeps to the project's county and kinds on edit.
    r = staff.patch(f"/api/v1/positions/{position}", json={"workplace_code": "540621"})
    assert r.status_code == 422 and "workplace_code" in r.json["errors"]
    r = staff.patch(f"/api/v1/positions/{position}", json={"kind": "work_for_relief"})
    assert r.status_code == 200
    r = staff.patch(f"/api/v1/positions/{position}", json={"relief_project_id": None})
    assert r.status_code == 200 and r.json["relief_project"] is None
    # A finished project takes no new positions.
    finished = make_project(status="finished", contractor_id=setup["employer"])
    r = staff.post("/api/v1/positions", json={**POSITION, "relief_project_id": finished})
    assert r.status_code == 422 and "relief_project_id" in r.json["errors"]


def test_local_hiring_first_until_the_date(setup, project_position, worker_in, as_official):
    project, employer = setup["project"], setup["employer"]
    position = project_position(employer, project)
    outsider, _ = worker_in("540102")
    r = outsider.post(f"/api/v1/positions/{position}/applications?lang=en", json={})
    assert r.status_code == 409 and r.json["code"] == "local_hiring_first"
    until = (TODAY + timedelta(days=10)).isoformat()
    assert "local workers first" in r.json["message"] and until in r.json["message"]
    assert "registered_county_code" in r.json["errors"]
    local, _ = worker_in("540602")
    assert local.post(f"/api/v1/positions/{position}/applications", json={}).status_code == 201
    # The last day still hires locals first; the day after it, anyone may apply.
    nagqu = as_official("540600")
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"local_first_until": TODAY.isoformat()}).status_code == 200
    assert outsider.post(f"/api/v1/positions/{position}/applications", json={}).status_code == 409
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"local_first_until": yesterday}).status_code == 200
    assert outsider.post(f"/api/v1/positions/{position}/applications", json={}).status_code == 201


def test_the_positions_own_date_overrides_the_projects(setup, project_position, worker_in):
    project, employer = setup["project"], setup["employer"]
    open_now = project_position(employer, project, local_first_until=(TODAY - timedelta(days=1)).isoformat())
    outsider, _ = worker_in("540102")
    assert outsider.post(f"/api/v1/positions/{open_now}/applications", json={}).status_code == 201
    # Without any date a project's position takes anyone.
    setup_without = project_position(employer, project)
    assert outsider.post(f"/api/v1/positions/{setup_without}/applications", json={}).status_code == 409


def test_labour_demand(setup, project_position, worker_in, as_official):
    project, employer, staff = setup["project"], setup["employer"], setup["staff"]
    first = project_position(employer, project, headcount=3)
    second = project_position(employer, project, headcount=2, title="Mason")
    worker, _ = worker_in("540602")
    application = worker.post(f"/api/v1/positions/{first}/applications", json={}).json["id"]
    for status in ("offered", "hired"):
        assert staff.patch(f"/api/v1/applications/{application}", json={"status": status}).status_code == 200
    demand = as_official("540600").get(f"{PROJECTS}/{project}").json["demand"]
    assert (demand["headcount"], demand["filled"]) == (5, 1)
    assert [(p["id"], p["title"], p["headcount"], p["filled"], p["status"]) for p in demand["positions"]] == [
        (first, "Road labourer", 3, 1, "open"), (second, "Mason", 2, 0, "open")]
    assert staff.get(f"{PROJECTS}/{project}").json["demand"]["headcount"] == 5


FLEET = {"owner_name": "Dorje", "village_code": "540602100201", "vehicle_kind": "dump_truck", "vehicle_count": 4,
         "phone": "13912345678"}


def test_fleets_registered_and_listed_with_phones_masked(setup, as_official, make_project, make_user,
                                                         login_client, contractor, employer_client):
    project, staff = setup["project"], setup["staff"]
    url = f"{PROJECTS}/{project}/fleets"
    r = staff.post(f"{url}?lang=en", json=FLEET)
    assert r.status_code == 201, r.json
    assert (r.json["owner_name"], r.json["vehicle_kind_label"], r.json["vehicle_count"], r.json["local"]) == (
        "Dorje", "Dump truck", 4, True)
    assert r.json["phone"] == "139****5678"  # the contractor sees it masked
    nagqu = as_official("540600")
    r = nagqu.post(url, json={**FLEET, "owner_name": "Pema", "village_code": "540621200101", "vehicle_kind": "loader",
                              "phone": "13800001111"})
    assert r.status_code == 201 and r.json["local"] is False and r.json["phone"] == "13800001111"
    listed = nagqu.get(url).json
    assert [(f["owner_name"], f["phone"]) for f in listed["items"]] == [("Dorje", "13912345678"),
                                                                        ("Pema", "13800001111")]
    assert [f["phone"] for f in staff.get(url).json["items"]] == ["139****5678", "138****1111"]
    admin = login_client(make_user("admin"))
    assert [f["phone"] for f in admin.get(url).json["items"]] == ["139****5678", "138****1111"]
    # Listed per project.
    other_project = make_project(contractor_id=setup["employer"])
    assert nagqu.get(f"{PROJECTS}/{other_project}/fleets").json["total"] == 0
    # Nobody else registers or reads them.
    assert employer_client(contractor("Other Co")).post(url, json=FLEET).status_code == 404
    assert employer_client(contractor("Other Co")).get(url).status_code == 404
    assert as_official("540102").get(url).status_code == 404
    assert admin.post(url, json=FLEET).status_code == 403
    assert login_client(make_user("worker")).get(url).status_code == 403


@pytest.mark.parametrize("change, field", [
    ({"village_code": "5406021002"}, "village_code"),
    ({"village_code": "330102001001"}, "village_code"),  # not a county of Tibet
    ({"village_code": "540600100100"}, "village_code"),  # a prefecture's code
    ({"vehicle_kind": "rocket"}, "vehicle_kind"),
    ({"vehicle_count": 0}, "vehicle_count"),
    ({"vehicle_count": "4"}, "vehicle_count"),
    ({"phone": "12345"}, "phone"),
    ({"owner_name": ""}, "owner_name"),
])
def test_fleet_rules(setup, change, field):
    r = setup["staff"].post(f"{PROJECTS}/{setup['project']}/fleets", json={**FLEET, **change})
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
