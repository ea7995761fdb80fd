from api import create_app
from api.config import load_config, testing_config


def test_config_overrides_reach_the_app(tmp_path):
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.db"))
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.db")


def test_default_is_sqlite_under_instance_with_generated_secrets(tmp_path):
    config = load_config({}, instance_path=str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/labour.sqlite3"
    assert config["REDIS_URL"] is None
    again = load_config({}, instance_path=str(tmp_path))
    assert again["SECRET_KEY"] == config["SECRET_KEY"]  # generated once, then kept
    assert again["ID_ENCRYPTION_KEYS"] == config["ID_ENCRYPTION_KEYS"]


def test_production_refuses_to_start_without_secrets(tmp_path):
    import pytest

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config({"LABOUR_ENV": "production"}, instance_path=str(tmp_path))


def test_postgres_urls_use_psycopg3(tmp_path):
    config = load_config({"DATABASE_URL": "postgres://u@h/db", "SECRET_KEY": "s", "ID_ENCRYPTION_KEYS":
                          "k", "BLIND_INDEX_KEY": "b"}, instance_path=str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
