"""Employer factories: through the real services, acting as the seeded admin."""
import pytest
import sqlalchemy as sa

from labour.db import db


@pytest.fixture
def make_employer(app, make_user):
    """Create an employer (vetted unless ``status`` says otherwise); returns its id."""
    from labour.divisions.models import AidPartner
    from labour.employers import services

    def make(*, name="Lhasa Builders", kind="private_firm", division_code="540102", status="vetted",
             aid_partner_id=None):
        admin = make_user("admin")
        with app.app_context():
            if kind == "aid_partner_enterprise" and aid_partner_id is None:
                aid_partner_id = db.session.scalar(sa.select(AidPartner.id).order_by(AidPartner.id))
            employer = services.employer_create(actor=admin, name=name, kind=kind, division_code=division_code,
                                                aid_partner_id=aid_partner_id)
            if status != "pending":
                services.employer_vet(actor=admin, employer_id=employer.id, decision=status)
            return employer.id

    return make
