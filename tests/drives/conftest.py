"""Factories for aid-Tibet drives: partners from the reference data, partner enterprises, workers registered
in a chosen county, and officials (see tests/officials.py)."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.officials import as_official, official  # noqa: F401


@pytest.fixture
def partners(app):
    """{english name: id} of the aid-Tibet partners loaded from labour/reference/aid_pairings.csv."""
    from labour.divisions.models import AidPartner

    with app.app_context():
        return {p.name_en: p.id for p in db.session.scalars(sa.select(AidPartner))}


@pytest.fixture
def partner_employer(app, make_user):
    """A vetted aid-Tibet partner enterprise of ``partner_id`` (registered outside Tibet); returns its id."""
    from labour.employers import services

    def make(partner_id, *, name="Partner Enterprise", division_code="330000"):
        admin = make_user("admin")
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="aid_partner_enterprise",
                                                division_code=division_code, aid_partner_id=partner_id)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            return employer.id

    return make


@pytest.fixture
def worker_in(app, make_user, login_client):
    """A logged-in worker whose household is registered in ``county``."""
    from labour.people.models import Household, Person

    def make(county):
        user = make_user("worker")
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code=county, status="poverty_alleviated")
            db.session.commit()
        return login_client(user)

    return make


AID_POSITION = dict(title="Textile operator", occupation_code="factory_worker", kind="aid_tibet",
                    workplace_code="330000", headcount=10, wage_min="4500", wage_max="6000")


@pytest.fixture
def aid_position(employer_client):
    """An open aid-Tibet position of ``employer_id`` created and published through the API; returns its id."""

    def make(employer_id, **fields):
        client = employer_client(employer_id)
        body = {**AID_POSITION, "deadline": (date.today() + timedelta(days=30)).isoformat(), **fields}
        r = client.post("/api/v1/positions", json=body)
        assert r.status_code == 201, r.json
        assert client.post(f"/api/v1/positions/{r.json['id']}/publish").status_code == 200
        return r.json["id"]

    return make


@pytest.fixture
def hire(employer_client):
    """The worker applies and the employer hires them, both through the API."""

    def run(worker, position_id, employer_id, *, until="hired"):
        r = worker.post(f"/api/v1/positions/{position_id}/applications", json={})
        assert r.status_code == 201, r.json
        for status in ("offered", "hired"):
            r2 = employer_client(employer_id).patch(f"/api/v1/applications/{r.json['id']}", json={"status": status})
            assert r2.status_code == 200, r2.json
            if status == until:
                break

    return run
