"""Officials record self-found work with evidence; every placement keeps the registered county it had."""
from datetime import date

import pytest

from labour.db import db


def body(person, **extra):
    return {"person_id": person, "channel": "self_found", "workplace_code": "510000",
            "start_date": "2022-04-01", "monthly_wage": "5200.00", "evidence_note": "Called the employer.", **extra}


def test_an_official_records_self_found_work_with_evidence(make_person, as_official, official):
    person = make_person("540602")
    r = as_official("540602").post("/api/v1/placements", json=body(person))
    assert r.status_code == 201, r.json
    assert r.json["registered_county_code"] == "540602" and r.json["evidence_note"] == "Called the employer."
    assert r.json["recorded_by_id"] == official("540602").id and r.json["monthly_wage"] == "5200.00"
    listed = as_official("540600").get("/api/v1/placements").json
    assert listed["total"] == 1 and listed["items"][0]["id"] == r.json["id"]
    assert as_official("540100").get("/api/v1/placements").json["total"] == 0


def test_a_person_of_another_area_is_not_found(make_person, as_official):
    person = make_person("540102")
    r = as_official("540602").post("/api/v1/placements", json=body(person))
    assert r.status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"evidence_note": ""}, "evidence_note"),
    ({"evidence_note": "   "}, "evidence_note"),
    ({"channel": "farming"}, "channel"),
    ({"workplace_code": "999999"}, "workplace_code"),
    ({"workplace_code": "540600"}, "workplace_code"),  # a prefecture is not a workplace
    ({"start_date": "2022-02-30"}, "start_date"),
    ({"end_date": "2022-03-01"}, "end_date"),          # before the start
    ({"monthly_wage": "-1"}, "monthly_wage"),
    ({"employer_id": 123456}, "employer_id"),
    ({"position_id": 99}, "position_id"),
    ({"person_id": "abc"}, "person_id"),
])
def test_malformed_placements_name_the_field_and_write_nothing(app, make_person, as_official, change, field):
    from labour.placements.models import Placement

    person = make_person("540602")
    r = as_official("540602").post("/api/v1/placements", json=body(person, **change))
    assert r.status_code == 422 and field in r.json["errors"], r.json
    with app.app_context():
        assert db.session.query(Placement).count() == 0


def test_only_officials_record_and_list(make_person, make_user, login_client):
    worker = login_client(make_user("worker"))
    assert worker.post("/api/v1/placements", json=body(make_person())).status_code == 403
    assert worker.get("/api/v1/placements").status_code == 403
    assert login_client(make_user("admin")).get("/api/v1/placements?county=540602").status_code == 200


def test_a_hire_stores_the_registered_county_and_a_later_move_does_not_rewrite_it(
        app, make_person, as_official, move_household):
    from labour.accounts.models import User
    from labour.applications import services as applications
    from labour.employers import services as employers
    from labour.people.models import Person
    from labour.placements.models import Placement
    from labour.positions import services as positions
    from labour.accounts import services as accounts

    with app.app_context():
        admin = User(role="admin", username="boss", display_name="Boss",
                     password_hash=accounts.runtime().passwords.hash("x" * 10))
        db.session.add(admin)
        db.session.commit()
        employer = employers.employer_create(actor=admin, name="Seni Builders", kind="local_contractor",
                                             division_code="540602")
        employers.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
        staff = accounts.staff_create(actor=admin, role="employer_staff", username="seni-staff", password="x" * 10,
                                      display_name="Staff", employer_id=employer.id)
        position = positions.position_create(
            actor=staff, title="Mason", occupation_code="mason", kind="local_project", workplace_code="540621",
            headcount=2, wage_min="4000", wage_max="5000", deadline=date.today().replace(year=date.today().year + 1))
        positions.position_publish(actor=staff, position_id=position.id)
        worker = accounts.worker_register(phone="13912340000", password="x" * 10, name="Dawa")
        person = db.session.get(Person, worker.person_id)
        from labour.people.models import Household

        person.household = Household(registered_county_code="540602", status="poverty_alleviated")
        db.session.commit()
        application = applications.application_submit(actor=worker, position_id=position.id)
        for status in ("offered", "hired"):
            applications.application_transition(actor=staff, application_id=application.id, status=status)
        placement = db.session.query(Placement).one()
        assert placement.registered_county_code == "540602" and placement.channel == "local_project"
        person_id = worker.person_id
    move_household(person_id, "540102")
    with app.app_context():
        assert db.session.query(Placement).one().registered_county_code == "540602"
    # Lhasa's official does not see it; Nagqu's does.
    assert as_official("540100").get("/api/v1/placements").json["total"] == 0
    assert as_official("540600").get("/api/v1/placements").json["total"] == 1
