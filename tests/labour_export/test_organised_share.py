"""The organised share (labour.stats.definitions.ORGANISED_SHARE) against a hand-computed expectation."""
from datetime import date, datetime, timezone

from tests.labour_export.conftest import LHASA, SENI


def _depart(as_official, batch, persons, when, *, origin=SENI, arrive=True):
    bid = batch(persons, origin=origin)["id"]
    client = as_official(origin)
    r = client.post(f"/api/v1/export-batches/{bid}/departure", json={"at": when.isoformat()})
    assert r.status_code == 200, r.json
    if arrive:
        assert client.post(f"/api/v1/export-batches/{bid}/arrival", json={"at": when.isoformat()}).status_code == 200
    return bid


def test_organised_share_by_hand(make_person, place, batch, as_official, make_user, login_client):
    utc = timezone.utc
    p1, p2, p3, p4, p5, p6, p8 = (make_person(SENI, name=f"P{i}") for i in (1, 2, 3, 4, 5, 6, 8))
    p7 = make_person(LHASA, name="P7")
    for person in (p1, p2, p3, p4, p6, p7, p8):
        place(person, workplace="330000", start=date(2022, 3, 5))  # outside Tibet, in 2022
    place(p5, workplace=LHASA, start=date(2022, 3, 5))  # inside Tibet: not in the denominator
    place(p1, workplace="310000", start=date(2022, 8, 1))  # a second outside placement: still one person
    place(p6, workplace="330000", start=date(2021, 1, 1), end=date(2021, 12, 31))  # ended before 2022

    _depart(as_official, batch, [p1, p5], datetime(2022, 2, 20, 2, 0, tzinfo=utc))  # organised
    _depart(as_official, batch, [p2], datetime(2020, 6, 1, tzinfo=utc))  # left before the one-year look-back
    batch([p3])  # planned, never departed
    _depart(as_official, batch, [p4], datetime(2021, 5, 1, tzinfo=utc), arrive=False)  # within the look-back
    _depart(as_official, batch, [p7], datetime(2022, 4, 1, tzinfo=utc), origin=LHASA)  # organised, Lhasa
    _depart(as_official, batch, [p8], datetime(2023, 2, 1, tzinfo=utc))  # after the as-of date
    # Look-back edge: Tibet time decides. 2020-12-31 16:30 UTC is 2021-01-01 00:30 in Lhasa: inside.
    edge = make_person(SENI, name="edge")
    place(edge, workplace="330000", start=date(2022, 1, 10))
    _depart(as_official, batch, [edge], datetime(2020, 12, 31, 16, 30, tzinfo=utc))
    before_edge = make_person(SENI, name="before edge")
    place(before_edge, workplace="330000", start=date(2022, 1, 10))
    _depart(as_official, batch, [before_edge], datetime(2020, 12, 31, 15, 30, tzinfo=utc))  # 23:30 in Lhasa

    # Seni, 2022: outside Tibet p1 p2 p3 p4 p6 p8 edge before_edge = 8; organised p1 p4 edge = 3 → 37.5 %.
    r = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022&lang=en")
    assert r.status_code == 200, r.json
    body = r.json
    assert (body["outside_tibet_persons"], body["organised_persons"], body["share_pct"]) == (8, 3, 37.5)
    assert body["division"]["code"] == SENI and body["period"] == "2022" and body["as_of"] == "2022-12-31"
    assert (body["departures_from"], body["departures_to"]) == ("2021-01-01", "2022-12-31")

    # The region: + p7 (Lhasa) = 9 persons, 4 organised → 44.4 %.
    r = as_official("540000").get("/api/v1/export-batches/organised-share?year=2022&division=540000")
    assert (r.json["outside_tibet_persons"], r.json["organised_persons"], r.json["share_pct"]) == (9, 4, 44.4)
    admin = login_client(make_user("admin"))
    assert admin.get("/api/v1/export-batches/organised-share?year=2022").json["share_pct"] == 44.4

    # February 2022: placements from March are not counted yet; January's two are. Look-back from 2021-02-01:
    # edge's departure (2021-01-01 Lhasa time) is now too early.
    r = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022&month=2")
    assert (r.json["outside_tibet_persons"], r.json["organised_persons"], r.json["share_pct"]) == (2, 0, 0.0)
    # As of 2022-02-19, p1's departure (20 Feb) has not happened yet; as of the 20th (10:00 Lhasa) it has.
    place(p1, workplace="330000", start=date(2022, 2, 1))
    r = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022&month=2&as_of=2022-02-19")
    assert (r.json["outside_tibet_persons"], r.json["organised_persons"]) == (3, 0)
    r = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022&month=2&as_of=2022-02-20")
    assert (r.json["outside_tibet_persons"], r.json["organised_persons"]) == (3, 1)


def test_share_without_outbound_workers_is_none(as_official):
    r = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022")
    assert r.status_code == 200
    assert (r.json["outside_tibet_persons"], r.json["organised_persons"], r.json["share_pct"]) == (0, 0, None)


def test_share_scope_and_arguments(as_official):
    seni = as_official(SENI)
    assert seni.get("/api/v1/export-batches/organised-share?year=2022&division=540102").status_code == 403
    assert seni.get("/api/v1/export-batches/organised-share?year=2022&division=330000").status_code == 422
    for bad in ("", "year=1999", "year=2022&month=13", "year=2022&colour=red"):
        r = seni.get(f"/api/v1/export-batches/organised-share?{bad}")
        assert r.status_code == 400, bad


def test_attribution_follows_the_first_outside_placement(make_person, place, move_household, batch, as_official):
    """A person who moved from Lhasa to Seni counts where their first outside-Tibet placement of the period
    was recorded: in Lhasa, once, and not in Seni."""
    person = make_person(LHASA)
    place(person, workplace="330000", start=date(2022, 2, 1))
    move_household(person, SENI)
    place(person, workplace="310000", start=date(2022, 6, 1))
    _depart(as_official, batch, [person], datetime(2022, 1, 25, tzinfo=timezone.utc))
    seni = as_official(SENI).get("/api/v1/export-batches/organised-share?year=2022").json
    lhasa = as_official(LHASA).get("/api/v1/export-batches/organised-share?year=2022").json
    region = as_official("540000").get("/api/v1/export-batches/organised-share?year=2022").json
    assert (seni["outside_tibet_persons"], seni["organised_persons"]) == (0, 0)
    assert (lhasa["outside_tibet_persons"], lhasa["organised_persons"], lhasa["share_pct"]) == (1, 1, 100.0)
    assert (region["outside_tibet_persons"], region["organised_persons"]) == (1, 1)
