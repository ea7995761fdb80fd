"""Factories for wage confirmation: employers with staff and an open position, workers registered in a county,
and their placements (recorded by the region's official through the real service, so they can start in the
past), and dates relative to today in Tibet."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.officials import as_official, official  # noqa: F401

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def months_ago(n: int) -> date:
    """The first day of the month ``n`` months before this one."""
    first = TODAY.replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


LAST_MONTH = month_of(months_ago(1))


@pytest.fixture
def employer(app, make_user, login_client):
    """A vetted employer with one staff client and one open position; returns {id, staff, position}."""
    from labour.employers import services
    from labour.positions.services import position_create, position_publish

    def make(name="Lhasa Builders", division_code="540102"):
        admin = make_user("admin")
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="private_firm",
                                                division_code=division_code)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            employer_id = employer.id
        staff = make_user("employer_staff", employer_id=employer_id)
        with app.app_context():
            from labour.accounts.models import User

            position = position_create(actor=db.session.get(User, staff.id), title=f"Mason at {name}",
                                       occupation_code="factory_worker", kind="general", workplace_code="540102",
                                       headcount=5, wage_min="4000", wage_max="5000",
                                       deadline=TODAY + timedelta(days=30))
            position_publish(actor=db.session.get(User, staff.id), position_id=position.id)
            position_id = position.id
        return {"id": employer_id, "staff": login_client(staff), "staff_user": staff, "position": position_id}

    return make


@pytest.fixture
def worker(app, make_user, login_client):
    """A worker whose household is registered in ``county``; returns (user, client)."""
    from labour.people.models import Household, Person

    def make(county="540602", **kwargs):
        user = make_user("worker", **kwargs)
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code=county, status="poverty_alleviated")
            db.session.commit()
        return user, login_client(user)

    return make


@pytest.fixture
def placed(app, official):
    """A placement of ``user``'s person with ``employer_id``, recorded by the region's official; returns its id."""
    from labour.accounts.models import User
    from labour.placements.services import placement_record

    def make(user, employer_id, *, start=None, end=None):
        actor = official("540000")
        with app.app_context():
            return placement_record(actor=db.session.get(User, actor.id), person_id=user.person_id,
                                    channel="self_found", workplace_code="540102", employer_id=employer_id,
                                    start_date=start or months_ago(3), end_date=end,
                                    evidence_note="labour contract seen").id

    return make


@pytest.fixture
def notes(app):
    """(recipient_id, event, subject) of every notification of ``event``."""
    from labour.notifications.models import Notification

    def get(event):
        with app.app_context():
            return {(n.recipient_id, n.event, n.subject) for n in db.session.scalars(
                sa.select(Notification).where(Notification.event == event))}

    return get
