"""Each of the four training modes driven end to end through the API: post, (reserve), open, enrol, attend,
assess, complete, certify, and on to a job."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.training import TODAY


def _body(mode, **fields):
    start = TODAY - timedelta(days=10)
    body = {"title": f"{mode} course", "occupation_code": "factory_worker", "mode": mode, "county_code": "540102",
            "start_date": start.isoformat(), "end_date": (TODAY + timedelta(days=5)).isoformat(), "capacity": 3,
            "language": "bo", "subsidy_per_trainee": "1500.00", "min_age": 16, "max_age": 45,
            "sessions": [{"held_on": (start + timedelta(days=i)).isoformat(), "topic": f"Day {i + 1}"}
                         for i in range(3)]}
    body.update(fields)
    return body


@pytest.fixture
def course(login_client):
    """Drive a posted cohort through the API: open, enrol ``workers``, run the sessions (``attendance[i]`` is the
    set of worker indexes present at session i), record ``passed`` (worker indexes), complete and certify."""

    def run(staff, cohort_id, workers, *, attendance, passed):
        def ok(response, status=200):
            assert response.status_code == status, response.get_data(as_text=True)
            return response.json

        ok(staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"}))
        enrolments = []
        for worker in workers:
            client = login_client(worker)
            enrolment = ok(client.post(f"/api/v1/cohorts/{cohort_id}/enrolments", json={}), 201)
            assert enrolment["status"] == "applied"
            assert ok(staff.post(f"/api/v1/enrolments/{enrolment['id']}/accept"))["status"] == "accepted"
            assert ok(client.post(f"/api/v1/enrolments/{enrolment['id']}/confirm"))["status"] == "confirmed"
            enrolments.append(enrolment["id"])
        ok(staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "running"}))
        sessions = ok(staff.get(f"/api/v1/cohorts/{cohort_id}"))["sessions"]
        for session, present in zip(sessions, attendance):
            sheet = ok(staff.put(f"/api/v1/cohorts/{cohort_id}/sessions/{session['id']}/attendance",
                                 json={"present": [enrolments[i] for i in present]}))
        results = [{"enrolment_id": e, "result": "passed" if i in passed else "failed", "score": 90 - i}
                   for i, e in enumerate(enrolments)]
        ok(staff.put(f"/api/v1/cohorts/{cohort_id}/assessments", json={"results": results}))
        ok(staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "completed"}))
        issued = ok(staff.post(f"/api/v1/cohorts/{cohort_id}/certificates?lang=en",
                               json={"level": "basic", "issued_on": TODAY.isoformat()}))
        return enrolments, sheet, issued

    return run


def _funnel(client, by="mode"):
    r = client.get(f"/api/v1/training/funnel?by={by}")
    assert r.status_code == 200, r.json
    return {row["key"]: {k: row[k] for k in ("enrolled", "completed", "certified", "placed", "retained_6m")}
            for row in r.json["rows"]}


def test_order_based_graduates_are_offered_the_reserved_positions_and_hired(
        app, centre_staff, login_client, make_employer, make_position, make_worker, course):
    from labour.applications.models import Application
    from labour.placements.models import Placement

    employer_id = make_employer()
    position_id, employer_user = make_position(employer_id, headcount=5)
    staff = login_client(centre_staff())
    employer = login_client(employer_user)
    r = staff.post("/api/v1/cohorts", json=_body("order_based", employer_id=employer_id))
    assert r.status_code == 201 and r.json["status"] == "planned", r.json
    cohort_id = r.json["id"]
    # Seats never exceed reserved positions: no reservation, then too few, then enough.
    r = staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"})
    assert r.status_code == 409 and r.json["code"] == "seats_exceed_reservations"
    r = employer.post(f"/api/v1/cohorts/{cohort_id}/reservations", json={"position_id": position_id, "places": 2})
    assert r.status_code == 200 and r.json["places"] == 2
    assert staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"}).status_code == 409
    r = employer.post(f"/api/v1/cohorts/{cohort_id}/reservations", json={"position_id": position_id, "places": 6})
    assert r.status_code == 422 and "places" in r.json["errors"]  # more than the position's places
    assert employer.post(f"/api/v1/cohorts/{cohort_id}/reservations",
                         json={"position_id": position_id, "places": 3}).status_code == 200
    rival_position, rival = make_position(make_employer(name="Rival"))
    assert login_client(rival).post(f"/api/v1/cohorts/{cohort_id}/reservations",
                                    json={"position_id": rival_position, "places": 1}).status_code == 404
    r = employer.post(f"/api/v1/cohorts/{cohort_id}/reservations", json={"position_id": rival_position, "places": 1})
    assert r.status_code == 422 and "position_id" in r.json["errors"]  # not the ordering employer's position

    workers = [make_worker() for _ in range(3)]
    enrolments, sheet, issued = course(staff, cohort_id, workers, attendance=[{0, 1, 2}, {0, 1}, {0, 1}],
                                       passed={0, 1, 2})
    r = staff.patch(f"/api/v1/cohorts/{cohort_id}", json={"capacity": 4})
    assert r.status_code == 409 and r.json["code"] == "cohort_finished"
    assert [line["behind"] for line in sheet["trainees"]] == [False, False, True]
    assert sorted(e["id"] for e in issued["certified"]) == enrolments[:2]
    assert [e["enrolment_id"] for e in issued["not_eligible"]] == [enrolments[2]]
    assert "33.33% of the sessions; 80.00% are required" in issued["not_eligible"][0]["reasons"][0]
    assert sorted(e["id"] for e in issued["offered"]) == enrolments[:2]
    # The graduates see the offer; the employer confirms one hire, which records an order-based placement.
    mine = login_client(workers[0]).get("/api/v1/me/applications").json["items"]
    assert [(a["position"]["id"], a["status"]) for a in mine] == [(position_id, "offered")]
    application_id = mine[0]["id"]
    r = employer.patch(f"/api/v1/applications/{application_id}", json={"status": "hired"})
    assert r.status_code == 200 and r.json["status"] == "hired"
    with app.app_context():
        placement = db.session.scalar(sa.select(Placement).where(Placement.application_id == application_id))
        assert placement.channel == "order_training" and placement.person_id == workers[0].person_id
    # Issuing again changes nothing: no second certificate, no second offer.
    again = staff.post(f"/api/v1/cohorts/{cohort_id}/certificates",
                       json={"level": "basic", "issued_on": TODAY.isoformat()}).json
    assert again["offered"] == [] and len(again["certified"]) == 2
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 2
    assert _funnel(staff)["order_based"] == {"enrolled": 3, "completed": 2, "certified": 2, "placed": 1,
                                             "retained_6m": 0}


def test_targeted_training_names_its_destination(app, centre_staff, login_client, make_worker, course,
                                                 make_employer, make_position):
    from labour.divisions.models import AidPartner

    staff = login_client(centre_staff())
    r = staff.post("/api/v1/cohorts", json=_body("targeted"))
    assert r.status_code == 422 and "destination_kind" in r.json["errors"]
    r = staff.post("/api/v1/cohorts", json=_body("targeted", destination_kind="aid_partner"))
    assert r.status_code == 422 and "destination_partner_id" in r.json["errors"]
    with app.app_context():
        partner_id = db.session.scalar(sa.select(AidPartner.id).order_by(AidPartner.id))
    r = staff.post("/api/v1/cohorts?lang=en", json=_body("targeted", destination_kind="aid_partner",
                                                         destination_partner_id=partner_id))
    assert r.status_code == 201, r.json
    assert r.json["destination"]["kind_label"] == "Aid-Tibet partner" and r.json["destination"]["partner"]["id"]
    cohort_id = r.json["id"]
    workers = [make_worker(), make_worker()]
    enrolments, _, issued = course(staff, cohort_id, workers, attendance=[{0, 1}] * 3, passed={0, 1})
    assert sorted(e["id"] for e in issued["certified"]) == enrolments and issued["offered"] == []
    # A graduate finds a job at the destination: placed.
    position_id, employer = make_position(make_employer(name="Zhejiang partner works"))
    application = login_client(workers[1]).post(f"/api/v1/positions/{position_id}/applications", json={}).json
    for status in ("offered", "hired"):
        assert login_client(employer).patch(f"/api/v1/applications/{application['id']}",
                                            json={"status": status}).status_code == 200
    assert _funnel(staff)["targeted"] == {"enrolled": 2, "completed": 2, "certified": 2, "placed": 1,
                                          "retained_6m": 0}


def test_commissioned_training_names_who_pays(centre_staff, login_client, make_worker, course, make_employer):
    staff = login_client(centre_staff())
    r = staff.post("/api/v1/cohorts", json=_body("commissioned", commissioner_kind="enterprise"))
    assert r.status_code == 422 and set(r.json["errors"]) == {"commissioner_name"}
    r = staff.post("/api/v1/cohorts", json=_body("commissioned", commissioner_kind="enterprise",
                                                 commissioner_name="Tibet Tianlu", employer_id=make_employer()))
    assert r.status_code == 422 and set(r.json["errors"]) == {"employer_id"}  # not used by this mode
    r = staff.post("/api/v1/cohorts?lang=en", json=_body("commissioned", commissioner_kind="enterprise",
                                                         commissioner_name="Tibet Tianlu"))
    assert r.status_code == 201 and r.json["commissioner"] == {
        "kind": "enterprise", "kind_label": "Enterprise", "name": "Tibet Tianlu"}
    workers = [make_worker(), make_worker()]
    enrolments, _, issued = course(staff, r.json["id"], workers, attendance=[{0, 1}] * 3, passed={0})
    assert [e["id"] for e in issued["certified"]] == [enrolments[0]]
    assert issued["not_eligible"][0]["reasons"] == ["Has not passed the assessment."]
    mine = login_client(workers[0]).get("/api/v1/me/enrolments").json["items"][0]
    assert mine["certificate"]["occupation"]["code"] == "factory_worker" and mine["certificate"]["level"] == "basic"
    assert _funnel(staff)["commissioned"] == {"enrolled": 2, "completed": 2, "certified": 1, "placed": 0,
                                              "retained_6m": 0}


def test_on_the_job_training_is_for_the_employers_own_staff(app, centre_staff, login_client, make_worker, course,
                                                            make_employer, make_position):
    from labour.enrolments.models import Enrolment

    employer_id = make_employer()
    position_id, employer = make_position(employer_id)
    employed, stranger = make_worker(), make_worker()
    application = login_client(employed).post(f"/api/v1/positions/{position_id}/applications", json={}).json
    for status in ("offered", "hired"):
        login_client(employer).patch(f"/api/v1/applications/{application['id']}", json={"status": status})
    staff = login_client(centre_staff())
    assert staff.post("/api/v1/cohorts", json=_body("on_the_job")).status_code == 422
    r = staff.post("/api/v1/cohorts", json=_body("on_the_job", employer_id=employer_id, subsidy_per_trainee="800"))
    assert r.status_code == 201 and r.json["employer"]["id"] == employer_id
    cohort_id = r.json["id"]
    assert staff.post(f"/api/v1/cohorts/{cohort_id}/status", json={"status": "open"}).status_code == 200
    r = login_client(stranger).post(f"/api/v1/cohorts/{cohort_id}/enrolments?lang=en", json={})
    assert r.status_code == 422 and r.json["code"] == "not_eligible"
    assert r.json["errors"] == {"cohort": ["This course is for the employer's own staff."]}
    # course() opens the cohort itself: put it back to a fresh one for the run.
    r = staff.post("/api/v1/cohorts", json=_body("on_the_job", employer_id=employer_id))
    enrolments, _, issued = course(staff, r.json["id"], [employed], attendance=[{0}] * 3, passed={0})
    assert [e["id"] for e in issued["certified"]] == enrolments
    with app.app_context():
        assert db.session.get(Enrolment, enrolments[0]).placement_id is not None
    assert _funnel(staff)["on_the_job"] == {"enrolled": 1, "completed": 1, "certified": 1, "placed": 1,
                                            "retained_6m": 0}


def test_places_reserved_for_an_order_based_cohort_are_kept_from_other_applicants(
        app, centre_staff, login_client, make_employer, make_position, make_worker, course):
    """3 places, 2 reserved: one ordinary hire fits, a second is refused (409 places_reserved) while the cohort
    trains; once its graduates hold offers, those places stay theirs; the graduates' hires go through."""
    employer_id = make_employer()
    position_id, employer_user = make_position(employer_id, headcount=3)
    staff = login_client(centre_staff())
    employer = login_client(employer_user)
    cohort_id = staff.post("/api/v1/cohorts", json=_body("order_based", employer_id=employer_id, capacity=2)).json["id"]
    assert employer.post(f"/api/v1/cohorts/{cohort_id}/reservations",
                         json={"position_id": position_id, "places": 2}).status_code == 200

    def offer(worker):
        application = login_client(worker).post(f"/api/v1/positions/{position_id}/applications", json={}).json
        assert employer.patch(f"/api/v1/applications/{application['id']}",
                              json={"status": "offered"}).status_code == 200
        return application["id"]

    def hire(application_id):
        return employer.patch(f"/api/v1/applications/{application_id}?lang=en", json={"status": "hired"})

    first, second = offer(make_worker()), offer(make_worker())
    assert hire(first).status_code == 200
    r = hire(second)
    assert r.status_code == 409 and r.json["code"] == "places_reserved", r.json
    assert "order-based" in r.json["message"]

    graduates = [make_worker(), make_worker()]
    enrolments, _, issued = course(staff, cohort_id, graduates, attendance=[{0, 1}] * 3, passed={0, 1})
    assert sorted(e["id"] for e in issued["offered"]) == sorted(enrolments)
    assert hire(second).json["code"] == "places_reserved"  # the graduates' offers are outstanding
    for graduate in graduates:
        mine = login_client(graduate).get("/api/v1/me/applications").json["items"]
        assert hire(mine[0]["id"]).status_code == 200
    r = hire(second)
    assert r.status_code == 409 and r.json["code"] == "position_full"
