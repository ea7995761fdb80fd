"""Attendance per session, the completion threshold at its edge, assessments and certificates only for those
who meet the rules."""
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.training import TODAY, count


@pytest.fixture
def running(make_cohort, trainees, login_client):
    """A running cohort of 5 sessions with ``n`` confirmed trainees: (cohort id, centre client, enrolment ids,
    session ids)."""

    def make(n=3, **fields):
        cohort_id, staff = make_cohort(status="open", sessions=5, **fields)
        ids = [e for _, e in trainees(cohort_id, staff, n)] if n else []
        client = login_client(staff)
        assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "running"}).status_code == 200
        sessions = [s["id"] for s in client.get(f"/api/v1/cohorts/{cohort_id}").json["sessions"]]
        return cohort_id, client, ids, sessions

    return make


def test_attendance_is_entered_for_a_whole_session_and_warns_who_falls_behind(running):
    cohort_id, client, (a, b, c), sessions = running()
    r = client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{sessions[0]}/attendance", json={"present": [a, b]})
    assert r.status_code == 200, r.json
    lines = {line["enrolment_id"]: line for line in r.json["trainees"]}
    assert lines[a]["present"] == 1 and lines[a]["held"] == 1 and lines[a]["rate"] == "100.0"
    assert lines[c]["present"] == 0 and lines[c]["behind"] is True and lines[c]["can_still_complete"] is True
    # Entering the session again replaces it.
    r = client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{sessions[0]}/attendance", json={"present": [a, b, c]})
    assert {line["behind"] for line in r.json["trainees"]} == {False}
    client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{sessions[1]}/attendance", json={"present": [a]})
    r = client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{sessions[2]}/attendance", json={"present": [a]})
    lines = {line["enrolment_id"]: line for line in r.json["trainees"]}
    assert lines[b]["rate"] == "33.3" and lines[b]["behind"] is True
    assert lines[b]["can_still_complete"] is False  # 3 of 5 at best: 60%
    assert client.get(f"/api/v1/cohorts/{cohort_id}/attendance").json["trainees"] == r.json["trainees"]


def test_attendance_input_is_checked(running, make_cohort, trainees, login_client):
    cohort_id, client, ids, sessions = running()
    url = f"/api/v1/cohorts/{cohort_id}/sessions/{sessions[0]}/attendance"
    for body in ({}, {"present": "all"}, {"present": [0]}, {"present": ["x"]}, {"present": [1], "late": []}):
        r = client.put(url, json=body)
        assert r.status_code == 422, (body, r.json)
    r = client.put(url, json={"present": [ids[0], 999999]})
    assert r.status_code == 422 and "present" in r.json["errors"] and "999999" in r.json["errors"]["present"][0]
    r = client.put(f"/api/v1/cohorts/{cohort_id}/sessions/999999/attendance", json={"present": []})
    assert r.status_code == 404
    other_id, other_staff = make_cohort(status="running", sessions=1)
    other_sessions = login_client(other_staff).get(f"/api/v1/cohorts/{other_id}").json["sessions"]
    # A session of another cohort, or another centre's cohort.
    assert client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{other_sessions[0]['id']}/attendance",
                      json={"present": []}).status_code == 404
    assert client.put(f"/api/v1/cohorts/{other_id}/sessions/{other_sessions[0]['id']}/attendance",
                      json={"present": []}).status_code == 404
    # A session still to come.
    future_id, future_staff = make_cohort(status="running", sessions=1, start_date=TODAY + timedelta(days=3))
    future = login_client(future_staff)
    session = future.get(f"/api/v1/cohorts/{future_id}").json["sessions"][0]["id"]
    r = future.put(f"/api/v1/cohorts/{future_id}/sessions/{session}/attendance", json={"present": []})
    assert r.status_code == 409 and r.json["code"] == "session_in_future"


@pytest.mark.parametrize("threshold, completed", [("79.9", True), ("80", True), ("80.01", False)])
def test_completion_threshold_edge(app, running, threshold, completed):
    """4 of 5 sessions is exactly 80%: it meets 79.9% and 80%, and misses 80.01%."""
    from labour.enrolments.models import Enrolment

    cohort_id, client, (a,), sessions = running(1, completion_threshold=threshold)
    for i, session in enumerate(sessions):
        client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{session}/attendance", json={"present": [a] if i else []})
    assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"}).status_code == 200
    with app.app_context():
        enrolment = db.session.get(Enrolment, a)
        assert enrolment.completed is completed and enrolment.attendance_rate == Decimal("80.00")


