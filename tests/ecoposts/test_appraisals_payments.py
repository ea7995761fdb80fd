"""Appraisals per period and the payments ledger: base × months held ± the appraisal, never below 0, one
appraisal and one payment per assignment and period, paid once; the holder sees their payments."""
from datetime import date, timedelta

import pytest

from labour.people.idnumber import local_today

from tests.ecoposts.conftest import CHENGGUAN, LHARI, SENI, YEAR

TODAY = local_today()  # the service's day (Asia/Shanghai), not the machine's


@pytest.fixture
def monthly(make_post, worker_holder, assign, as_official):
    client, person, _ = worker_holder(SENI)
    post = make_post(base_payment="1000.00")
    assignment = assign(post, person, start=date(YEAR, 1, 10)).json["id"]
    return {"client": client, "post": post, "assignment": assignment, "seni": as_official(SENI)}


def _appraise(client, assignment, **body):
    return client.post(f"/api/v1/eco-assignments/{assignment}/appraisals?lang=en", json=body)


def _pay(client, assignment, period):
    return client.post(f"/api/v1/eco-assignments/{assignment}/payments?lang=en", json={"period": period})


def test_reward_adds_to_the_payment_once(monthly):
    seni, assignment = monthly["seni"], monthly["assignment"]
    r = _appraise(seni, assignment, period=f"{YEAR}-03", score=95, reward="200", note="Reported a fire early")
    assert r.status_code == 201, r.json
    assert (r.json["grade"], r.json["grade_label"], r.json["reward"], r.json["penalty"]) == (
        "excellent", "Excellent", "200.00", "0.00")
    again = _appraise(seni, assignment, period=f"{YEAR}-03", score=50)
    assert again.status_code == 409 and again.json["code"] == "already_appraised" and "period" in again.json["errors"]
    r = _pay(seni, assignment, f"{YEAR}-03")
    assert r.status_code == 201, r.json
    assert (r.json["months"], r.json["base_payment"], r.json["amount"], r.json["status"]) == (
        1, "1000.00", "1200.00", "due")
    twice = _pay(seni, assignment, f"{YEAR}-03")
    assert twice.status_code == 409 and twice.json["code"] == "payment_exists"
    assert twice.json["message"] == f"The payment for {YEAR}-03 has already been generated."
    # Recording it paid, once.
    payment = r.json["id"]
    r = seni.post(f"/api/v1/eco-payments/{payment}/paid", json={"paid_on": date(YEAR, 4, 5).isoformat()})
    assert r.status_code == 200 and (r.json["status"], r.json["paid_on"]) == ("paid", date(YEAR, 4, 5).isoformat())
    r = seni.post(f"/api/v1/eco-payments/{payment}/paid", json={})
    assert r.status_code == 409 and r.json["code"] == "already_paid"
    # The holder sees it.
    mine = monthly["client"].get("/api/v1/me/eco-post?lang=en").json["payments"]
    assert [(p["period"], p["amount"], p["status_label"]) for p in mine] == [(f"{YEAR}-03", "1200.00", "Paid")]
    assert "person" not in mine[0]


def test_grades_and_penalties(monthly):
    seni, assignment = monthly["seni"], monthly["assignment"]
    for month, score, grade in (("02", 90, "excellent"), ("04", 89, "good"), ("05", 75, "good"),
                                ("06", 74, "pass"), ("07", 60, "pass"), ("08", 59, "fail"), ("09", 0, "fail")):
        r = _appraise(seni, assignment, period=f"{YEAR}-{month}", score=score)
        assert r.status_code == 201 and r.json["grade"] == grade, (score, r.json)
    assert _appraise(seni, assignment, period=f"{YEAR}-10", score=40, penalty="300.5").status_code == 201
    assert _pay(seni, assignment, f"{YEAR}-10").json["amount"] == "699.50"
    # A penalty larger than the base never makes the payment negative.
    assert _appraise(seni, assignment, period=f"{YEAR}-11", score=10, penalty="5000").status_code == 201
    assert _pay(seni, assignment, f"{YEAR}-11").json["amount"] == "0.00"
    # A new base payment applies to payments generated afterwards.
    assert seni.patch(f"/api/v1/eco-posts/{monthly['post']}", json={"base_payment": "1100"}).status_code == 200
    r = _pay(seni, assignment, f"{YEAR}-02")
    assert (r.json["base_payment"], r.json["amount"]) == ("1100.00", "1100.00")
    appraisals = seni.get(f"/api/v1/eco-assignments/{assignment}/appraisals").json
    assert [a["period"] for a in appraisals][:2] == [f"{YEAR}-11", f"{YEAR}-10"]


