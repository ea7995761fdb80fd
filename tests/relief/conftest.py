"""Factories for work-for-relief projects: a vetted local contractor, its staff, workers registered in a chosen
county (and township and village), officials (tests/officials.py), and projects created through the API."""
from datetime import date, timedelta

import pytest

from labour.db import db
from labour.positions.selectors import local_today
from tests.officials import as_official, official  # noqa: F401


def month_shift(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def ym(day: date) -> str:
    return day.strftime("%Y-%m")


THIS_MONTH = month_shift(local_today(), 0)


@pytest.fixture
def contractor(app, make_user):
    """A vetted local contractor registered in ``county``; returns its id."""
    from labour.employers import services

    def make(name="Seni Roads Co", county="540602"):
        admin = make_user("admin")
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="local_contractor",
                                                division_code=county)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            return employer.id

    return make


@pytest.fixture
def person_in(app):
    """A person in a new household of ``county`` (township and village optional); returns the person id."""
    from labour.people.models import Household, Person

    def make(county="540602", *, township=None, village=None, name="Tashi"):
        with app.app_context():
            person = Person(name=name, household=Household(registered_county_code=county, township=township,
                                                           village=village, status="poverty_alleviated"))
            db.session.add(person)
            db.session.commit()
            return person.id

    return make


@pytest.fixture
def worker_in(app, make_user, login_client):
    """A logged-in worker whose household is registered in ``county``; returns (client, person_id)."""
    from labour.people.models import Household, Person

    def make(county):
        user = make_user("worker")
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code=county, status="poverty_alleviated")
            db.session.commit()
        return login_client(user), user.person_id

    return make


def project_body(**fields):
    body = {"name": "Seni village road", "county_code": "540602",
            "start_month": ym(month_shift(THIS_MONTH, -2)), "planned_end_month": ym(month_shift(THIS_MONTH, 7)),
            "funds": {"central": "100000.00", "region": "20000", "prefecture": "5000", "county": "0"}}
    body.update(fields)
    return body


@pytest.fixture
def make_project(as_official):
    """A project created (and optionally moved to ``status``) by the official of ``official``; returns its id."""

    def make(*, official="540600", status=None, **fields):
        client = as_official(official)
        r = client.post("/api/v1/relief-projects", json=project_body(**fields))
        assert r.status_code == 201, r.json
        project_id = r.json["id"]
        for step in {"running": ("running",), "finished": ("running", "finished")}.get(status, ()):
            r = client.patch(f"/api/v1/relief-projects/{project_id}", json={"status": step})
            assert r.status_code == 200, r.json
        return project_id

    return make


@pytest.fixture
def pay(as_official):
    """Record ``{person_id: amount}`` for ``month`` through the API (by an official of ``official``)."""

    def run(project_id, month: date, amounts: dict, *, official="540600", reason=None, expect=200):
        body = {"month": ym(month), "entries": [{"person_id": p, "amount": str(a)} for p, a in amounts.items()]}
        if reason:
            body["reason"] = reason
        r = as_official(official).put(f"/api/v1/relief-projects/{project_id}/remuneration", json=body)
        assert r.status_code == expect, r.json
        return r

    return run


@pytest.fixture
def project_position(employer_client):
    """An open position of ``employer_id`` linked to ``project_id``, created and published through the API."""

    def make(employer_id, project_id, **fields):
        client = employer_client(employer_id)
        body = {"title": "Road labourer", "occupation_code": "factory_worker", "kind": "work_for_relief",
                "workplace_code": "540602", "headcount": 3, "wage_min": "3000", "wage_max": "3600",
                "deadline": (local_today() + timedelta(days=30)).isoformat(), "relief_project_id": project_id,
                **fields}
        r = client.post("/api/v1/positions", json=body)
        assert r.status_code == 201, r.json
        assert client.post(f"/api/v1/positions/{r.json['id']}/publish").status_code == 200
        return r.json["id"]

    return make
