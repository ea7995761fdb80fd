"""The counting invariants, through GET /api/v1/stats/figures, on both paths (live and the rollup)."""
from datetime import date

import pytest

METRICS_URL = "/api/v1/stats/figures"


def figures(client, division, month=None, **extra):
    query = f"{METRICS_URL}?division={division}&year=2022" + (f"&month={month}" if month else "")
    for key, value in extra.items():
        query += f"&{key}={value}"
    r = client.get(query)
    assert r.status_code == 200, r.json
    return r.json


@pytest.fixture
def population(make_person, place):
    """Eight persons over three prefectures; two of them placed twice."""
    ids = {}
    # Nagqu, Seni district (540602)
    ids["twice"] = make_person("540602")
    place(ids["twice"], workplace="330000", start=date(2022, 3, 1), end=date(2022, 3, 20))
    place(ids["twice"], workplace="330000", start=date(2022, 3, 25), channel="organised_export")
    ids["local"] = make_person("540602", status="other", gender="male")
    place(ids["local"], workplace="540602", channel="eco_post")
    ids["pref"] = make_person("540602", status="monitored", education="junior_secondary")
    place(ids["pref"], workplace="540621", channel="work_for_relief")  # Nagqu's Lhari county
    # Nagqu, Lhari (540621)
    ids["lhasa"] = make_person("540621", gender="male")
    place(ids["lhasa"], workplace="540102", channel="local_project")  # elsewhere in Tibet
    # Lhasa, Chengguan (540102): local then outbound within the year
    ids["mixed"] = make_person("540102", gender=None)
    place(ids["mixed"], workplace="540102", start=date(2022, 1, 10), end=date(2022, 2, 28), channel="self_found")
    place(ids["mixed"], workplace="110000", start=date(2022, 6, 1))
    # Shigatse (540202)
    ids["shigatse"] = make_person("540202", status="other")
    place(ids["shigatse"], workplace="540102", start=date(2022, 9, 1))
    # Ended before 2022: never counted in 2022.
    ids["old"] = make_person("540202")
    place(ids["old"], workplace="330000", start=date(2021, 1, 1), end=date(2021, 12, 31))
    # Has no placement at all.
    ids["idle"] = make_person("540202")
    return ids


@pytest.mark.parametrize("rolled_up", [False, True])
def test_a_person_placed_twice_counts_once_and_person_times_are_reported_beside(
        population, as_official, refresh, rolled_up):
    if rolled_up:
        refresh()
    march = figures(as_official("540602"), "540602", month=3)
    assert march["source"] == ("rollup" if rolled_up else "live")
    totals = march["totals"]
    # twice (2 outbound placements), local (1 local), pref (1 outbound within the prefecture)
    assert totals["transfer_persons"] == 3
    assert totals["transfer_person_times"] == 4
    assert totals["outbound_persons"] == 2
    assert totals["outbound_person_times"] == 3
    assert totals["outbound_outside_tibet"] == 1 and totals["outbound_within_prefecture"] == 1
    assert totals["outbound_poverty_alleviated"] == 1 and totals["outbound_monitored"] == 1


@pytest.mark.parametrize("rolled_up", [False, True])
def test_county_figures_add_up_to_the_prefecture_and_prefectures_to_the_region(
        population, as_official, refresh, rolled_up):
    if rolled_up:
        refresh()
    region = figures(as_official("540000"), "540000")
    assert region["totals"]["transfer_persons"] == 6  # everyone but "old" and "idle"
    assert region["totals"]["transfer_person_times"] == 8
    assert len(region["by_division"]) == 7
    for metric, value in region["totals"].items():
        assert sum(p["totals"][metric] for p in region["by_division"]) == value, metric
    for row in region["by_division"]:
        prefecture = figures(as_official(row["division"]["code"]), row["division"]["code"])
        assert prefecture["totals"] == row["totals"]
        assert {c["division"]["code"][:4] for c in prefecture["by_division"]} == {row["division"]["code"][:4]}
        for metric, value in prefecture["totals"].items():
            assert sum(c["totals"][metric] for c in prefecture["by_division"]) == value, metric
    # Channel, destination and group splits put each person in one cell.
    assert sum(c["persons"] for c in region["by_channel"]) == 6
    assert sum(c["person_times"] for c in region["by_channel"]) == 8
    destinations = {d["key"]: d["persons"] for d in region["by_destination"]}
    assert destinations == {"local": 1, "within_prefecture": 1, "elsewhere_in_tibet": 2, "outside_tibet": 2}
    groups = {g["group"]: g for g in region["by_group"]}
    assert groups["poverty_alleviated"]["transfer_persons"] == 3  # twice, lhasa, mixed
    assert groups["monitored"]["outbound_persons"] == 1
    assert groups["school_leaver"]["transfer_persons"] == 1
    assert groups["male"]["transfer_persons"] == 2 and groups["female"]["transfer_persons"] == 3  # one unknown


