"""Fixtures: the app on a real PostgreSQL (``TEST_DATABASE_URL``), clients, and factories.

Reference tables are loaded once per session; every other table is emptied after each test.
"""
import itertools
import os

import pytest
import sqlalchemy as sa

from api import create_app
from api.config import database_url, testing_config
from labour.db import db

TEST_DATABASE_URL = database_url(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
REFERENCE_TABLES = {"division", "aid_partner", "aid_pairing", "occupation"}


@pytest.fixture(scope="session")
def app():
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL))
    with app.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.create_all()
        from labour.divisions.services import divisions_seed
        from labour.occupations.services import occupations_seed

        divisions_seed()
        occupations_seed()
    yield app


@pytest.fixture(autouse=True)
def _clean_tables(app):
    yield
    with app.app_context():
        db.session.rollback()
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in REFERENCE_TABLES]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def ctx(app):
    """An app context for calling domain code directly."""
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


_seq = itertools.count(1)


@pytest.fixture
def make_user(app):
    """Create a user of any role through the real services; returns the User (detached ids are fine)."""
    from labour.accounts import services
    from labour.accounts.models import User

    def make(role="worker", *, division_code=None, employer_id=None, centre_id=None, password="correct horse",
             locale=None, name=None):
        n = next(_seq)
        with app.app_context():
            if role == "worker":
                user = services.worker_register(phone=f"139{n:08d}", password=password, name=name or f"Worker {n}",
                                                locale=locale)
            else:
                admin = db.session.scalar(sa.select(User).where(User.role == "admin", User.username == "root"))
                if admin is None:
                    admin = User(role="admin", username="root", display_name="Root",
                                 password_hash=services.runtime().passwords.hash(password))
                    db.session.add(admin)
                    db.session.commit()
                if role == "admin":
                    return db.session.get(User, admin.id)
                if role == "centre_staff" and centre_id is None:  # a vetted centre in Lhasa's Chengguan district
                    from labour.centres.services import centre_create, centre_vet

                    centre_id = centre_create(actor=admin, name=f"Centre {n}", county_code="540102").id
                    centre_vet(actor=admin, centre_id=centre_id, decision="vetted")
                user = services.staff_create(actor=admin, role=role, username=f"{role}{n}", password=password,
                                             display_name=name or f"{role} {n}", division_code=division_code,
                                             employer_id=employer_id, centre_id=centre_id, locale=locale)
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def login_client(app):
    """A test client logged in as ``user`` with a bearer token."""
    from labour.accounts import services

    def make(user, *, password="correct horse"):
        with app.app_context():
            _, token = services.login(login=user.phone or user.username, password=password, kind="bearer")
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    return make


@pytest.fixture
def employer_client(make_user, login_client):
    """A logged-in client of a staff member of an employer: employer_client(employer_id), one per employer."""
    clients = {}

    def get(employer_id):
        if employer_id not in clients:
            clients[employer_id] = login_client(make_user("employer_staff", employer_id=employer_id))
        return clients[employer_id]

    return get
