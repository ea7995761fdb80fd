"""Wage confirmation through the API: the worker's monthly report, arrears settled by the employer and confirmed
by the worker, who sees what, the flag on positions, and bad input."""
from datetime import timedelta

import pytest

from tests.wages.conftest import LAST_MONTH, TODAY, month_of, months_ago


def _report(client, placement, month=LAST_MONTH, status="paid", **extra):
    return client.post("/api/v1/me/wages", json={"placement_id": placement, "month": month, "status": status,
                                                 **extra})


def _flag(client, position):
    listed = {p["id"]: p["employer_has_arrears"] for p in client.get("/api/v1/positions").json["items"]}
    detail = client.get(f"/api/v1/positions/{position}").json["employer_has_arrears"]
    assert listed[position] is detail
    return detail


def test_arrears_reported_settled_and_confirmed(employer, worker, placed, client, notes):
    firm = employer()
    user, phone = worker()
    placement = placed(user, firm["id"])
    two_months_ago = month_of(months_ago(2))

    mine = phone.get("/api/v1/me/wages?lang=en").json
    assert mine["month"] == LAST_MONTH and mine["open_arrears"] == []
    [item] = mine["placements"]
    assert (item["id"], item["employer_name"], item["can_report"], item["report"]) == (
        placement, "Lhasa Builders", True, None)
    assert item["workplace"]["code"] == "540102"

    r = _report(phone, placement)
    assert r.status_code == 201, r.json
    assert (r.json["status"], r.json["month"], r.json["amount_owed"]) == ("paid", LAST_MONTH, None)
    r = _report(phone, placement)  # paid twice: nothing to change
    assert r.status_code == 409 and r.json["code"] == "wage_report_exists" and "month" in r.json["errors"]
    assert _flag(client, firm["position"]) is False

    r = _report(phone, placement, two_months_ago, "arrears", amount_owed="1200.5", note="Nothing since May")
    assert r.status_code == 201, r.json
    report = r.json["id"]
    assert (r.json["status"], r.json["amount_owed"], r.json["note"]) == ("arrears", "1200.50", "Nothing since May")
    assert r.json["employer"] == {"id": firm["id"], "name": "Lhasa Builders"}
    assert _report(phone, placement, two_months_ago, "arrears", amount_owed="5").status_code == 409
    assert _flag(client, firm["position"]) is True
    assert [a["id"] for a in phone.get("/api/v1/me/wages").json["open_arrears"]] == [report]

    # The employer's staff see it (the worker's name, not their phone or ID number) and mark it settled.
    listed = firm["staff"].get("/api/v1/wage-arrears").json
    assert [(a["id"], a["person_name"], a["amount_owed"], a["county"]["code"]) for a in listed["items"]] == [
        (report, user.display_name, "1200.50", "540602")]
    assert "phone" not in str(listed) and "id_number" not in str(listed)
    r = firm["staff"].post(f"/api/v1/wage-arrears/{report}/settle")
    assert r.status_code == 200 and r.json["status"] == "settled" and r.json["settled_at"]
    assert notes("wage_arrears_settled") == {(user.id, "wage_arrears_settled", f"wage_report:{report}:settled")}
    inbox = phone.get("/api/v1/me/notifications?lang=en").json["items"]
    assert "Lhasa Builders says it has paid the 1200.50 yuan owed to you for " + two_months_ago in inbox[0]["message"]
    r = firm["staff"].post(f"/api/v1/wage-arrears/{report}/settle")
    assert r.status_code == 409 and r.json["code"] == "not_in_arrears"
    # Still open (and flagged) until the worker confirms; a second "arrears" is refused.
    assert _flag(client, firm["position"]) is True
    assert _report(phone, placement, two_months_ago, "arrears", amount_owed="5").status_code == 409
    assert [a["status"] for a in firm["staff"].get("/api/v1/wage-arrears").json["items"]] == ["settled"]

    r = _report(phone, placement, two_months_ago)
    assert r.status_code == 200, r.json
    assert (r.json["id"], r.json["status"], r.json["amount_owed"]) == (report, "paid", "1200.50")
    assert r.json["paid_at"]
    assert _flag(client, firm["position"]) is False
    assert firm["staff"].get("/api/v1/wage-arrears").json["total"] == 0
    paid = firm["staff"].get("/api/v1/wage-arrears?status=paid").json["items"]
    assert [(a["id"], a["amount_owed"]) for a in paid] == [(report, "1200.50")]
    assert _report(phone, placement, two_months_ago).status_code == 409  # paid is final
    r = firm["staff"].post(f"/api/v1/wage-arrears/{report}/settle")
    assert r.status_code == 409


