"""Scoping, malformed input, zero-employment households and the SVG charts."""
from datetime import date
from xml.etree import ElementTree

import pytest


@pytest.mark.parametrize("viewer, division, status", [
    ("540602", "540000", 403),   # a county official asking for the region
    ("540602", "540600", 403),   # ... for their prefecture
    ("540602", "540621", 403),   # ... for a neighbouring county
    ("540600", "540102", 403),   # a prefecture official asking for another prefecture's county
    ("540600", "540200", 403),
    ("540600", "540621", 200),   # their own county
    ("540000", "542521", 200),   # the region sees everything
])
def test_an_official_sees_only_their_area(as_official, viewer, division, status):
    r = as_official(viewer).get(f"/api/v1/stats/figures?division={division}&year=2022")
    assert r.status_code == status, r.json
    r = as_official(viewer).get(f"/api/v1/stats/charts/progress.svg?division={division}&year=2022")
    assert r.status_code == status


def test_an_official_gets_their_own_division_by_default_and_others_are_refused(as_official, make_user,
                                                                              login_client):
    r = as_official("540602").get("/api/v1/stats/figures?year=2022")
    assert r.status_code == 200 and r.json["division"]["code"] == "540602" and r.json["by_division"] == []
    worker = login_client(make_user("worker"))
    assert worker.get("/api/v1/stats/figures?year=2022").status_code == 403
    assert worker.get("/api/v1/stats/zero-employment-households").status_code == 403


@pytest.mark.parametrize("query, status, field", [
    ("year=twenty", 400, "year"),
    ("year=2022&month=13", 400, "month"),
    ("year=2022&as_of=2022-02-30", 400, "as_of"),
    ("year=2022&divison=540000", 400, "divison"),
    ("month=3", 400, "year"),
    ("year=2022&division=999999", 422, "division"),
    ("year=2022&division=330000", 422, "division"),  # a province outside Tibet has no official figures
])
def test_malformed_queries_name_the_field(as_official, query, status, field):
    r = as_official("540000").get(f"/api/v1/stats/figures?{query}")
    assert r.status_code == status and field in r.json["errors"], r.json


def test_zero_employment_households_in_scope(app, make_person, place, as_official):
    as_of = date(2022, 6, 30)
    idle = make_person("540602", birth_date=date(1990, 1, 1))                       # listed
    working = make_person("540602")
    place(working, start=date(2022, 1, 1))                                            # employed: not listed
    make_person("540602", household_id=None, birth_date=date(1950, 1, 1))            # 72 years old: not listed
    make_person("540602", status="other", birth_date=date(1990, 1, 1))               # other status: not listed
    ended = make_person("540602", status="monitored", birth_date=date(2006, 6, 30))  # 16 that day; job ended
    place(ended, start=date(2022, 1, 1), end=date(2022, 5, 31))
    make_person("540102", birth_date=date(1990, 1, 1))                               # Lhasa
    from labour.db import db
    from labour.people.models import Person

    with app.app_context():
        household_of = {pid: db.session.get(Person, pid).household_id for pid in (idle, ended)}

    r = as_official("540602").get("/api/v1/stats/zero-employment-households?as_of=2022-06-30")
    assert r.status_code == 200, r.json
    assert [h["id"] for h in r.json["items"]] == [household_of[ended], household_of[idle]]  # monitored first
    assert r.json["items"][0]["status"] == "monitored" and r.json["items"][0]["working_age_members"] == 1
    assert r.json["total"] == 2 and r.json["as_of"] == as_of.isoformat()
    region = as_official("540000").get("/api/v1/stats/zero-employment-households?as_of=2022-06-30").json
    assert region["total"] == 3
    assert as_official("540602").get("/api/v1/stats/zero-employment-households?county=540102").status_code == 403
    # The day before the 16th birthday the member is not of working age yet.
    assert as_official("540602").get(
        "/api/v1/stats/zero-employment-households?as_of=2022-06-29").json["total"] == 1  # only "idle"


def test_charts_are_well_formed_svg(make_person, place, as_official, refresh):
    person = make_person("540602")
    place(person)
    region = as_official("540000")
    region.put("/api/v1/targets", json={"division_code": "540000", "year": 2022,
                                        "metric": "outbound_poverty_alleviated", "value": 2})
    refresh()
    for chart in ("progress", "trend"):
        r = region.get(f"/api/v1/stats/charts/{chart}.svg?year=2022&lang=zh_Hans")
        assert r.status_code == 200 and r.mimetype == "image/svg+xml"
        root = ElementTree.fromstring(r.data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "西藏自治区" in r.get_data(as_text=True)
    progress = region.get("/api/v1/stats/charts/progress.svg?year=2022").get_data(as_text=True)
    assert "50.0%" in progress  # 1 of 2
    r = region.get("/api/v1/stats/charts/trend.svg?year=2022&metric=nonsense")
    assert r.status_code == 400 and "metric" in r.json["errors"]


def test_the_definitions_are_in_the_api_description(client):
    tags = {t["name"]: t["description"] for t in client.get("/api/openapi.json").json["tags"]}
    assert "counts once per period" in tags["stats"] and "person-times" in tags["stats"].lower()
