"""Audit fixtures: the training and official-statistics factories, a person with every sensitive field, and
the audit rows as plain dicts."""
import itertools

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.officials import *  # noqa: F401,F403
from tests.training import *  # noqa: F401,F403
from tests.training import with_check

PHONE = "13912345678"


_serial = itertools.count(2, 2)  # even: women


@pytest.fixture
def sensitive_person(app, admin):
    """A person with ID number, phone and birth date in ``county`` (Seni, Nagqu); returns (id, ID number)."""
    from labour.people import services

    def make(county="540602", *, status="monitored", phone=PHONE):
        number = with_check(f"{county}19900307{next(_serial) % 1000:03d}")
        with app.app_context():
            household = services.household_create(actor=admin, registered_county_code=county, status=status)
            person = services.person_create(actor=admin, name="Pema", household_id=household.id, phone=phone,
                                            id_number=number)
            return person.id, number

    return make


@pytest.fixture
def audit_rows(app):
    """Every audit row, oldest first, as dicts."""
    from labour.audit.models import AuditEvent

    def rows(**where):
        with app.app_context():
            query = sa.select(AuditEvent).order_by(AuditEvent.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEvent, name) == value)
            return [{"id": e.id, "actor_id": e.actor_id, "actor_role": e.actor_role, "action": e.action,
                     "object_kind": e.object_kind, "ids": e.ids, "count": e.object_count, "fields": e.fields,
                     "reason": e.reason, "context": e.context, "division_code": e.division_code,
                     "created_at": e.created_at, "ip": e.ip, "request_id": e.request_id}
                    for e in db.session.scalars(query)]

    return rows


@pytest.fixture
def staff_client(make_user, login_client):
    """``user, client = staff_client("official", division_code=…)``."""

    def make(role, **kwargs):
        user = make_user(role, **kwargs)
        return user, login_client(user)

    return make