def test_the_workers_own_paid_settles_open_arrears(employer, worker, placed, client):
    firm = employer()
    user, phone = worker()
    placement = placed(user, firm["id"])
    assert _report(phone, placement, status="arrears", amount_owed=800).status_code == 201
    assert _flag(client, firm["position"]) is True
    r = _report(phone, placement, note="Paid in cash today")
    assert r.status_code == 200 and r.json["status"] == "paid" and r.json["note"] == "Paid in cash today"
    assert _flag(client, firm["position"]) is False
    assert firm["staff"].post(f"/api/v1/wage-arrears/{r.json['id']}/settle").status_code == 409


def test_month_rules(employer, worker, placed):
    firm = employer()
    user, phone = worker()
    start = months_ago(2) + timedelta(days=14)  # the job started mid-month two months ago
    placement = placed(user, firm["id"], start=start)
    ended = placed(user, firm["id"], start=months_ago(5), end=months_ago(3) + timedelta(days=3))
    next_month = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)
    for month, where in ((month_of(next_month), placement), (month_of(months_ago(3)), placement),
                         (month_of(months_ago(2)), ended), ("2000-01", placement)):
        r = _report(phone, where, month)
        assert r.status_code == 422, (month, r.json)
        assert list(r.json["errors"]) == ["month"], r.json
    # The month the job started, the month it ended, and the current month are all reportable.
    assert _report(phone, placement, month_of(start)).status_code == 201
    assert _report(phone, ended, month_of(months_ago(3))).status_code == 201
    assert _report(phone, placement, month_of(TODAY)).status_code == 201


def test_a_hire_in_the_system_starts_today(employer, worker, client):
    """A placement made by hiring starts today: last month is before it and cannot be reported."""
    firm = employer()
    user, phone = worker()
    application = phone.post(f"/api/v1/positions/{firm['position']}/applications", json={}).json["id"]
    for status in ("offered", "hired"):
        assert firm["staff"].patch(f"/api/v1/applications/{application}", json={"status": status}).status_code == 200
    [item] = phone.get("/api/v1/me/wages").json["placements"]
    assert item["can_report"] is False and item["start_date"] == TODAY.isoformat()
    r = _report(phone, item["id"])
    assert r.status_code == 422 and "month" in r.json["errors"]
    assert _report(phone, item["id"], month_of(TODAY), "arrears", amount_owed="10").status_code == 201


