"""Yearly targets per division and metric, set in scope."""
import pytest


def put(client, **body):
    return client.put("/api/v1/targets", json={"division_code": "540600", "year": 2022,
                                               "metric": "outbound_persons", "value": 1000, **body})


def test_setting_a_target_twice_changes_it(as_official):
    region = as_official("540000")
    first = put(region)
    assert first.status_code == 200 and first.json["value"] == 1000
    second = put(region, value=1200)
    assert second.json["id"] == first.json["id"] and second.json["value"] == 1200
    assert [t["value"] for t in region.get("/api/v1/targets?year=2022&division=540600").json] == [1200]


def test_a_prefecture_sets_targets_in_its_area_only(as_official):
    nagqu = as_official("540600")
    assert put(nagqu, division_code="540602").status_code == 200
    assert put(nagqu, division_code="540102").status_code == 403
    assert put(nagqu, division_code="540000").status_code == 403
    assert len(as_official("540100").get("/api/v1/targets").json) == 0


@pytest.mark.parametrize("change, field", [
    ({"metric": "happiness"}, "metric"),
    ({"value": 0}, "value"),
    ({"value": "many"}, "value"),
    ({"year": 1999}, "year"),
    ({"division_code": "999999"}, "division_code"),
    ({"division_code": "330000"}, "division_code"),
])
def test_malformed_targets_name_the_field(as_official, change, field):
    r = put(as_official("540000"), **change)
    assert r.status_code == 422 and field in r.json["errors"], r.json
