"""Factories for ecological-protection posts: officials (tests/officials.py), persons in households, workers
holding a person record, posts created through the API, and the periods that are over."""
import dataclasses
from datetime import date

import pytest

from labour.db import db
from labour.people.idnumber import local_today
from tests.officials import as_official, make_person, official  # noqa: F401

YEAR = local_today().year - 1  # every month of last year is over: it can be appraised and paid
SENI = "540602"  # Seni District, Nagqu
LHARI = "540621"  # Lhari County, Nagqu
CHENGGUAN = "540102"  # Chengguan District, Lhasa


@pytest.fixture
def worker_holder(app, make_user, login_client):
    """A logged-in worker whose person is registered in ``county`` (optionally in an existing household);
    returns (client, person_id, household_id)."""
    from labour.people.models import Household, Person

    def make(county=SENI, *, household_id=None):
        user = make_user("worker")
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = db.session.get(Household, household_id) if household_id else \
                Household(registered_county_code=county, status="poverty_alleviated")
            db.session.commit()
            household = person.household_id
        return login_client(user), user.person_id, household

    return make


@pytest.fixture
def household_of(app):
    def get(person_id):
        from labour.people.models import Person

        with app.app_context():
            return db.session.get(Person, person_id).household_id

    return get


POST = {"post_type": "grassland", "division_code": SENI, "title": "Grassland warden, Village 3",
        "base_payment": "1000.00", "appraisal_period": "monthly", "township": "Township 1", "village": "Village 3"}


@pytest.fixture
def make_post(as_official):
    """A post created through the API by the official of ``by`` (default the post's county); returns its id."""

    def make(by=None, **fields):
        body = {**POST, **fields}
        r = as_official(by or body["division_code"]).post("/api/v1/eco-posts", json=body)
        assert r.status_code == 201, r.json
        return r.json["id"]

    return make


@pytest.fixture
def assign(as_official):
    """Assign through the API; returns the response (callers check the status)."""

    def run(post_id, person_id, *, start=date(YEAR, 1, 10), by=SENI):
        return as_official(by).post(f"/api/v1/eco-posts/{post_id}/assignments",
                                    json={"person_id": person_id, "start_date": start.isoformat()})

    return run


@pytest.fixture
def posts_per_household(app, monkeypatch):
    """Set ECO_POSTS_PER_HOUSEHOLD for this test (the runtime reads it from the app's config)."""

    def set_(n):
        monkeypatch.setitem(app.extensions, "labour",
                            dataclasses.replace(app.extensions["labour"], eco_posts_per_household=n))

    return set_