@pytest.mark.parametrize("change, field", [
    ({"month": "2024-13"}, "month"),
    ({"month": "2024/01"}, "month"),
    ({"month": 202401}, "month"),
    ({"month": None}, "month"),
    ({"status": "settled"}, "status"),
    ({"status": "arrears"}, "amount_owed"),  # arrears without the amount
    ({"status": "arrears", "amount_owed": "0"}, "amount_owed"),
    ({"status": "arrears", "amount_owed": "-5"}, "amount_owed"),
    ({"status": "arrears", "amount_owed": "abc"}, "amount_owed"),
    ({"status": "arrears", "amount_owed": "NaN"}, "amount_owed"),
    ({"status": "arrears", "amount_owed": "1000000.01"}, "amount_owed"),
    ({"amount_owed": "100"}, "amount_owed"),  # paid with an amount owed
    ({"note": "x" * 501}, "note"),
    ({"placement_id": 2147483647}, "placement_id"),
    ({"placement_id": "1"}, "placement_id"),
    ({"placement_id": 2**40}, "placement_id"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_is_a_localised_422_naming_the_field(employer, worker, placed, app, change, field):
    firm = employer()
    user, phone = worker()
    body = {"placement_id": placed(user, firm["id"]), "month": LAST_MONTH, "status": "paid", **change}
    r = phone.post("/api/v1/me/wages?lang=zh_Hans", json=body, headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 422, r.json
    assert list(r.json["errors"]) == [field], r.json
    assert r.headers["Content-Language"] == "zh-Hans"
    assert r.json["message"] != "Some fields are not valid."  # the envelope is in Chinese
    with app.app_context():
        from labour.db import db
        from labour.wages.models import WageReport

        assert db.session.query(WageReport).count() == 0  # nothing half-written


def test_only_the_workers_own_placements(employer, worker, placed):
    firm = employer()
    user, _ = worker()
    _, other = worker()
    placement = placed(user, firm["id"])
    r = _report(other, placement)
    assert r.status_code == 422 and "placement_id" in r.json["errors"]
    assert other.get("/api/v1/me/wages").json["placements"] == []


def test_a_replayed_report_answers_the_same(employer, worker, placed):
    firm = employer()
    user, phone = worker()
    placement = placed(user, firm["id"])
    headers = {"Idempotency-Key": "wages-1"}
    body = {"placement_id": placement, "month": LAST_MONTH, "status": "arrears", "amount_owed": "300"}
    first = phone.post("/api/v1/me/wages", json=body, headers=headers)
    again = phone.post("/api/v1/me/wages", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json == first.json


def test_who_sees_and_settles(employer, worker, placed, as_official, make_user, login_client, client):
    ours, theirs = employer("Ours"), employer("Theirs")
    seni, phone_seni = worker("540602")  # Nagqu prefecture
    lhasa, phone_lhasa = worker("540102")
    a = _report(phone_seni, placed(seni, ours["id"]), status="arrears", amount_owed="100").json["id"]
    b = _report(phone_lhasa, placed(lhasa, theirs["id"]), status="arrears", amount_owed="250").json["id"]

    ids = lambda c, q="": [x["id"] for x in c.get(f"/api/v1/wage-arrears{q}").json["items"]]  # noqa: E731
    assert ids(ours["staff"]) == [a] and ids(theirs["staff"]) == [b]
    assert ours["staff"].post(f"/api/v1/wage-arrears/{b}/settle").status_code == 404
    assert ours["staff"].post("/api/v1/wage-arrears/2147483647/settle").status_code == 404
    assert ids(as_official("540602")) == [a]
    assert ids(as_official("540600")) == [a]
    assert ids(as_official("540102")) == [b]
    assert sorted(ids(as_official("540000"))) == sorted([a, b])
    assert sorted(ids(login_client(make_user("admin")))) == sorted([a, b])
    assert ids(as_official("540000"), f"?employer={ours['id']}") == [a]  # one employer's list
    assert ids(as_official("540000"), "?division=540100") == [b]
    assert ids(as_official("540000"), f"?month={LAST_MONTH}") == sorted([a, b], reverse=True)
    assert ids(as_official("540000"), "?month=2001-01") == []
    # Nobody else: workers, centres, the public; officials cannot settle.
    assert phone_seni.get("/api/v1/wage-arrears").status_code == 403
    assert client.get("/api/v1/wage-arrears").status_code == 401
    assert login_client(make_user("centre_staff")).get("/api/v1/wage-arrears").status_code == 403
    assert as_official("540602").post(f"/api/v1/wage-arrears/{a}/settle").status_code == 403
    assert ours["staff"].get("/api/v1/wage-arrears/summary").status_code == 403
    r = as_official("540602").get("/api/v1/wage-arrears?division=540102")
    assert r.status_code == 422 and "division" in r.json["errors"]
    for bad in ("status=closed", "division=330000", "division=54", "month=2024-13", "month=1999-12", "employer=2147483647",
                "colour=red", "per_page=500"):
        r = as_official("540000").get(f"/api/v1/wage-arrears?{bad}")
        assert r.status_code == 400, bad
        assert bad.split("=")[0] in r.json["errors"], (bad, r.json)


def test_officials_totals_by_employer_and_area(employer, worker, placed, as_official, make_user, login_client):
    ours, theirs = employer("Ours"), employer("Theirs")
    seni, phone_seni = worker("540602")
    seni2, phone_seni2 = worker("540602")
    lhari, phone_lhari = worker("540621")  # also Nagqu
    lhasa, phone_lhasa = worker("540102")
    p = placed(seni, ours["id"], start=months_ago(4))
    _report(phone_seni, p, status="arrears", amount_owed="100")
    _report(phone_seni, p, month_of(months_ago(2)), "arrears", amount_owed="150.25")
    _report(phone_seni2, placed(seni2, ours["id"]), status="arrears", amount_owed="200")
    _report(phone_lhari, placed(lhari, theirs["id"]), status="arrears", amount_owed="400")
    settled = _report(phone_lhasa, placed(lhasa, theirs["id"]), status="arrears", amount_owed="1000").json["id"]
    paid_later = _report(phone_seni2, placed(seni2, theirs["id"]), status="arrears", amount_owed="9999").json
    _report(phone_seni2, paid_later["placement_id"])  # confirmed paid: no longer open
    theirs["staff"].post(f"/api/v1/wage-arrears/{settled}/settle")  # settled but not confirmed: still open

    region = as_official("540000").get("/api/v1/wage-arrears/summary?lang=en").json
    assert (region["by"], region["reports"], region["workers"], region["total_owed"]) == ("employer", 5, 4, "1850.25")
    assert [(g["employer"]["name"], g["reports"], g["workers"], g["total_owed"]) for g in region["items"]] == [
        ("Theirs", 2, 2, "1400.00"), ("Ours", 3, 2, "450.25")]
    assert region["items"][1]["oldest_month"] == month_of(months_ago(2))

    nagqu = as_official("540600").get("/api/v1/wage-arrears/summary?by=county&lang=en").json
    assert [(g["division"]["code"], g["reports"], g["total_owed"]) for g in nagqu["items"]] == [
        ("540602", 3, "450.25"), ("540621", 1, "400.00")]
    assert (nagqu["reports"], nagqu["workers"], nagqu["total_owed"], nagqu["total"]) == (4, 3, "850.25", 2)
    assert nagqu["items"][0]["division"]["name"] == "Seni District"

    by_prefecture = login_client(make_user("admin")).get("/api/v1/wage-arrears/summary?by=prefecture").json
    assert [(g["division"]["code"], g["total_owed"]) for g in by_prefecture["items"]] == [
        ("540100", "1000.00"), ("540600", "850.25")]
    county = as_official("540602").get("/api/v1/wage-arrears/summary").json
    assert [(g["employer"]["name"], g["total_owed"]) for g in county["items"]] == [("Ours", "450.25")]
    page = as_official("540000").get("/api/v1/wage-arrears/summary?per_page=1&page=2").json
    assert (page["total"], page["pages"], [g["employer"]["name"] for g in page["items"]]) == (2, 2, ["Ours"])
    r = as_official("540602").get("/api/v1/wage-arrears/summary?division=540600")
    assert r.status_code == 422 and "division" in r.json["errors"]  # above the official's own area
    for bad in ("by=village", "division=999999"):
        r = as_official("540000").get(f"/api/v1/wage-arrears/summary?{bad}")
        assert r.status_code == 400 and bad.split("=")[0] in r.json["errors"]


def test_the_flag_takes_no_extra_query_on_the_list(app, employer, worker, placed, client):
    import sqlalchemy as sa

    from labour.db import db

    flagged, clean = employer("Owes wages"), employer("Pays on time")
    user, phone = worker()
    _report(phone, placed(user, flagged["id"]), status="arrears", amount_owed="100")
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        items = client.get("/api/v1/positions?per_page=20").json["items"]
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert {p["id"]: p["employer_has_arrears"] for p in items} == {flagged["position"]: True,
                                                                    clean["position"]: False}
    assert len(statements) == 2, statements  # the count and the page, as without the flag
    assert client.get(f"/api/v1/positions/{clean['position']}").json["employer_has_arrears"] is False


def test_two_phones_reporting_the_same_month_at_once_make_one_report(app, employer, worker, placed, login_client):
    import threading

    from labour.db import db
    from labour.wages.models import WageReport

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the concurrency guarantee is tested on PostgreSQL")
    firm = employer()
    user, phone = worker()
    placement = placed(user, firm["id"])
    phones = [phone, login_client(user)]
    barrier, answers = threading.Barrier(2), [None, None]

    def send(i):
        barrier.wait()
        answers[i] = _report(phones[i], placement, status="arrears", amount_owed="100").status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(answers) == [201, 409]
    with app.app_context():
        assert db.session.query(WageReport).count() == 1