def test_the_primary_placement_decides_channel_and_destination_but_the_first_decides_the_county(
        population, as_official):
    region = figures(as_official("540000"), "540000")
    channels = {c["key"]: c["persons"] for c in region["by_channel"]}
    # "mixed" worked locally (self_found) first, then outbound (aid_tibet): their cell is the outbound one.
    assert channels["self_found"] == 0
    assert channels["aid_tibet"] == 3  # twice (first outbound placement), mixed, shigatse
    lhasa = next(p for p in region["by_division"] if p["division"]["code"] == "540100")
    assert lhasa["totals"]["transfer_persons"] == 1 and lhasa["totals"]["outbound_outside_tibet"] == 1


def test_a_person_who_moved_county_counts_where_their_first_counted_placement_was(
        make_person, place, move_household, as_official, refresh):
    person = make_person("540602")
    place(person, workplace="330000", start=date(2022, 2, 1), end=date(2022, 3, 31))
    move_household(person, "540102")
    place(person, workplace="540102", start=date(2022, 4, 1), channel="local_project")
    refresh()
    year = figures(as_official("540000"), "540000")
    by_prefecture = {p["division"]["code"]: p["totals"] for p in year["by_division"]}
    assert year["totals"]["transfer_persons"] == 1 and year["totals"]["transfer_person_times"] == 2
    assert by_prefecture["540600"]["transfer_persons"] == 1 and by_prefecture["540100"]["transfer_persons"] == 0
    # The second placement is local to the county it was recorded in: outbound once, 1 outbound person-time.
    assert year["totals"]["outbound_persons"] == 1 and year["totals"]["outbound_person_times"] == 1
    # In April only the second placement counts: the person is Lhasa's, and local.
    april = figures(as_official("540000"), "540000", month=4)
    april_by = {p["division"]["code"]: p["totals"] for p in april["by_division"]}
    assert april_by["540100"]["transfer_persons"] == 1 and april_by["540600"]["transfer_persons"] == 0
    assert april["totals"]["outbound_persons"] == 0


def test_the_year_counts_to_its_as_of_date(population, as_official):
    client = as_official("540000")
    assert figures(client, "540000", as_of="2022-05-31")["totals"]["transfer_persons"] == 5  # not shigatse
    early = figures(client, "540000", as_of="2022-02-15")
    assert early["period"]["as_of"] == "2022-02-15" and early["source"] == "live"
    assert early["totals"]["transfer_persons"] == 1  # only "mixed" had started


def test_targets_give_progress_for_the_division_and_its_children(population, as_official, refresh):
    region = as_official("540000")
    r = region.put("/api/v1/targets", json={"division_code": "540000", "year": 2022,
                                            "metric": "outbound_poverty_alleviated", "value": 4})
    assert r.status_code == 200, r.json
    assert region.put("/api/v1/targets", json={"division_code": "540600", "year": 2022,
                                               "metric": "outbound_poverty_alleviated", "value": 2}).status_code == 200
    refresh()
    data = figures(region, "540000")
    assert data["progress"] == [{"metric": "outbound_poverty_alleviated", "label": data["progress"][0]["label"],
                                 "target": 4, "value": 3, "progress_pct": 75.0}]
    nagqu = next(p for p in data["by_division"] if p["division"]["code"] == "540600")
    assert nagqu["progress"][0]["value"] == 2 and nagqu["progress"][0]["progress_pct"] == 100.0
    # A county official cannot set the region's target, nor see it.
    county = as_official("540602")
    r = county.put("/api/v1/targets", json={"division_code": "540000", "year": 2022, "metric": "transfer_persons",
                                            "value": 10})
    assert r.status_code == 403
    assert county.get("/api/v1/targets?year=2022").json == []
    assert len(region.get("/api/v1/targets?year=2022").json) == 2


def test_trend_gives_each_month_and_the_year_to_date(population, as_official, refresh):
    refresh()
    months = as_official("540000").get("/api/v1/stats/trend?division=540000&year=2022").json["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert months[0]["month_totals"]["transfer_persons"] == 1  # mixed, January
    assert months[2]["month_totals"]["transfer_persons"] == 4  # March: twice, local, pref, lhasa
    assert months[11]["year_to_date"]["transfer_persons"] == 6
    ytd = [m["year_to_date"]["transfer_persons"] for m in months]
    assert ytd == sorted(ytd)


def test_the_refresh_task_rolls_up_through_the_job_engine(population, make_user, login_client, as_official,
                                                           wait_task):
    admin = login_client(make_user("admin"))
    r = admin.post("/api/v1/stats/refresh")
    assert r.status_code == 202, r.json
    assert wait_task(admin, r.json["id"])["state"] == "succeeded"
    # The task rolls up the current year; 2022 stays live unless it is the current year.
    assert as_official("540602").post("/api/v1/stats/refresh").status_code == 403
