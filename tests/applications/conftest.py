"""Factories for applying and hiring: employers, positions and workers made through the real services."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db


@pytest.fixture
def make_employer(app, make_user):
    """A vetted employer registered in Lhasa's Chengguan district; returns its id."""
    from labour.employers import services

    def make(*, name="Lhasa Builders", division_code="540102"):
        admin = make_user("admin")
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="local_contractor",
                                                division_code=division_code)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            return employer.id

    return make


@pytest.fixture
def staff_of(make_user):
    staff = {}

    def get(employer_id):
        if employer_id not in staff:
            staff[employer_id] = make_user("employer_staff", employer_id=employer_id)
        return staff[employer_id]

    return get


@pytest.fixture
def make_position(app, make_employer, staff_of):
    """An open position (``headcount`` places, kind ``aid_tibet`` by default); returns its id."""
    from labour.positions import services

    def make(*, employer_id=None, headcount=3, kind="aid_tibet", workplace_code="330000", start_date=None,
             deadline=None, publish=True):
        employer_id = employer_id or make_employer()
        staff = staff_of(employer_id)
        with app.app_context():
            position = services.position_create(
                actor=staff, title="Textile machine operator", occupation_code="electrician", kind=kind,
                workplace_code=workplace_code, headcount=headcount, wage_min="4500", wage_max="6500",
                start_date=start_date, deadline=deadline or date.today() + timedelta(days=30))
            if publish:
                services.position_publish(actor=staff, position_id=position.id)
            return position.id

    return make


@pytest.fixture
def make_worker(app, make_user):
    """A registered worker whose person has the sensitive data an employer must never see: an ID number on
    record and a poverty-alleviated household in Nagqu."""
    from labour.people.models import Household, Person

    def make(**kwargs):
        user = make_user("worker", **kwargs)
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code="540602", status="poverty_alleviated")
            person.id_number_enc = "not-a-real-ciphertext"
            person.id_number_index = f"index-{user.id}"
            person.id_number_masked = "5406**********0017"
            person.birth_date = date(2001, 5, 4)
            person.gender = "female"
            person.education = "senior_secondary"
            person.languages = ["bo", "zh"]
            db.session.commit()
        return user

    return make


@pytest.fixture
def move(app, staff_of):
    """Drive an application through employer statuses with the service (for setting up a test)."""
    from labour.applications import services
    from labour.applications.models import Application

    def run(application_id, *statuses):
        with app.app_context():
            employer_id = db.session.scalar(
                sa.select(Application).where(Application.id == application_id)).position.employer_id
            for status in statuses:
                services.application_transition(actor=staff_of(employer_id), application_id=application_id,
                                                status=status)

    return run
