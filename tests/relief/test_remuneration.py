"""The remuneration ledger through the API: who records, all or nothing, corrections kept with their reason."""
import pytest

from tests.relief.conftest import THIS_MONTH, month_shift, ym

PROJECTS = "/api/v1/relief-projects"
START = month_shift(THIS_MONTH, -2)


@pytest.fixture
def setup(contractor, make_project, project_position, worker_in, employer_client):
    """A running project of a contractor, with one worker hired into its position through the API."""
    employer = contractor()
    project = make_project(status="running", contractor_id=employer)
    position = project_position(employer, project)
    worker, person = worker_in("540602")
    application = worker.post(f"/api/v1/positions/{position}/applications", json={}).json["id"]
    staff = employer_client(employer)
    for status in ("offered", "hired"):
        assert staff.patch(f"/api/v1/applications/{application}", json={"status": status}).status_code == 200
    return {"employer": employer, "project": project, "position": position, "person": person, "staff": staff}


def _body(month, entries, **extra):
    return {"month": ym(month), "entries": [{"person_id": p, "amount": a} for p, a in entries], **extra}


def test_contractor_records_its_hired_workers(setup, person_in):
    staff, project, person = setup["staff"], setup["project"], setup["person"]
    url = f"{PROJECTS}/{project}/remuneration"
    r = staff.put(url, json=_body(START, [(person, "2800.50")]))
    assert r.status_code == 200, r.json
    [row] = r.json["items"]
    assert (row["person"]["id"], row["month"], row["amount"], row["revision"], row["changes"]) == (
        person, ym(START), "2800.50", 1, [])
    # A person never hired into the project's positions is not the contractor's to pay (nor to learn about).
    stranger = person_in()
    r = staff.put(url, json=_body(START, [(stranger, "100")]))
    assert r.status_code == 422 and "entries" in r.json["errors"]
    assert "Tashi" not in str(r.json)
    # The ledger as the contractor reads it.
    ledger = staff.get(url).json
    assert ledger["total"] == 1 and ledger["items"][0]["amount"] == "2800.50"


def test_officials_record_any_person_and_others_may_not(setup, person_in, as_official, employer_client, contractor,
                                                       make_user, login_client, client):
    project, url = setup["project"], f"{PROJECTS}/{setup['project']}/remuneration"
    someone = person_in("540621")
    assert as_official("540602").put(url, json=_body(START, [(someone, "900")])).status_code == 200
    assert as_official("540102").put(url, json=_body(START, [(someone, "900")])).status_code == 404
    assert employer_client(contractor("Other Co")).put(url, json=_body(START, [(someone, "1")])).status_code == 404
    assert employer_client(contractor("Other Co")).get(url).status_code == 404
    assert login_client(make_user("admin")).put(url, json=_body(START, [(someone, "1")])).status_code == 403
    assert login_client(make_user("admin")).get(url).json["total"] == 1  # admins read
    assert login_client(make_user("worker")).put(url, json=_body(START, [(someone, "1")])).status_code == 403
    assert login_client(make_user("worker")).get(url).status_code == 403
    assert client.put(url, json=_body(START, [(someone, "1")])).status_code == 401
    assert as_official("540600").get(url).json["items"][0]["amount"] == "900.00"


def test_corrections_need_a_reason_and_are_kept(setup, as_official):
    url, person = f"{PROJECTS}/{setup['project']}/remuneration", setup["person"]
    staff = setup["staff"]
    staff.put(url, json=_body(START, [(person, "3000")]))
    # The same amount again changes nothing.
    r = staff.put(url, json=_body(START, [(person, "3000.00")]))
    assert r.status_code == 200 and r.json["items"][0]["revision"] == 1
    r = staff.put(url, json=_body(START, [(person, "2500")]))
    assert r.status_code == 422 and "reason" in r.json["errors"]
    r = staff.put(url, json=_body(START, [(person, "2500")], reason="two days of absence deducted"))
    assert r.status_code == 200
    row = r.json["items"][0]
    assert (row["amount"], row["revision"]) == ("2500.00", 2)
    assert [(c["old_amount"], c["new_amount"], c["reason"]) for c in row["changes"]] == [
        ("3000.00", "2500.00", "two days of absence deducted")]
    # A reversal is a correction to 0; the row and its history stay.
    r = as_official("540600").put(url, json=_body(START, [(person, "0")], reason="paid twice, reversed"))
    assert r.json["items"][0]["revision"] == 3 and len(r.json["items"][0]["changes"]) == 2
    assert as_official("540600").get(f"{PROJECTS}/{setup['project']}").json["compliance"]["paid"] == "0.00"


def test_all_or_nothing(setup, person_in, as_official):
    url = f"{PROJECTS}/{setup['project']}/remuneration"
    nagqu = as_official("540600")
    first, second = person_in(), person_in()
    nagqu.put(url, json=_body(START, [(first, "1000")]))
    # One bad row (a correction without a reason) and nothing of the call is written.
    r = nagqu.put(url, json=_body(START, [(second, "500"), (first, "1200")]))
    assert r.status_code == 422 and "reason" in r.json["errors"]
    ledger = nagqu.get(f"{url}?month={ym(START)}").json
    assert [(i["person"]["id"], i["amount"]) for i in ledger["items"]] == [(first, "1000.00")]


@pytest.mark.parametrize("body, field", [
    (lambda p: _body(month_shift(THIS_MONTH, 1), [(p, "1")]), "month"),  # not begun
    (lambda p: _body(month_shift(START, -1), [(p, "1")]), "month"),  # before the project starts
    (lambda p: {"month": "2026-1", "entries": [{"person_id": p, "amount": "1"}]}, "month"),
    (lambda p: _body(START, [(p, "1"), (p, "2")]), "entries"),  # twice
    (lambda p: _body(START, [(2147483647, "1")]), "entries"),  # no such person
    (lambda p: _body(START, [(p, "-1")]), "entries"),
    (lambda p: _body(START, [(p, "1.005")]), "entries"),
    (lambda p: _body(START, [(p, "2000000")]), "entries"),
    (lambda p: _body(START, []), "entries"),
    (lambda p: _body(START, [(p, "1")], reason="x" * 501), "reason"),
])
def test_ledger_rules(setup, as_official, body, field):
    r = as_official("540600").put(f"{PROJECTS}/{setup['project']}/remuneration", json=body(setup["person"]))
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json


def test_nothing_is_paid_on_a_planned_project(make_project, person_in, as_official):
    project = make_project()
    r = as_official("540600").put(f"{PROJECTS}/{project}/remuneration",
                                  json=_body(START, [(person_in(), "100")]))
    assert r.status_code == 409 and r.json["code"] == "project_not_running"
    assert as_official("540600").get(f"{PROJECTS}/{project}/remuneration?month=2026-13").status_code == 400
