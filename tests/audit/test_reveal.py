"""Revealing a person's sensitive fields: staff in scope only, a reason required, exactly one audit row each."""
from datetime import datetime, timedelta, timezone

import pytest

from tests.audit.conftest import PHONE

STAFF = [("official", "540602"), ("official", "540600"), ("official", "540000"), ("admin", None)]


@pytest.mark.parametrize("role, division", STAFF, ids=["county", "prefecture", "region", "admin"])
def test_each_staff_role_reveals_with_one_row_saying_who_what_when_why(role, division, staff_client,
                                                                     sensitive_person, audit_rows):
    pid, number = sensitive_person()
    user, client = staff_client(role, division_code=division)
    before = datetime.now(timezone.utc)
    r = client.get(f"/api/v1/persons/{pid}?reveal=id_number,phone,birth_date&reason=家访核实身份",
                   headers={"X-Request-Id": "req-42"})
    assert r.status_code == 200, r.json
    assert r.json["revealed"] == {"id_number": number, "phone": PHONE, "birth_date": "1990-03-07"}
    assert r.json["phone"] == "139****5678" and r.json["id_number_masked"].count("*") == 10
    assert "no-store" in r.headers["Cache-Control"]
    rows = audit_rows()
    assert len(rows) == 1
    row = rows[0]
    assert row["actor_id"] == user.id and row["actor_role"] == role
    assert row["division_code"] == division
    assert row["action"] == "person.read_sensitive" and row["object_kind"] == "person"
    assert row["ids"] == [pid] and row["count"] == 1
    assert row["fields"] == ["id_number", "phone", "birth_date"] and row["reason"] == "家访核实身份"
    assert before <= row["created_at"] <= datetime.now(timezone.utc) + timedelta(seconds=1)
    assert row["created_at"].utcoffset() == timedelta(0)
    assert row["request_id"] == "req-42" and row["ip"] == "127.0.0.1"


def test_only_the_fields_asked_for_are_revealed_and_logged(staff_client, sensitive_person, audit_rows):
    pid, number = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}", query_string={"reveal": "phone", "reason": "  call about an offer "})
    assert r.status_code == 200 and r.json["revealed"] == {"phone": PHONE}
    assert number not in r.get_data(as_text=True)
    [row] = audit_rows()
    assert row["fields"] == ["phone"] and row["reason"] == "call about an offer"
    # A request id the client did not send is made up, so every row can be traced to one request.
    assert row["request_id"] and len(row["request_id"]) == 32


def test_reading_the_masked_form_is_not_logged(staff_client, sensitive_person, audit_rows):
    pid, number = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}")
    assert r.status_code == 200 and r.json["revealed"] is None
    assert r.json["phone"] == "139****5678" and "birth_date" not in r.json and r.json["age"] >= 35
    listed = client.get("/api/v1/persons").json["items"]
    assert [p["phone"] for p in listed] == ["139****5678"]
    text = r.get_data(as_text=True) + str(listed)
    assert number not in text and PHONE not in text and "1990-03-07" not in text
    # Staff writes answer the masked view too.
    patched = client.patch(f"/api/v1/persons/{pid}", json={"phone": "13800000000"})
    assert patched.status_code == 200 and patched.json["phone"] == "138****0000"
    assert audit_rows() == []


@pytest.mark.parametrize("query, field", [
    ("reveal=id_number", "reason"),
    ("reveal=id_number&reason=", "reason"),
    ("reveal=id_number&reason=%20%20%20", "reason"),
    ("reveal=id_number&reason=x", "reason"),
    ("reveal=id_number&reason=" + "x" * 201, "reason"),
    ("reveal=passport&reason=checking", "reveal"),
    ("reveal=phone,household&reason=checking", "reveal"),
    ("reveal=,&reason=checking", "reveal"),
])
def test_a_reveal_without_a_good_reason_or_with_an_unknown_field_is_422(query, field, staff_client,
                                                                       sensitive_person, audit_rows):
    pid, number = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}?{query}&lang=en")
    assert r.status_code == 422, r.json
    assert list(r.json["errors"]) == [field] and r.json["code"] == "invalid"
    assert number not in r.get_data(as_text=True)
    assert audit_rows() == []


def test_the_missing_reason_is_said_in_the_reader_language(staff_client, sensitive_person):
    pid, _ = sensitive_person()
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}?reveal=phone", headers={"Accept-Language": "bo"})
    assert r.status_code == 422 and r.headers["Content-Language"] == "bo"
    r = client.get(f"/api/v1/persons/{pid}?reveal=phone&lang=en")
    assert r.json["errors"]["reason"] == ["Say why you need to see these fields."]


def test_out_of_scope_reveal_is_404_and_writes_nothing(staff_client, sensitive_person, audit_rows):
    pid, number = sensitive_person("540602")
    for division in ("540102", "540100", "540621"):  # Chengguan, Lhasa, another Nagqu county
        _, client = staff_client("official", division_code=division)
        r = client.get(f"/api/v1/persons/{pid}?reveal=id_number&reason=checking")
        assert r.status_code == 404 and number not in r.get_data(as_text=True)
        assert client.get(f"/api/v1/persons/{2**31 - 1}?reveal=id_number&reason=checking").status_code == 404
    assert audit_rows() == []


def test_other_roles_are_refused_and_nothing_is_logged(staff_client, make_employer, centre_staff, login_client,
                                                     sensitive_person, audit_rows, client):
    pid, _ = sensitive_person()
    query = f"/api/v1/persons/{pid}?reveal=id_number&reason=checking"
    _, worker = staff_client("worker")
    _, employer = staff_client("employer_staff", employer_id=make_employer())
    for other in (worker, employer, login_client(centre_staff())):
        assert other.get(query).status_code == 403
    assert client.get(query).status_code == 401
    assert audit_rows() == []


def test_a_person_without_an_id_number_reveals_null_and_is_still_logged(app, admin, staff_client, audit_rows):
    from labour.people import services

    with app.app_context():
        household = services.household_create(actor=admin, registered_county_code="540602")
        pid = services.person_create(actor=admin, name="Dawa", household_id=household.id).id
    _, client = staff_client("official", division_code="540602")
    r = client.get(f"/api/v1/persons/{pid}?reveal=id_number,phone&reason=checking")
    assert r.status_code == 200 and r.json["revealed"] == {"id_number": None, "phone": None}
    assert [row["ids"] for row in audit_rows()] == [[pid]]


def test_each_reveal_is_its_own_row(staff_client, sensitive_person, audit_rows):
    pid, _ = sensitive_person()
    user, client = staff_client("official", division_code="540600")
    for reason in ("first call", "second call"):
        assert client.get(f"/api/v1/persons/{pid}?reveal=phone&reason={reason}").status_code == 200
    assert [(r["actor_id"], r["reason"]) for r in audit_rows()] == [(user.id, "first call"), (user.id, "second call")]
