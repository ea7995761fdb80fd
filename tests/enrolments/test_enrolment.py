"""Enrolment: applying (idempotent), eligibility, the waiting list's order, accepting and confirming, seats under
concurrency, withdrawing."""
import threading
from datetime import date

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.training import count


def _parallel(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_apply_accept_confirm_and_the_worker_is_told(app, make_cohort, make_worker, login_client):
    from labour.notifications.models import Notification

    cohort_id, staff = make_cohort()
    worker = make_worker()
    client = login_client(worker)
    r = client.post(f"/api/v1/cohorts/{cohort_id}/enrolments?lang=en", json={},
                    headers={"Idempotency-Key": "enrol-1"})
    assert r.status_code == 201 and r.json["status_label"] == "On the waiting list", r.json
    enrolment_id = r.json["id"]
    replay = client.post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}, headers={"Idempotency-Key": "enrol-1"})
    assert replay.status_code == 201 and replay.json["id"] == enrolment_id
    assert replay.headers["Idempotent-Replayed"] == "true"
    r = client.post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={})
    assert r.status_code == 409 and r.json["code"] == "already_enrolled"
    assert client.post(f"/api/v1/enrolments/{enrolment_id}/confirm").status_code == 409  # not offered yet
    assert client.post(f"/api/v1/enrolments/{enrolment_id}/accept").status_code == 403
    centre = login_client(staff)
    r = centre.post(f"/api/v1/enrolments/{enrolment_id}/accept")
    assert r.status_code == 200 and r.json["status"] == "accepted"
    assert r.json["person"]["phone"].count("*") == 4 and "id_number" not in r.get_data(as_text=True)
    with app.app_context():
        note = db.session.scalar(sa.select(Notification).where(Notification.recipient_id == worker.id))
        assert note.event == "cohort_place_confirmed" and note.params["cohort"] == "Textile machine operation"
    r = client.post(f"/api/v1/enrolments/{enrolment_id}/confirm")
    assert r.status_code == 200 and r.json["status"] == "confirmed"
    assert client.get("/api/v1/me/enrolments").json["items"][0]["cohort"]["id"] == cohort_id
    assert centre.get(f"/api/v1/cohorts/{cohort_id}").json["seats_left"] == 9


def test_a_planned_or_unknown_cohort_takes_no_enrolments(make_cohort, make_worker, login_client):
    planned, _ = make_cohort(status="planned")
    client = login_client(make_worker())
    assert client.post(f"/api/v1/cohorts/{planned}/enrolments", json={}).status_code == 404
    assert client.post("/api/v1/cohorts/987654/enrolments", json={}).status_code == 404
    assert client.post("/api/v1/cohorts/98765432109876/enrolments", json={}).status_code == 404
    running, _ = make_cohort(status="running")
    r = client.post(f"/api/v1/cohorts/{running}/enrolments", json={})
    assert r.status_code == 409 and r.json["code"] == "cohort_not_open"
    assert client.post(f"/api/v1/cohorts/{running}/enrolments", json={"note": "hi"}).status_code == 422


def test_eligibility_names_each_rule_not_met(make_cohort, make_worker, login_client):
    cohort_id, _ = make_cohort(min_age=18, max_age=35, min_education="senior_secondary",
                               eligible_groups=["poverty_alleviated", "monitored"])
    young = make_worker(birth_date=date.today().replace(year=date.today().year - 17), education="primary")
    r = login_client(young).post(f"/api/v1/cohorts/{cohort_id}/enrolments?lang=en", json={})
    assert r.status_code == 422 and r.json["code"] == "not_eligible"
    assert set(r.json["errors"]) == {"birth_date", "education", "eligible_groups"}
    fits = make_worker(education="vocational_secondary", status="poverty_alleviated")
    assert login_client(fits).post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}).status_code == 201