def test_default_threshold_is_80_and_79_percent_is_not_enough(app, make_cohort, trainees, run_sessions):
    from labour.cohorts.models import Cohort
    from labour.cohorts.services import cohort_transition
    from labour.enrolments.models import Enrolment

    # 100 sessions would be slow through HTTP; the services take the same path.
    cohort_id, staff = make_cohort(sessions=100, start_date=TODAY - timedelta(days=120))
    (_, seventy_nine), (_, eighty) = trainees(cohort_id, staff, 2)
    with app.app_context():
        cohort_transition(actor=staff, cohort_id=cohort_id, status="running")
    run_sessions(cohort_id, staff, [[eighty] + ([seventy_nine] if i < 79 else []) if i < 80 else []
                                    for i in range(100)])
    with app.app_context():
        assert db.session.get(Cohort, cohort_id).completion_threshold == Decimal("80.00")
        cohort_transition(actor=staff, cohort_id=cohort_id, status="completed")
        assert db.session.get(Enrolment, seventy_nine).completed is False
        assert db.session.get(Enrolment, eighty).completed is True


def test_certificates_are_refused_below_the_rules(app, running):
    from labour.people.models import Certificate

    cohort_id, client, (good, absent, failed), sessions = running()
    for session in sessions:
        client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{session}/attendance", json={"present": [good, failed]})
    r = client.put(f"/api/v1/cohorts/{cohort_id}/assessments", json={"results": [
        {"enrolment_id": good, "result": "passed", "score": 88}, {"enrolment_id": absent, "result": "passed"},
        {"enrolment_id": failed, "result": "failed", "score": 41.5}]})
    assert r.status_code == 200 and [e["assessment"] for e in r.json] == ["passed", "passed", "failed"]
    body = {"level": "basic", "issued_on": TODAY.isoformat()}
    r = client.post(f"/api/v1/cohorts/{cohort_id}/certificates", json=body)
    assert r.status_code == 409 and r.json["code"] == "cohort_not_completed"
    assert client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"}).status_code == 200
    # Named trainees must all qualify, or nothing is issued; each refusal is named with its reason.
    r = client.post(f"/api/v1/cohorts/{cohort_id}/certificates?lang=en",
                    json={**body, "enrolment_ids": [good, absent, failed]})
    assert r.status_code == 422 and r.json["code"] == "not_certifiable"
    assert set(r.json["errors"]["enrolment_ids"]) == {str(absent), str(failed)}
    assert r.json["errors"]["enrolment_ids"][str(absent)] == [
        "Attended 0.00% of the sessions; 80.00% are required."]
    assert r.json["errors"]["enrolment_ids"][str(failed)] == ["Has not passed the assessment."]
    assert count(app, Certificate) == 0
    r = client.post(f"/api/v1/cohorts/{cohort_id}/certificates", json={**body, "enrolment_ids": [good]})
    assert r.status_code == 200 and [e["id"] for e in r.json["certified"]] == [good]
    number = r.json["certified"][0]["certificate"]["number"]
    with app.app_context():
        certificate = db.session.scalar(sa.select(Certificate))
        assert certificate.occupation_code == "factory_worker" and certificate.number == number
        assert certificate.issuer == "Lhasa Vocational Training Centre"
    # A certified result is final.
    r = client.put(f"/api/v1/cohorts/{cohort_id}/assessments",
                   json={"results": [{"enrolment_id": good, "result": "failed"}]})
    assert r.status_code == 409 and r.json["code"] == "already_certified"


@pytest.mark.parametrize("body, field", [
    ({"level": "guru", "issued_on": "2024-01-01"}, "level"),
    ({"level": "basic"}, "issued_on"),
    ({"level": "basic", "issued_on": "2999-01-01"}, "issued_on"),
    ({"level": "basic", "issued_on": "2024-01-01", "enrolment_ids": []}, "enrolment_ids"),
    ({"level": "basic", "issued_on": "2024-01-01", "enrolment_ids": [123456]}, "enrolment_ids"),
])
def test_malformed_certificate_requests(running, body, field):
    cohort_id, client, _, sessions = running(1)
    for session in sessions:
        client.put(f"/api/v1/cohorts/{cohort_id}/sessions/{session}/attendance", json={"present": []})
    client.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"})
    r = client.post(f"/api/v1/cohorts/{cohort_id}/certificates", json=body)
    assert r.status_code == 422 and field in r.json["errors"], r.json


@pytest.mark.parametrize("results, field", [
    ([{"enrolment_id": 1, "result": "great"}], "results"),
    ([{"enrolment_id": 1, "result": "passed", "score": 101}], "results"),
    ([], "results"),
    ([{"enrolment_id": 424242, "result": "passed"}], "results"),
])
def test_malformed_assessments(running, results, field):
    cohort_id, client, _, _ = running(1)
    r = client.put(f"/api/v1/cohorts/{cohort_id}/assessments", json={"results": results})
    assert r.status_code == 422 and field in r.json["errors"], r.json
