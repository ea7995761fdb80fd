"""The audit log through the admin endpoint: filters, pages, admins only; rows cannot be changed or deleted."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from labour.db import db


@pytest.fixture
def logged(staff_client, sensitive_person):
    """Three reveals by two officials on two persons; returns (persons, officials)."""
    first, _ = sensitive_person()
    second, _ = sensitive_person()
    a, a_client = staff_client("official", division_code="540602")
    b, b_client = staff_client("official", division_code="540000")
    assert a_client.get(f"/api/v1/persons/{first}?reveal=phone&reason=first").status_code == 200
    assert a_client.get(f"/api/v1/persons/{second}?reveal=id_number&reason=second").status_code == 200
    assert b_client.get(f"/api/v1/persons/{first}?reveal=birth_date&reason=third").status_code == 200
    return (first, second), (a, b)


def test_admins_list_newest_first_with_who_what_when_why(logged, staff_client):
    (first, second), (a, b) = logged
    _, admin = staff_client("admin")
    r = admin.get("/api/v1/audit-events?lang=en")
    assert r.status_code == 200 and r.json["total"] == 3 and r.json["pages"] == 1
    newest = r.json["items"][0]
    assert newest["actor_id"] == b.id and newest["actor_role"] == "official" and newest["division_code"] == "540000"
    assert newest["action"] == "person.read_sensitive" and newest["action_label"]
    assert newest["object_kind"] == "person" and newest["object_ids"] == [first] and newest["object_count"] == 1
    assert newest["fields"] == ["birth_date"] and newest["reason"] == "third"
    assert datetime.fromisoformat(newest["created_at"]).utcoffset() == timedelta(0)
    assert [i["reason"] for i in r.json["items"]] == ["third", "second", "first"]


@pytest.mark.parametrize("query, reasons", [
    ("actor={a}", ["second", "first"]),
    ("actor={b}", ["third"]),
    ("object_kind=person&object_id={first}", ["third", "first"]),
    ("object_id={second}", ["second"]),
    ("action=person.read_sensitive&per_page=1&page=2", ["second"]),
    ("action=export.download", []),
    ("object_kind=household", []),
    ("from={today}&to={today}", ["third", "second", "first"]),
    ("from={tomorrow}", []),
    ("to={yesterday}", []),
])
def test_filters(logged, staff_client, query, reasons):
    (first, second), (a, b) = logged
    today = datetime.now(timezone.utc).date()
    _, admin = staff_client("admin")
    query = query.format(a=a.id, b=b.id, first=first, second=second, today=today,
                         tomorrow=today + timedelta(days=1), yesterday=today - timedelta(days=1))
    r = admin.get(f"/api/v1/audit-events?{query}")
    assert r.status_code == 200, r.json
    assert [i["reason"] for i in r.json["items"]] == reasons


def test_an_id_is_not_found_inside_another_id(app, admin, staff_client):
    """object_id=1 must not match a row about persons 11 or 21."""
    from labour.audit.services import audit_record
    from labour.db import atomic

    with app.app_context(), atomic():
        actor = db.session.merge(admin)
        audit_record(actor=actor, action="candidates.read", object_kind="person", object_ids=[11, 21, 110])
        audit_record(actor=actor, action="candidates.read", object_kind="person", object_ids=[3, 1])
    _, client = staff_client("admin")
    assert [i["object_ids"] for i in client.get("/api/v1/audit-events?object_id=1").json["items"]] == [[3, 1]]
    assert client.get("/api/v1/audit-events?object_id=11").json["total"] == 1
    assert client.get("/api/v1/audit-events?object_id=2").json["total"] == 0


@pytest.mark.parametrize("query, status, field", [
    ("action=person.delete", 400, "action"),
    ("object_kind=user", 400, "object_kind"),
    ("actor=abc", 400, "actor"),
    ("object_id=0", 400, "object_id"),
    ("from=2022-13-01", 400, "from"),
    ("per_page=51", 400, "per_page"),
    ("who=1", 400, "who"),
    ("from=2023-02-01&to=2023-01-31", 422, "to"),
])
def test_bad_filters_name_the_parameter(staff_client, query, status, field):
    _, admin = staff_client("admin")
    r = admin.get(f"/api/v1/audit-events?{query}")
    assert r.status_code == status and list(r.json["errors"]) == [field], r.json


def test_only_admins_read_the_log(logged, staff_client, make_employer, centre_staff, login_client, client):
    (_, _), (a, _) = logged
    assert login_client(a).get("/api/v1/audit-events").status_code == 403  # an official who is in the log
    _, worker = staff_client("worker")
    _, employer = staff_client("employer_staff", employer_id=make_employer())
    _, region = staff_client("official", division_code="540000")
    for other in (worker, employer, region, login_client(centre_staff())):
        r = other.get("/api/v1/audit-events")
        assert r.status_code == 403 and "items" not in r.json
    assert client.get("/api/v1/audit-events").status_code == 401


def test_nobody_changes_or_deletes_a_row(app, logged, staff_client):
    from labour.audit.models import AuditEvent
    from labour.errors import PermissionDenied

    _, admin = staff_client("admin")
    event_id = admin.get("/api/v1/audit-events").json["items"][0]["id"]
    for method in ("put", "patch", "delete", "post"):
        assert getattr(admin, method)("/api/v1/audit-events", json={}).status_code == 405
        assert getattr(admin, method)(f"/api/v1/audit-events/{event_id}", json={}).status_code == 404
    with app.app_context():
        event = db.session.get(AuditEvent, event_id)
        event.reason = "rewritten"
        with pytest.raises(PermissionDenied):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(PermissionDenied):
            db.session.delete(db.session.get(AuditEvent, event_id))
            db.session.flush()
        db.session.rollback()
        assert db.session.scalar(sa.select(AuditEvent.reason).where(AuditEvent.id == event_id)) == "third"
    assert admin.get("/api/v1/audit-events").json["total"] == 3


def test_dates_are_utc_days(app, admin, staff_client):
    """A row written at 23:30 UTC on 1 March belongs to 1 March (not to 2 March, as in Beijing time)."""
    from labour.audit.models import AuditEvent

    with app.app_context():
        db.session.add(AuditEvent(actor_id=admin.id, actor_role="admin", action="export.download",
                                  object_kind="export", object_ids=",1,", object_count=1,
                                  created_at=datetime(2023, 3, 1, 23, 30, tzinfo=timezone.utc)))
        db.session.commit()
    _, client = staff_client("admin")
    assert client.get("/api/v1/audit-events?from=2023-03-01&to=2023-03-01").json["total"] == 1
    assert client.get("/api/v1/audit-events?from=2023-03-02").json["total"] == 0
