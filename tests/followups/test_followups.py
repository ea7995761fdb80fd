"""Retention check-ins at 1, 3, 6 and 12 months, their reminder, income stabilisation and the funnel."""
import calendar
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.training import TODAY, count


@pytest.fixture
def placed(app, make_cohort, trainees, make_employer, make_position):
    """A certified-to-be trainee of a centre hired by an employer; the placement started ``days`` ago.
    Returns (placement id, centre staff, worker)."""
    from labour.applications import services as applications
    from labour.placements.models import Placement

    def make(days=40, *, county="540602"):
        cohort_id, staff = make_cohort()
        ((worker, _),) = trainees(cohort_id, staff, 1, county=county)
        position_id, employer = make_position(make_employer())
        with app.app_context():
            application = applications.application_submit(actor=worker, position_id=position_id)
            for status in ("offered", "hired"):
                applications.application_transition(actor=employer, application_id=application.id, status=status)
            placement = db.session.scalar(sa.select(Placement).where(Placement.application_id == application.id))
            placement.start_date = TODAY - timedelta(days=days)  # set-up: the hire happened in the past
            db.session.commit()
            return placement.id, staff, worker

    return make


def test_check_ins_are_recorded_when_due(placed, login_client):
    placement_id, staff, _ = placed(days=40)
    centre = login_client(staff)
    url = f"/api/v1/placements/{placement_id}/followups"
    r = centre.put(f"{url}/1", json={"still_employed": True, "monthly_wage": "4300", "note": "Doing well"})
    assert r.status_code == 200 and r.json["recorded"] is True and r.json["monthly_wage"] == "4300.00", r.json
    r = centre.put(f"{url}/3", json={"still_employed": True})
    assert r.status_code == 409 and r.json["code"] == "followup_not_due"
    listed = centre.get(url).json
    assert [(c["month"], c["recorded"]) for c in listed] == [(1, True), (3, False), (6, False), (12, False)]
    start = TODAY - timedelta(days=40)
    year, month = start.year + start.month // 12, start.month % 12 + 1
    assert listed[0]["due_on"] == date(year, month, min(start.day, calendar.monthrange(year, month)[1])).isoformat()
    # A correction replaces the record.
    r = centre.put(f"{url}/1", json={"still_employed": False})
    assert r.json["still_employed"] is False and r.json["monthly_wage"] is None


@pytest.mark.parametrize("month, body, field", [
    (5, {"still_employed": True}, "month"),
    (1, {}, "still_employed"),
    (1, {"still_employed": "maybe"}, "still_employed"),
    (1, {"still_employed": False, "monthly_wage": "3000"}, "monthly_wage"),
    (1, {"still_employed": True, "monthly_wage": "-5"}, "monthly_wage"),
    (1, {"still_employed": True, "note": "x" * 501}, "note"),
])
def test_malformed_check_ins(placed, login_client, month, body, field):
    placement_id, staff, _ = placed()
    r = login_client(staff).put(f"/api/v1/placements/{placement_id}/followups/{month}", json=body)
    assert r.status_code == 422 and field in r.json["errors"], r.json


def test_who_may_record_check_ins(placed, login_client, make_user, centre_staff):
    placement_id, _, worker = placed(county="540602")
    url = f"/api/v1/placements/{placement_id}/followups"
    assert login_client(centre_staff()).get(url).status_code == 404  # a centre that did not train the person
    assert login_client(make_user("official", division_code="540100")).get(url).status_code == 404
    assert login_client(worker).get(url).status_code == 403
    nagqu = login_client(make_user("official", division_code="540600"))
    assert nagqu.put(f"{url}/1", json={"still_employed": True}).status_code == 200
    assert login_client(make_user("admin")).get(url).status_code == 200
    assert login_client(make_user("admin")).get("/api/v1/placements/777777/followups").status_code == 404