def test_waiting_list_puts_monitored_poverty_alleviated_and_school_leavers_first(make_cohort, make_worker,
                                                                                  login_client):
    cohort_id, staff = make_cohort(capacity=2)
    people = {
        "other": make_worker(status="other", education="college"),
        "school_leaver": make_worker(status="other", education="senior_secondary"),
        "other_late": make_worker(status="other", education="primary"),
        "poverty": make_worker(status="poverty_alleviated", education="college"),
        "student": make_worker(status="other", education="senior_secondary", in_study=True),
        "monitored": make_worker(status="monitored", education="college"),
    }
    ids = {name: login_client(user).post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}).json["id"]
           for name, user in people.items()}
    centre = login_client(staff)
    r = centre.get(f"/api/v1/cohorts/{cohort_id}/enrolments?status=applied&lang=en")
    order = [item["id"] for item in r.json["items"]]
    assert order == [ids[n] for n in ("monitored", "poverty", "school_leaver", "other", "other_late", "student")]
    assert r.json["items"][0]["priority_group_label"] == "Monitored household"
    assert r.json["items"][3]["priority_group"] is None
    # Admitting takes the top of the list, and no more than the seats.
    r = centre.post(f"/api/v1/cohorts/{cohort_id}/waiting-list/admit", json={"count": 5})
    assert r.status_code == 200 and [e["id"] for e in r.json] == [ids["monitored"], ids["poverty"]]
    r = centre.post(f"/api/v1/cohorts/{cohort_id}/waiting-list/admit", json={"count": 1})
    assert r.status_code == 409 and r.json["code"] == "cohort_full"
    # A place given back goes to the next in line.
    login_client(people["poverty"]).post(f"/api/v1/enrolments/{ids['poverty']}/withdraw")
    r = centre.post(f"/api/v1/cohorts/{cohort_id}/waiting-list/admit", json={"count": 1})
    assert [e["id"] for e in r.json] == [ids["school_leaver"]]
    assert centre.post(f"/api/v1/cohorts/{cohort_id}/waiting-list/admit", json={"count": 0}).status_code == 422


def test_concurrent_acceptances_never_exceed_capacity(app, make_cohort, make_worker, login_client):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the concurrency guarantee is tested on PostgreSQL")
    from labour.cohorts.models import Cohort
    from labour.enrolments.models import Enrolment

    cohort_id, staff = make_cohort(capacity=3)
    enrolments = [login_client(make_worker()).post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}).json["id"]
                  for _ in range(12)]
    clients = [login_client(staff) for _ in enrolments]
    results = _parallel([(lambda c=c, e=e: c.post(f"/api/v1/enrolments/{e}/accept"))
                         for c, e in zip(clients, enrolments)])
    assert sorted(r.status_code for r in results) == [200] * 3 + [409] * 9
    assert {r.json["code"] for r in results if r.status_code == 409} == {"cohort_full"}
    accepted = {r.json["id"] for r in results if r.status_code == 200}
    with app.app_context():
        assert db.session.get(Cohort, cohort_id).seats_taken == 3
        assert set(db.session.scalars(sa.select(Enrolment.id).where(Enrolment.status == "accepted"))) == accepted
    # And a mix of admissions and acceptances on a second cohort.
    cohort_id, staff = make_cohort(capacity=4)
    enrolments = [login_client(make_worker()).post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}).json["id"]
                  for _ in range(10)]
    calls = [(lambda c=login_client(staff), e=e: c.post(f"/api/v1/enrolments/{e}/accept")) for e in enrolments[5:]]
    calls += [(lambda c=login_client(staff): c.post(f"/api/v1/cohorts/{cohort_id}/waiting-list/admit",
                                                    json={"count": 2})) for _ in range(4)]
    _parallel(calls)
    with app.app_context():
        assert db.session.get(Cohort, cohort_id).seats_taken == 4
        assert count(app, Enrolment, Enrolment.cohort_id == cohort_id, Enrolment.status == "accepted") == 4


def test_withdrawing_and_rejecting_give_the_seat_back(app, make_cohort, make_worker, login_client, enrol):
    from labour.cohorts.models import Cohort

    cohort_id, staff = make_cohort(capacity=2)
    first, second = make_worker(), make_worker()
    e1, e2 = enrol(cohort_id, first, staff), enrol(cohort_id, second, staff, confirm=False)
    with app.app_context():
        assert db.session.get(Cohort, cohort_id).seats_taken == 2
    assert login_client(first).post(f"/api/v1/enrolments/{e1}/withdraw").json["status"] == "withdrawn"
    assert login_client(staff).post(f"/api/v1/enrolments/{e2}/reject").json["status"] == "rejected"
    assert login_client(first).post(f"/api/v1/enrolments/{e1}/withdraw").status_code == 409
    with app.app_context():
        assert db.session.get(Cohort, cohort_id).seats_taken == 0
    # Withdrawn may apply again; someone else's enrolment is not found.
    assert login_client(first).post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}).json["id"] == e1
    assert login_client(second).post(f"/api/v1/enrolments/{e1}/withdraw").status_code == 404
