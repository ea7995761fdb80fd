"""Factories for positions: employers and positions made through the real services."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db


@pytest.fixture
def make_employer(app, make_user):
    """Create an employer (vetted unless ``status`` says otherwise); returns its id."""
    from labour.divisions.models import AidPartner
    from labour.employers import services

    def make(*, name="Lhasa Builders", kind="private_firm", division_code="540102", status="vetted"):
        admin = make_user("admin")
        with app.app_context():
            partner = db.session.scalar(sa.select(AidPartner.id).order_by(AidPartner.id)) \
                if kind == "aid_partner_enterprise" else None
            employer = services.employer_create(actor=admin, name=name, kind=kind, division_code=division_code,
                                                aid_partner_id=partner)
            if status != "pending":
                services.employer_vet(actor=admin, employer_id=employer.id, decision=status)
            return employer.id

    return make


@pytest.fixture
def staff_of(make_user):
    """The (one) staff user of an employer."""
    staff = {}

    def get(employer_id):
        if employer_id not in staff:
            staff[employer_id] = make_user("employer_staff", employer_id=employer_id)
        return staff[employer_id]

    return get


POSITION_DEFAULTS = dict(title="Bricklayer", occupation_code="mason", kind="local_project", workplace_code="540102",
                         headcount=5, wage_min="4000", wage_max="6000", housing=True, meals=True)


@pytest.fixture
def make_position(app, make_employer, staff_of):
    """Create a position (published unless ``publish=False``) for ``employer_id`` or a new vetted employer;
    returns its id."""
    from labour.positions import services

    def make(*, employer_id=None, publish=True, **fields):
        employer_id = employer_id or make_employer()
        staff = staff_of(employer_id)
        values = {**POSITION_DEFAULTS, "deadline": date.today() + timedelta(days=30), **fields}
        with app.app_context():
            position = services.position_create(actor=staff, **values)
            if publish:
                services.position_publish(actor=staff, position_id=position.id)
            return position.id

    return make
