"""`flask db upgrade` builds the schema the models describe, on SQLite and on PostgreSQL alike."""
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from labour.db import db
from tests.conftest import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent


def _upgrade(url: str, tmp_path):
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi.py", "SECRET_KEY": "t", "BLIND_INDEX_KEY": "t",
           "ID_ENCRYPTION_KEYS": "0" * 43 + "="}
    env.pop("REDIS_URL", None)
    for command in (["db", "upgrade"], ["seed", "reference"], ["seed", "reference"]):
        result = subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr


def _diff(url: str):
    import labour.models  # noqa: F401

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)
    finally:
        engine.dispose()


def test_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    _upgrade(url, tmp_path)
    assert _diff(url) == []


def test_postgresql(tmp_path):
    import psycopg

    base = TEST_DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
    name = base.rsplit("/", 1)[1] + "_migrations"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        url = base.rsplit("/", 1)[0] + "/" + name
        _upgrade(url, tmp_path)
        assert _diff(url.replace("postgresql://", "postgresql+psycopg://")) == []
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
