"""The remuneration floor (15% of central funds, configurable), its edge, the projection for running projects,
the flagged list of an area, and the local-hire share."""
from decimal import Decimal

import pytest

from tests.relief.conftest import THIS_MONTH, month_shift

PROJECTS = "/api/v1/relief-projects"
START = month_shift(THIS_MONTH, -2)  # three months elapsed, this one included


def _compliance(client, project):
    r = client.get(f"{PROJECTS}/{project}")
    assert r.status_code == 200, r.json
    return r.json["compliance"]


def test_exactly_fifteen_percent_passes_one_fen_below_fails(as_official, make_project, person_in, pay):
    project = make_project(status="running")
    a, b = person_in(), person_in()
    nagqu = as_official("540600")
    pay(project, START, {a: "7000.00", b: "7999.99"})  # 14,999.99 of 15,000.00 required
    nagqu.patch(f"{PROJECTS}/{project}", json={"status": "finished"})
    c = _compliance(nagqu, project)
    assert (c["required"], c["paid"], c["compliant"], c["shortfall"], c["flagged"]) == (
        "15000.00", "14999.99", False, "0.01", True)
    assert c["projected"] is None  # only running projects project
    flagged = nagqu.get(f"{PROJECTS}/compliance").json
    assert [(p["id"], p["shortfall"]) for p in flagged["items"]] == [(project, "0.01")]

    pay(project, START, {b: "8000.00"}, reason="bank slip found: 0.01 was missing")
    c = _compliance(nagqu, project)
    assert (c["paid"], c["compliant"], c["shortfall"], c["flagged"]) == ("15000.00", True, "0.00", False)
    assert nagqu.get(f"{PROJECTS}/compliance").json["total"] == 0


def test_required_amount_rounds_up_to_the_fen(as_official, make_project, person_in, pay):
    # 15% of 100,000.01 is 15,000.0015: 15,000.00 is short, 15,000.01 is enough.
    project = make_project(status="running", funds={"central": "100000.01"})
    person = person_in()
    pay(project, START, {person: "15000.00"})
    nagqu = as_official("540600")
    nagqu.patch(f"{PROJECTS}/{project}", json={"status": "finished"})
    c = _compliance(nagqu, project)
    assert (c["required"], c["compliant"], c["shortfall"]) == ("15000.01", False, "0.01")
    pay(project, START, {person: "15000.01"}, reason="rounding")
    assert _compliance(nagqu, project)["compliant"] is True


def test_no_central_funds_needs_no_remuneration(as_official, make_project):
    project = make_project(status="finished", funds={"central": "0", "county": "50000"})
    c = _compliance(as_official("540600"), project)
    assert (c["required"], c["compliant"], c["flagged"]) == ("0.00", True, False)


def test_projection_of_a_running_project(as_official, make_project, person_in, pay):
    # Ten planned months, three elapsed: 4,500 paid projects to exactly 15,000.
    project = make_project(status="running")
    a, b = person_in(), person_in()
    pay(project, START, {a: "1500"})
    pay(project, month_shift(START, 1), {a: "750", b: "750"})
    pay(project, THIS_MONTH, {a: "1500"})
    nagqu = as_official("540600")
    c = _compliance(nagqu, project)
    assert (c["planned_months"], c["months_elapsed"], c["paid"]) == (10, 3, "4500.00")
    assert (c["projected"], c["projected_compliant"], c["projected_shortfall"]) == ("15000.00", True, "0.00")
    assert c["compliant"] is False and c["flagged"] is False  # paid so far is short, the projection is not

    pay(project, THIS_MONTH, {a: "1499.99"}, reason="deduction for a day off")
    c = _compliance(nagqu, project)
    # 4,499.99 ÷ 3 × 10 = 14,999.9666…, rounded down to the fen.
    assert (c["projected"], c["projected_compliant"], c["projected_shortfall"], c["flagged"]) == (
        "14999.96", False, "0.04", True)
    flagged = nagqu.get(f"{PROJECTS}/compliance").json["items"]
    assert [(p["id"], p["shortfall"]) for p in flagged] == [(project, "0.04")]


def test_projection_before_the_start_and_after_the_planned_end(as_official, make_project, person_in, pay):
    nagqu = as_official("540600")
    later = make_project(status="running", start_month=month_shift(THIS_MONTH, 1).strftime("%Y-%m"),
                         planned_end_month=month_shift(THIS_MONTH, 4).strftime("%Y-%m"))
    c = _compliance(nagqu, later)
    assert (c["months_elapsed"], c["projected"], c["flagged"]) == (0, None, False)
    # Planned for two months, now in its third: months elapsed stop at the planned two, so paid = projected.
    overrun = make_project(status="running", start_month=START.strftime("%Y-%m"),
                           planned_end_month=month_shift(START, 1).strftime("%Y-%m"))
    pay(overrun, START, {person_in(): "16000"})
    c = _compliance(nagqu, overrun)
    assert (c["planned_months"], c["months_elapsed"], c["projected"], c["flagged"]) == (2, 2, "16000.00", False)