def test_six_months_employed_stabilises_the_household(app, placed, login_client, make_user):
    from labour.followups.selectors import household_income_stabilised
    from labour.people.models import Person

    placement_id, staff, worker = placed(days=200)
    centre = login_client(staff)
    url = f"/api/v1/placements/{placement_id}/followups"
    with app.app_context():
        household_id = db.session.get(Person, worker.person_id).household_id
    centre.put(f"{url}/3", json={"still_employed": True, "monthly_wage": "4500"})
    with app.app_context():
        assert household_income_stabilised(household_id) is False
    centre.put(f"{url}/6", json={"still_employed": False})
    with app.app_context():
        assert household_income_stabilised(household_id) is False
    centre.put(f"{url}/6", json={"still_employed": True, "monthly_wage": "4600"})
    with app.app_context():
        assert household_income_stabilised(household_id) is True


def test_reminders_reach_the_centre_and_the_county_once(app, placed, make_user, login_client):
    from jobs.training.tasks import followups_remind
    from labour.notifications.models import Notification

    placement_id, staff, _ = placed(days=100)  # the 1- and 3-month check-ins are due
    county = make_user("official", division_code="540602")
    make_user("official", division_code="540100")  # not the person's county: not told
    login_client(staff).put(f"/api/v1/placements/{placement_id}/followups/1", json={"still_employed": True})
    with app.app_context():
        assert followups_remind() == {"notified": 2}
        assert followups_remind() == {"notified": 0}
        notes = db.session.scalars(sa.select(Notification).where(Notification.event == "followup_due")
                                   .order_by(Notification.recipient_id)).all()
        assert {(n.recipient_id, n.event, n.subject) for n in notes} == {
            (staff.id, "followup_due", f"placement:{placement_id}:3"),
            (county.id, "followup_due", f"placement:{placement_id}:3")}
        assert notes[0].params["months"] == 3 and notes[0].params["employer"] == "Zhejiang Textiles"
    due = login_client(county).get("/api/v1/followups/due").json
    assert [(c["placement_id"], c["month"]) for c in due["items"]] == [(placement_id, 3)]
    assert login_client(make_user("official", division_code="540100")).get("/api/v1/followups/due").json["total"] == 0


def test_funnel_counts_retention_and_is_scoped(app, placed, login_client, make_user, centre_staff):
    from labour.cohorts.models import Cohort
    from labour.enrolments.models import Enrolment
    from labour.people.models import Certificate

    placement_id, staff, worker = placed(days=200)
    with app.app_context():  # set-up: the trainee completed and was certified before the job started
        enrolment = db.session.scalar(sa.select(Enrolment).where(Enrolment.person_id == worker.person_id))
        cohort = db.session.get(Cohort, enrolment.cohort_id)
        cohort.start_date = TODAY - timedelta(days=250)
        certificate = Certificate(person_id=worker.person_id, occupation_code="factory_worker", level="basic",
                                  number="T-1", issued_on=TODAY - timedelta(days=210))
        db.session.add(certificate)
        db.session.flush()
        enrolment.completed, enrolment.certificate_id = True, certificate.id
        db.session.commit()
    login_client(staff).put(f"/api/v1/placements/{placement_id}/followups/6",
                            json={"still_employed": True, "monthly_wage": "5000"})
    r = login_client(staff).get("/api/v1/training/funnel?by=centre")
    assert r.status_code == 200 and len(r.json["rows"]) == 1
    assert r.json["totals"] == {"enrolled": 1, "completed": 1, "certified": 1, "placed": 1, "retained_6m": 1,
                                "households_stabilised": 1}
    lhasa = login_client(make_user("official", division_code="540100")).get(
        "/api/v1/training/funnel?by=prefecture&lang=en").json
    assert [(row["key"], row["label"], row["retained_6m"]) for row in lhasa["rows"]] == [("540100", "Lhasa City", 1)]
    assert login_client(make_user("official", division_code="540600")).get(
        "/api/v1/training/funnel?by=cohort").json["rows"] == []
    assert login_client(centre_staff()).get("/api/v1/training/funnel?by=mode").json["totals"]["enrolled"] == 0
    assert login_client(worker).get("/api/v1/training/funnel?by=mode").status_code == 403
    r = login_client(staff).get("/api/v1/training/funnel?by=colour")
    assert r.status_code == 400 and "by" in r.json["errors"]
    assert login_client(staff).get("/api/v1/training/funnel").status_code == 400
    assert count(app, Enrolment) == 1
