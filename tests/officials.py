"""Fixtures for official statistics (stats, targets, approvals, exports, placements): persons in households,
placements recorded through the real service, officials at each level, and the rollup refresh.
Each area's conftest imports them with ``from tests.officials import *``."""
import time
from datetime import date

import pytest

from labour.db import db

YEAR = 2022
TODAY = date(2023, 1, 20)  # 2022 is over: its months can be submitted and rolled up whole


@pytest.fixture
def official(make_user):
    """An official of division ``code`` (one per code per test)."""
    made = {}

    def get(code):
        if code not in made:
            made[code] = make_user("official", division_code=code)
        return made[code]

    return get


@pytest.fixture
def as_official(official, login_client):
    clients = {}

    def get(code):
        if code not in clients:
            clients[code] = login_client(official(code))
        return clients[code]

    return get


@pytest.fixture
def make_person(app):
    """A person in a new household of ``county``; returns the person id."""
    from labour.people.models import Household, Person

    def make(county="540602", *, status="poverty_alleviated", gender="female", education="primary",
             in_study=False, birth_date=date(1995, 6, 1), household_id=None, name="次仁"):
        with app.app_context():
            household = db.session.get(Household, household_id) if household_id else \
                Household(registered_county_code=county, status=status)
            person = Person(name=name, gender=gender, education=education, in_study=in_study,
                            birth_date=birth_date, household=household)
            db.session.add(person)
            db.session.commit()
            return person.id

    return make


@pytest.fixture
def place(app, official):
    """Record a placement through ``placement_record`` (by the region's official); returns its id."""
    from labour.placements.services import placement_record

    def make(person_id, *, workplace="330000", start=date(YEAR, 3, 5), end=None, channel="aid_tibet"):
        actor = official("540000")
        with app.app_context():
            from labour.accounts.models import User

            placement = placement_record(actor=db.session.get(User, actor.id), person_id=person_id, channel=channel,
                                         workplace_code=workplace, start_date=start, end_date=end,
                                         evidence_note="labour contract seen")
            return placement.id

    return make


@pytest.fixture
def move_household(app):
    def move(person_id, county):
        from labour.people.models import Person

        with app.app_context():
            db.session.get(Person, person_id).household.registered_county_code = county
            db.session.commit()

    return move


@pytest.fixture
def refresh(app):
    """Roll up ``year`` as the periodic job would."""
    from labour.stats.services import rollup_refresh

    def run(year=YEAR, today=TODAY):
        with app.app_context():
            return rollup_refresh(year=year, today=today)

    return run


@pytest.fixture
def wait_task():
    def wait(client, task_id, *, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            task = client.get(f"/api/v1/tasks/{task_id}").json
            if task["state"] not in ("queued", "running"):
                return task
            time.sleep(0.05)
        raise AssertionError(f"task {task_id} did not finish")

    return wait
