"""Factories shared by the training areas (centres, cohorts, enrolments, follow-ups, rosters): everything is
made through the real services. Each area's conftest imports them with ``from tests.training import *``."""
import itertools
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db

__all__ = ["id_number", "admin", "make_centre", "centre_staff", "make_employer", "make_position", "make_worker",
           "make_cohort", "trainees", "run_sessions", "enrol", "TODAY"]

TODAY = date.today()
# GB 11643-1999 weights and check characters, from the standard (not from the code under test).
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECKS = "10X98765432"
_serial = itertools.count(1)


def with_check(base17: str) -> str:
    return base17 + CHECKS[sum(int(d) * w for d, w in zip(base17, WEIGHTS)) % 11]


@pytest.fixture
def id_number():
    """A fresh valid ID number (``id_number()``) or one with a chosen birth date (``id_number(date(...))``)."""

    def make(birth: date = date(1998, 4, 1), *, sex: str = "male") -> str:
        sequence = (2 * next(_serial) + (1 if sex == "male" else 0)) % 1000  # odd for men
        return with_check(f"540102{birth:%Y%m%d}{sequence:03d}")

    return make


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def make_centre(app, admin):
    """A training centre (vetted unless ``status`` says otherwise); returns its id."""
    from labour.centres import services

    def make(*, name="Lhasa Vocational Training Centre", county_code="540102", status="vetted"):
        with app.app_context():
            centre = services.centre_create(actor=admin, name=name, county_code=county_code)
            if status != "pending":
                services.centre_vet(actor=admin, centre_id=centre.id, decision=status)
            return centre.id

    return make


@pytest.fixture
def centre_staff(make_user, make_centre):
    """The (one) staff user of a centre: ``centre_staff()`` makes a centre, ``centre_staff(centre_id)``."""
    staff = {}

    def get(centre_id=None):
        centre_id = centre_id or make_centre()
        if centre_id not in staff:
            staff[centre_id] = make_user("centre_staff", centre_id=centre_id)
        return staff[centre_id]

    return get


@pytest.fixture
def make_employer(app, admin):
    from labour.employers import services

    def make(*, name="Zhejiang Textiles", division_code="540102"):
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="private_firm",
                                                division_code=division_code)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            return employer.id

    return make


@pytest.fixture
def make_position(app, make_user):
    """An open position of ``employer_id``; returns (position id, employer staff user)."""
    from labour.positions import services

    staff = {}

    def make(employer_id, *, headcount=5, kind="general", title="Sewing machine operator"):
        if employer_id not in staff:
            staff[employer_id] = make_user("employer_staff", employer_id=employer_id)
        with app.app_context():
            position = services.position_create(
                actor=staff[employer_id], title=title, occupation_code="factory_worker", kind=kind,
                workplace_code="540102", headcount=headcount, wage_min="4000", wage_max="5200",
                deadline=TODAY + timedelta(days=60))
            services.position_publish(actor=staff[employer_id], position_id=position.id)
            return position.id, staff[employer_id]

    return make


@pytest.fixture
def make_worker(app, make_user):
    """A worker whose person has a household in ``county`` with ``status``, an education and a birth date."""
    from labour.people.models import Household, Person

    def make(*, county="540602", status="other", education="junior_secondary", birth_date=date(2000, 3, 1),
             in_study=False, **kwargs):
        user = make_user("worker", **kwargs)
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code=county, status=status)
            person.education, person.in_study, person.birth_date = education, in_study, birth_date
            db.session.commit()
        return user

    return make


@pytest.fixture
def make_cohort(app, centre_staff):
    """A cohort made with the service (``status`` planned, open or running); returns (cohort id, staff user).

    ``sessions`` dates lie in the past, so attendance can be taken at once."""
    from labour.cohorts import services

    def make(*, centre_id=None, mode="commissioned", capacity=10, sessions=5, status="open", **fields):
        staff = centre_staff(centre_id)
        values = dict(title="Textile machine operation", occupation_code="factory_worker", county_code="540102",
                      start_date=TODAY - timedelta(days=sessions + 1), end_date=TODAY + timedelta(days=30),
                      language="bo", subsidy_per_trainee="1200")
        if mode == "commissioned":
            values.update(commissioner_kind="department", commissioner_name="Lhasa Human Resources Bureau")
        values.update(fields)
        with app.app_context():
            cohort = services.cohort_create(
                actor=staff, mode=mode, capacity=capacity,
                sessions=[{"held_on": values["start_date"] + timedelta(days=i), "topic": f"Lesson {i + 1}"}
                          for i in range(sessions)], **values)
            for step in {"planned": [], "open": ["open"], "running": ["open", "running"]}[status]:
                services.cohort_transition(actor=staff, cohort_id=cohort.id, status=step)
            return cohort.id, staff

    return make


@pytest.fixture
def enrol(app):
    """Apply, accept and confirm ``worker`` in the cohort through the services; returns the enrolment id."""
    from labour.enrolments import services

    def run(cohort_id, worker, staff, *, confirm=True):
        with app.app_context():
            enrolment = services.enrolment_apply(actor=worker, cohort_id=cohort_id)
            services.enrolment_accept(actor=staff, enrolment_id=enrolment.id)
            if confirm:
                services.enrolment_confirm(actor=worker, enrolment_id=enrolment.id)
            return enrolment.id

    return run


@pytest.fixture
def trainees(make_worker, enrol):
    """``n`` confirmed trainees of an open or running cohort; returns [(worker, enrolment id)]."""

    def make(cohort_id, staff, n, **worker):
        out = []
        for _ in range(n):
            user = make_worker(**worker)
            out.append((user, enrol(cohort_id, user, staff)))
        return out

    return make


@pytest.fixture
def run_sessions(app):
    """Take attendance for every session of a running cohort: ``present[i]`` lists who came to session i."""
    from labour.cohorts.models import Cohort
    from labour.enrolments import services

    def run(cohort_id, staff, present):
        with app.app_context():
            sessions = [s.id for s in db.session.get(Cohort, cohort_id).sessions]
            for session_id, ids in zip(sessions, present):
                services.attendance_record(actor=staff, cohort_id=cohort_id, session_id=session_id, present=ids)

    return run


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))
