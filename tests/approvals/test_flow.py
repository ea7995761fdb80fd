"""Monthly approval: submit → approve → accept, the order enforced, accepted months frozen, corrections
versioned with who and why."""
from datetime import date

import pytest


@pytest.fixture
def march(make_person, place):
    """Seni district (540602) in March 2022: one outbound worker."""
    person = make_person("540602")
    place(person, start=date(2022, 3, 1))
    return person


def submit(client, county="540602", month="2022-03", **extra):
    return client.post("/api/v1/approvals", json={"county": county, "month": month, **extra})


def test_submit_approve_accept_publishes_the_frozen_snapshot(march, as_official, official):
    r = submit(as_official("540602"))
    assert r.status_code == 201, r.json
    report = r.json
    assert report["state"] == "submitted" and report["published"] is None and report["current_version"] == 1
    version = report["versions"][0]
    assert version["figures"]["metrics"]["outbound_persons"] == 1 and version["figures"]["as_of"] == "2022-03-31"
    assert version["submitted_by"]["id"] == official("540602").id

    r = as_official("540600").post(f"/api/v1/approvals/{report['id']}/approve")
    assert r.status_code == 200 and r.json["state"] == "approved"
    assert r.json["versions"][0]["approved_by"]["id"] == official("540600").id
    r = as_official("540000").post(f"/api/v1/approvals/{report['id']}/accept")
    assert r.status_code == 200 and r.json["state"] == "accepted"
    assert r.json["published_version"] == 1 and r.json["published"]["metrics"]["outbound_persons"] == 1


def test_steps_out_of_order_are_409_and_wrong_levels_403(march, as_official):
    report_id = submit(as_official("540602")).json["id"]
    url = f"/api/v1/approvals/{report_id}"
    assert submit(as_official("540602")).status_code == 409               # already submitted
    r = as_official("540000").post(f"{url}/accept")                        # not approved yet
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"
    assert as_official("540000").post(f"{url}/approve").status_code == 403  # the region does not approve
    assert as_official("540602").post(f"{url}/approve").status_code == 403  # nor the county itself
    assert as_official("540100").post(f"{url}/approve").status_code == 404  # another prefecture: not found
    assert as_official("540602").post(f"{url}/corrections", json={"reason": "x"}).status_code == 409  # not accepted
    assert as_official("540600").post(f"{url}/approve").status_code == 200
    assert as_official("540600").post(f"{url}/approve").status_code == 409  # twice
    assert as_official("540000").post(f"{url}/accept").status_code == 200
    assert as_official("540000").post(f"{url}/accept").status_code == 409
    # Only the county submits, for its own county.
    assert submit(as_official("540600")).status_code == 403
    assert submit(as_official("540621")).status_code == 403


def test_an_accepted_month_is_frozen_and_a_correction_is_a_new_version_with_who_and_why(
        march, make_person, place, as_official, official):
    county = as_official("540602")
    report_id = submit(county).json["id"]
    as_official("540600").post(f"/api/v1/approvals/{report_id}/approve")
    as_official("540000").post(f"/api/v1/approvals/{report_id}/accept")

    late = make_person("540602")
    place(late, start=date(2022, 3, 15))  # a placement recorded late changes the live figure ...
    live = county.get("/api/v1/stats/figures?year=2022&month=3").json["totals"]["outbound_persons"]
    assert live == 2
    report = county.get(f"/api/v1/approvals/{report_id}").json
    assert report["published"]["metrics"]["outbound_persons"] == 1  # ... never the published one
    assert submit(county).status_code == 409

    r = county.post(f"/api/v1/approvals/{report_id}/corrections", json={"reason": ""})
    assert r.status_code == 422 and "reason" in r.json["errors"]
    r = county.post(f"/api/v1/approvals/{report_id}/corrections",
                    json={"reason": "A contract for 15 March arrived late."})
    assert r.status_code == 201, r.json
    assert r.json["current_version"] == 2 and r.json["state"] == "submitted"
    v2 = r.json["versions"][1]
    assert v2["reason"] == "A contract for 15 March arrived late."
    assert v2["submitted_by"]["id"] == official("540602").id and v2["figures"]["metrics"]["outbound_persons"] == 2
    assert r.json["versions"][0]["figures"]["metrics"]["outbound_persons"] == 1  # v1 untouched
    assert r.json["published_version"] == 1 and r.json["published"]["metrics"]["outbound_persons"] == 1

    as_official("540600").post(f"/api/v1/approvals/{report_id}/approve")
    r = as_official("540000").post(f"/api/v1/approvals/{report_id}/accept")
    assert r.json["published_version"] == 2 and r.json["published"]["metrics"]["outbound_persons"] == 2


def test_a_returned_month_is_submitted_again_as_a_new_version(march, as_official):
    county = as_official("540602")
    report_id = submit(county).json["id"]
    r = as_official("540600").post(f"/api/v1/approvals/{report_id}/return", json={"note": " "})
    assert r.status_code == 422 and "note" in r.json["errors"]
    r = as_official("540600").post(f"/api/v1/approvals/{report_id}/return", json={"note": "Check Lhari."})
    assert r.status_code == 200 and r.json["state"] == "returned"
    assert as_official("540000").post(f"/api/v1/approvals/{report_id}/return",
                                      json={"note": "x"}).status_code == 409  # the region returns approved ones
    r = submit(county, reason="Checked.")
    assert r.status_code == 201 and r.json["current_version"] == 2 and r.json["state"] == "submitted"
    assert [v["state"] for v in r.json["versions"]] == ["returned", "submitted"]


@pytest.mark.parametrize("body, field", [
    ({"county": "540602", "month": "2022-13"}, "month"),
    ({"county": "540602", "month": "March"}, "month"),
    ({"county": "540602"}, "month"),
    ({"county": "54060", "month": "2022-03"}, "county"),
    ({"county": "540602", "month": "2099-01"}, "month"),
    ({"county": "540600", "month": "2022-03"}, "county"),
])
def test_malformed_submissions_name_the_field(as_official, body, field):
    r = as_official("540602").post("/api/v1/approvals", json=body)
    assert r.status_code == 422 and field in r.json["errors"], r.json


def test_a_month_that_has_not_ended_cannot_be_submitted(as_official):
    r = submit(as_official("540602"), month=date.today().strftime("%Y-%m"))
    assert r.status_code == 422 and "month" in r.json["errors"]


def test_lists_are_scoped(march, as_official):
    submit(as_official("540602"))
    assert as_official("540600").get("/api/v1/approvals?state=submitted").json["total"] == 1
    assert as_official("540100").get("/api/v1/approvals").json["total"] == 0
    assert as_official("540000").get("/api/v1/approvals?year=2022&month=3").json["total"] == 1
    assert as_official("540000").get("/api/v1/approvals?state=bogus").status_code == 400
