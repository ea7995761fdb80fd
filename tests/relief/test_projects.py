"""Work-for-relief projects through the API: creation rules, editing and status, who reads what."""
import pytest

from tests.relief.conftest import THIS_MONTH, month_shift, project_body, ym

PROJECTS = "/api/v1/relief-projects"


def test_create_and_read(as_official, contractor):
    employer = contractor()
    nagqu = as_official("540600")
    r = nagqu.post(f"{PROJECTS}?lang=en", json=project_body(
        contractor_id=employer, townships=["Gurum"], villages=["Village 1", "Village 1", "Village 2"],
        local_first_until="2030-01-31"))
    assert r.status_code == 201, r.json
    body = r.json
    assert body["status"] == "planned" and body["status_label"] == "Planned"
    assert body["county"]["code"] == "540602"
    assert body["funds"] == {"central": "100000.00", "region": "20000.00", "prefecture": "5000.00",
                             "county": "0.00", "total": "125000.00"}
    assert body["contractor"] == {"id": employer, "name": "Seni Roads Co"}
    assert body["villages"] == ["Village 1", "Village 2"] and body["townships"] == ["Gurum"]
    assert body["start_month"] == ym(month_shift(THIS_MONTH, -2))
    assert body["local_first_until"] == "2030-01-31"
    compliance = body["compliance"]
    assert (compliance["share"], compliance["required"], compliance["paid"]) == ("0.15", "15000.00", "0.00")
    assert compliance["planned_months"] == 10 and compliance["projected"] is None
    assert compliance["flagged"] is False  # planned projects are never flagged
    assert body["demand"] == {"headcount": 0, "filled": 0, "positions": []}
    assert body["local_hire"] == {"workers": 0, "local": 0, "share_pct": None}
    # The county's and the region's officials read it; Lhasa's does not know it exists.
    assert as_official("540602").get(f"{PROJECTS}/{body['id']}").status_code == 200
    assert as_official("540000").get(f"{PROJECTS}/{body['id']}").status_code == 200
    assert as_official("540102").get(f"{PROJECTS}/{body['id']}").status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"county_code": "540102"}, "county_code"),  # outside the official's area
    ({"county_code": "540600"}, "county_code"),  # a prefecture is not a county
    ({"county_code": "5406"}, "county_code"),
    ({"name": ""}, "name"),
    ({"funds": {"central": "-1"}}, "funds"),
    ({"funds": {"central": "100.001"}}, "funds"),  # a third decimal is refused, not rounded away
    ({"funds": {"central": "abc"}}, "funds"),
    ({"funds": {"federal": "1"}}, "funds"),
    ({"start_month": "2026-13"}, "start_month"),
    ({"start_month": "2026-05-01"}, "start_month"),
    ({"planned_end_month": ym(month_shift(THIS_MONTH, -3))}, "planned_end_month"),
    ({"contractor_id": 2147483647}, "contractor_id"),
    ({"villages": ["x" * 65]}, "villages"),
    ({"local_first_until": "soon"}, "local_first_until"),
])
def test_create_rules(as_official, change, field):
    r = as_official("540600").post(PROJECTS, json=project_body(**change))
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
    assert set(r.json) == {"code", "status", "message", "errors"}


def test_error_messages_are_localised(as_official):
    nagqu = as_official("540600")
    r = nagqu.post(f"{PROJECTS}?lang=zh_Hans", json=project_body(county_code="540600"))
    assert r.status_code == 422 and r.json["errors"]["county_code"] == ["请选择西藏的一个县（区）。"]
    r = nagqu.post(f"{PROJECTS}?lang=en", json=project_body(county_code="540600"))
    assert r.json["errors"]["county_code"] == ["Choose a county in Tibet."]
    r = nagqu.post(f"{PROJECTS}?lang=zh_Hans", json={k: v for k, v in project_body().items() if k != "name"})
    assert r.status_code == 422 and "必填项缺少数据。" in str(r.json["errors"]["name"])
    r = nagqu.post(f"{PROJECTS}?lang=zh_Hans", json=project_body(funds={"central": "abc"}))
    assert r.status_code == 422 and "不是有效的数字。" in str(r.json["errors"]["funds"]["central"])


def test_update_and_status(as_official, make_project):
    project = make_project()
    nagqu = as_official("540600")
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"funds": {"county": "7000.50"}, "name": "Renamed"})
    assert r.status_code == 200
    assert r.json["funds"]["county"] == "7000.50" and r.json["funds"]["central"] == "100000.00"
    assert r.json["name"] == "Renamed"
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"status": "finished"})  # planned → finished: refused
    assert r.status_code == 409 and r.json["code"] == "invalid_transition" and "status" in r.json["errors"]
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"status": "running"}).json["status"] == "running"
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"status": "planned"}).status_code == 409
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"status": "finished"}).json["status"] == "finished"
    assert nagqu.patch(f"{PROJECTS}/{project}", json={"status": "running"}).status_code == 200  # reopened
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"status": "paused"})
    assert r.status_code == 422 and "status" in r.json["errors"]
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"planned_end_month": ym(month_shift(THIS_MONTH, -5))})
    assert r.status_code == 422 and "planned_end_month" in r.json["errors"]
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"county_code": "540621"})  # the county stays
    assert r.status_code == 422 and "county_code" in r.json["errors"]
    assert nagqu.patch(f"{PROJECTS}/{project}", json={}).status_code == 422
    assert nagqu.get(f"{PROJECTS}/{project}").json["name"] == "Renamed"
    # Officials elsewhere cannot edit it.
    assert as_official("540102").patch(f"{PROJECTS}/{project}", json={"name": "Mine"}).status_code == 404


def test_who_may_create_read_and_list(as_official, make_project, contractor, employer_client, make_user,
                                      login_client, client):
    seni_contractor, other = contractor(), contractor("Other Co")
    mine = make_project(contractor_id=seni_contractor)
    not_mine = make_project(contractor_id=other)
    lhasa = make_project(official="540102", county_code="540102")
    staff = employer_client(seni_contractor)
    assert staff.get(f"{PROJECTS}/{mine}").status_code == 200
    assert staff.get(f"{PROJECTS}/{not_mine}").status_code == 404
    assert [p["id"] for p in staff.get(PROJECTS).json["items"]] == [mine]
    assert staff.post(PROJECTS, json=project_body()).status_code == 403
    assert staff.patch(f"{PROJECTS}/{mine}", json={"name": "x"}).status_code == 403
    worker = login_client(make_user("worker"))
    assert worker.get(PROJECTS).status_code == 403 and worker.get(f"{PROJECTS}/{mine}").status_code == 403
    assert client.get(PROJECTS).status_code == 401
    admin = login_client(make_user("admin"))
    assert admin.get(PROJECTS).json["total"] == 3 and admin.get(f"{PROJECTS}/{lhasa}").status_code == 200
    assert admin.post(PROJECTS, json=project_body()).status_code == 403

    assert {p["id"] for p in as_official("540600").get(PROJECTS).json["items"]} == {mine, not_mine}
    assert [p["id"] for p in as_official("540102").get(PROJECTS).json["items"]] == [lhasa]
    region = as_official("540000")
    assert region.get(PROJECTS).json["total"] == 3
    assert [p["id"] for p in region.get(f"{PROJECTS}?division=540102").json["items"]] == [lhasa]
    assert region.get(f"{PROJECTS}?status=running").json["total"] == 0
    for bad in ("division=330000", "division=12", "status=paused", "colour=red"):
        assert region.get(f"{PROJECTS}?{bad}").status_code == 400, bad