def test_payment_needs_an_appraisal(monthly):
    r = _pay(monthly["seni"], monthly["assignment"], f"{YEAR}-04")
    assert r.status_code == 409 and r.json["code"] == "not_appraised" and "period" in r.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"score": 80}, "period"),
    ({"period": f"{YEAR}-Q1", "score": 80}, "period"),  # the post is appraised monthly
    ({"period": f"{YEAR}-13", "score": 80}, "period"),
    ({"period": f"{YEAR - 1}-12", "score": 80}, "period"),  # before the holder held the post
    ({"period": f"{TODAY.year}-{TODAY.month:02d}", "score": 80}, "period"),  # not over yet
    ({"period": f"{TODAY.year + 1}-01", "score": 80}, "period"),
    ({"period": f"{YEAR}-01"}, "score"),
    ({"period": f"{YEAR}-01", "score": 101}, "score"),
    ({"period": f"{YEAR}-01", "score": "80"}, "score"),
    ({"period": f"{YEAR}-01", "score": 80, "reward": "-1"}, "reward"),
    ({"period": f"{YEAR}-01", "score": 80, "penalty": "abc"}, "penalty"),
    ({"period": f"{YEAR}-01", "score": 80, "reward": "10", "penalty": "10"}, "penalty"),
    ({"period": f"{YEAR}-01", "score": 80, "note": "x" * 201}, "note"),
])
def test_appraisal_rules(monthly, body, field):
    r = _appraise(monthly["seni"], monthly["assignment"], **body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]
    assert monthly["seni"].get(f"/api/v1/eco-assignments/{monthly['assignment']}/appraisals").json == []


def test_quarterly_post_pays_the_months_held_across_a_replacement(make_post, make_person, assign, as_official):
    """Q1: Tashi holds the post from 10 January and is replaced on 15 February, so he held it at the end of
    January only; Norbu holds it at the end of February and March. Nobody is paid a month twice."""
    seni = as_official(SENI)
    post = make_post(base_payment="500", appraisal_period="quarterly", post_type="wildlife")
    tashi, norbu = make_person(SENI), make_person(SENI)
    old = assign(post, tashi, start=date(YEAR, 1, 10)).json["id"]
    new = seni.post(f"/api/v1/eco-posts/{post}/replacement", json={
        "person_id": norbu, "reason": "Moved away", "date": date(YEAR, 2, 15).isoformat()}).json["id"]
    for assignment, reward in ((old, None), (new, "100")):
        assert _appraise(seni, assignment, period=f"{YEAR}-Q1", score=80, reward=reward).status_code == 201
    paid = [_pay(seni, a, f"{YEAR}-Q1").json for a in (old, new)]
    assert [(p["months"], p["amount"]) for p in paid] == [(1, "500.00"), (2, "1100.00")]
    # Tashi held no month of Q2; a monthly period is no quarter.
    r = _appraise(seni, old, period=f"{YEAR}-Q2", score=80)
    assert r.status_code == 422 and "period" in r.json["errors"]
    r = _appraise(seni, new, period=f"{YEAR}-04", score=80)
    assert r.status_code == 422 and r.json["errors"]["period"] == [
        "This post is appraised quarterly: give the quarter as YYYY-Qn."]
    # A full quarter.
    assert _appraise(seni, new, period=f"{YEAR}-Q2", score=70).status_code == 201
    assert _pay(seni, new, f"{YEAR}-Q2").json["amount"] == "1500.00"
    # The ledger of the area, filtered.
    ledger = seni.get(f"/api/v1/eco-payments?period={YEAR}-Q1").json
    assert ledger["total"] == 2 and {p["person"]["id"] for p in ledger["items"]} == {tashi, norbu}
    assert seni.get(f"/api/v1/eco-payments?assignment={new}&status=due").json["total"] == 2
    assert seni.get("/api/v1/eco-payments?status=paid").json["total"] == 0
    assert as_official(LHARI).get("/api/v1/eco-payments").json["total"] == 0
    assert as_official("540000").get(f"/api/v1/eco-payments?division={SENI}").json["total"] == 3
    for bad in ("period=2025-5", "status=late", "division=1", "assignment=0", "colour=red"):
        assert seni.get(f"/api/v1/eco-payments?{bad}").status_code == 400, bad