def test_flagged_list_scope_and_order(as_official, make_project, person_in, pay, make_user, login_client,
                                      contractor, employer_client):
    seni_small = make_project(status="finished")  # 15,000 short
    seni_big = make_project(status="finished", funds={"central": "200000"})  # 30,000 short
    make_project()  # planned: never flagged
    seni_ok = make_project(status="running")
    pay(seni_ok, START, {person_in(): "4500"})
    lhari = make_project(official="540600", county_code="540621", status="finished")
    lhasa = make_project(official="540102", county_code="540102", status="finished")

    def ids(client, query=""):
        r = client.get(f"{PROJECTS}/compliance{query}")
        assert r.status_code == 200, r.json
        return [p["id"] for p in r.json["items"]]

    assert ids(as_official("540602")) == [seni_big, seni_small]
    assert ids(as_official("540600")) == [seni_big, seni_small, lhari]  # ties by id
    assert ids(as_official("540600"), "?division=540621") == [lhari]
    assert ids(as_official("540102")) == [lhasa]
    assert set(ids(as_official("540000"))) == {seni_big, seni_small, lhari, lhasa}
    admin = login_client(make_user("admin"))
    assert set(ids(admin)) == {seni_big, seni_small, lhari, lhasa}
    assert ids(admin, "?division=540102") == [lhasa]
    item = as_official("540602").get(f"{PROJECTS}/compliance?lang=en").json["items"][0]
    assert (item["shortfall"], item["compliance"]["required"], item["county"]["code"]) == ("30000.00", "30000.00",
                                                                                            "540602")
    # Another area is refused, not silently empty.
    assert as_official("540602").get(f"{PROJECTS}/compliance?division=540102").status_code == 403
    assert as_official("540602").get(f"{PROJECTS}/compliance?division=540600").status_code == 403
    assert as_official("540602").get(f"{PROJECTS}/compliance?division=330000").status_code == 400
    # Nobody else sees the list.
    assert employer_client(contractor()).get(f"{PROJECTS}/compliance").status_code == 403
    assert login_client(make_user("worker")).get(f"{PROJECTS}/compliance").status_code == 403


def test_local_hire_share(as_official, make_project, person_in, pay):
    project = make_project(status="running", townships=["Gurum"], villages=["Village 1"])
    in_village = person_in("540602", village="Village 1")
    in_township = person_in("540602", township="Gurum", village="Village 9")
    elsewhere_in_county = person_in("540602", township="Other", village="Village 2")
    other_county = person_in("540621", village="Village 1")
    reversed_out = person_in("540102")
    pay(project, START, {in_village: "3000", in_township: "3000", elsewhere_in_county: "3000",
                         other_county: "3000", reversed_out: "100"})
    pay(project, START, {reversed_out: "0"}, reason="paid to the wrong person, reversed")
    nagqu = as_official("540600")
    hire = nagqu.get(f"{PROJECTS}/{project}").json["local_hire"]
    assert hire == {"workers": 4, "local": 2, "share_pct": 50.0}
    # Without townships or villages the whole county counts as local.
    r = nagqu.patch(f"{PROJECTS}/{project}", json={"townships": [], "villages": []})
    assert r.json["local_hire"] == {"workers": 4, "local": 3, "share_pct": 75.0}


def test_the_share_is_a_setting(tmp_path):
    from api.config import load_config

    assert load_config({}, instance_path=str(tmp_path))["RELIEF_REMUNERATION_SHARE"] == Decimal("0.15")
    config = load_config({"RELIEF_REMUNERATION_SHARE": "0.2"}, instance_path=str(tmp_path))
    assert config["RELIEF_REMUNERATION_SHARE"] == Decimal("0.2")
    for bad in ("1.5", "-0.1", "abc", "NaN"):
        with pytest.raises(RuntimeError):
            load_config({"RELIEF_REMUNERATION_SHARE": bad}, instance_path=str(tmp_path))


def test_a_different_share_changes_the_floor(app, as_official, make_project, person_in, pay):
    from dataclasses import replace

    project = make_project(status="running")
    pay(project, START, {person_in(): "15000"})
    as_official("540600").patch(f"{PROJECTS}/{project}", json={"status": "finished"})
    original = app.extensions["labour"]
    app.extensions["labour"] = replace(original, relief_remuneration_share=Decimal("0.2"))
    try:
        c = _compliance(as_official("540600"), project)
    finally:
        app.extensions["labour"] = original
    assert (c["share"], c["required"], c["compliant"], c["shortfall"]) == ("0.2", "20000.00", False, "5000.00")
