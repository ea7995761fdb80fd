"""No unlogged reveal: when the audit row cannot be written, the read is refused (503) and nothing is shown.

The failure is real: a PostgreSQL trigger refuses inserts into audit_event for the length of the test."""
import pytest
import sqlalchemy as sa

from labour.db import db
from tests.audit.conftest import PHONE


@pytest.fixture
def audit_refused(app):
    with app.app_context():
        db.session.execute(sa.text(
            "CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$"))
        db.session.execute(sa.text(
            "CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_refuse()"))
        db.session.commit()
    yield
    with app.app_context():
        db.session.execute(sa.text("DROP TRIGGER audit_refuse ON audit_event"))
        db.session.execute(sa.text("DROP FUNCTION audit_refuse()"))
        db.session.commit()


def test_a_reveal_that_cannot_be_logged_is_refused(app, staff_client, sensitive_person, audit_refused,
                                                   audit_rows):
    pid, number = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}?reveal=id_number,phone&reason=checking&lang=en")
    assert r.status_code == 503 and r.json["code"] == "audit_unavailable"
    assert set(r.json) == {"code", "status", "message", "errors"}
    text = r.get_data(as_text=True)
    assert number not in text and PHONE not in text
    assert audit_rows() == []
    # The masked view does not depend on the log.
    assert client.get(f"/api/v1/persons/{pid}").status_code == 200


def test_lists_and_downloads_that_cannot_be_logged_are_refused(staff_client, make_employer, make_position,
                                                               make_worker, make_person, login_client,
                                                               audit_refused, audit_rows):
    position, employer_staff = make_position(make_employer())
    worker = make_worker(county="540102")
    make_person("540602", status="monitored")
    r = login_client(employer_staff).get(f"/api/v1/positions/{position}/candidates")
    assert r.status_code == 503 and str(worker.person_id) not in str(r.json.get("items"))
    _, official = staff_client("official", division_code="540600")
    r = official.get("/api/v1/stats/zero-employment-households")
    assert r.status_code == 503 and "items" not in r.json
    assert audit_rows() == []


def test_after_the_log_is_back_the_reveal_works_and_is_logged(app, staff_client, sensitive_person, audit_rows):
    pid, number = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    assert client.get(f"/api/v1/persons/{pid}?reveal=id_number&reason=checking").json["revealed"] == {
        "id_number": number}
    assert len(audit_rows()) == 1