def test_an_appraised_period_fixes_the_end_date(monthly):
    seni, assignment = monthly["seni"], monthly["assignment"]
    assert _appraise(seni, assignment, period=f"{YEAR}-06", score=80).status_code == 201
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/end", json={
        "reason": "Left", "end_date": date(YEAR, 6, 30).isoformat()})
    assert r.status_code == 422 and "end_date" in r.json["errors"]
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/end", json={
        "reason": "Left", "end_date": date(YEAR, 7, 1).isoformat()})
    assert r.status_code == 200 and r.json["end_date"] == date(YEAR, 7, 1).isoformat()
    # July was not held at its end: no appraisal for it.
    assert _appraise(seni, assignment, period=f"{YEAR}-07", score=80).status_code == 422


def test_paid_rules_and_scope(monthly, as_official, worker_holder):
    seni, assignment = monthly["seni"], monthly["assignment"]
    _appraise(seni, assignment, period=f"{YEAR}-05", score=80)
    payment = _pay(seni, assignment, f"{YEAR}-05").json["id"]
    for body, field in (({"paid_on": (TODAY + timedelta(days=1)).isoformat()}, "paid_on"),
                        ({"paid_on": date(YEAR, 4, 30).isoformat()}, "paid_on"),
                        ({"paid_on": "soon"}, "paid_on")):
        r = seni.post(f"/api/v1/eco-payments/{payment}/paid", json=body)
        assert r.status_code == 422 and field in r.json["errors"], body
    for code in (LHARI, CHENGGUAN):
        official = as_official(code)
        assert official.post(f"/api/v1/eco-payments/{payment}/paid", json={}).status_code == 404
        assert _appraise(official, assignment, period=f"{YEAR}-06", score=80).status_code == 404
        assert _pay(official, assignment, f"{YEAR}-05").status_code == 404
        assert official.get(f"/api/v1/eco-assignments/{assignment}/appraisals").status_code == 404
    worker = worker_holder(SENI)[0]
    assert worker.post(f"/api/v1/eco-payments/{payment}/paid", json={}).status_code == 403
    assert worker.get("/api/v1/eco-payments").status_code == 403
    assert worker.get("/api/v1/me/eco-post").json["payments"] == []  # another worker's payments stay theirs
    r = as_official("540600").post(f"/api/v1/eco-payments/{payment}/paid", json={})
    assert r.status_code == 200 and r.json["paid_on"] == TODAY.isoformat()


def test_concurrent_payment_requests_pay_once(monthly, as_official):
    import threading

    seni, assignment = monthly["seni"], monthly["assignment"]
    assert _appraise(seni, assignment, period=f"{YEAR}-08", score=80).status_code == 201
    clients = [seni, as_official("540600"), as_official("540000")]
    barrier, statuses = threading.Barrier(3), []

    def run(client):
        barrier.wait()
        statuses.append(_pay(client, assignment, f"{YEAR}-08").status_code)

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409, 409]
    assert seni.get(f"/api/v1/eco-payments?assignment={assignment}").json["total"] == 1
