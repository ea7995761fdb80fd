"""Response headers, CSRF protection of cookie sessions, and the rate limits on applying and exporting."""
import pytest

from api import create_app
from api.config import testing_config
from tests.conftest import TEST_DATABASE_URL

PWA = {"X-Requested-With": "labour-pwa"}


def _login_with_cookie(client, user):
    r = client.post("/api/v1/auth/login", json={"login": user.phone or user.username, "password": "correct horse"})
    assert r.status_code == 200 and client.get_cookie("labour_session")


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/no-such-thing", "/api/openapi.json"])
def test_every_response_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["Content-Security-Policy"] == ("default-src 'self'; script-src 'self'; object-src 'none'; "
                                                    "base-uri 'none'; frame-ancestors 'none'")
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in r.headers  # plain HTTP in development: HSTS would lock it out


def test_hsts_in_production():
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL, LABOUR_ENV="production"))
    r = app.test_client().get("/api/v1/health")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_cookie_session_needs_the_pwa_header_for_unsafe_methods(client, make_user):
    _login_with_cookie(client, make_user("worker"))
    assert client.get("/api/v1/me").status_code == 200  # reading needs no header
    r = client.patch("/api/v1/me", json={"locale": "bo"})
    assert r.status_code == 403 and r.json["code"] == "csrf_header_missing"
    assert "X-Requested-With" in r.json["errors"]
    assert set(r.json) == {"code", "status", "message", "errors"}
    r = client.post("/api/v1/auth/logout", headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 403  # only the PWA's value counts
    assert client.get("/api/v1/me").status_code == 200  # nothing happened: still logged in
    assert client.patch("/api/v1/me", json={"locale": "bo"}, headers=PWA).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=PWA).status_code == 204


def test_bearer_clients_need_no_csrf_header(make_user, login_client):
    client = login_client(make_user("worker"))
    assert client.patch("/api/v1/me", json={"locale": "bo"}).status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 204


def test_a_stranger_still_gets_401_not_a_csrf_error(client):
    client.set_cookie("labour_session", "forged")
    assert client.post("/api/v1/auth/logout").status_code == 401


@pytest.fixture
def limited(make_user):
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL, RATELIMIT_ENABLED=True,
                                    APPLICATION_RATE_LIMIT="2 per minute", EXPORT_RATE_LIMIT="2 per minute"))

    def client_for(user):
        from labour.accounts import services

        with app.app_context():
            _, token = services.login(login=user.phone or user.username, password="correct horse", kind="bearer")
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    return client_for


def test_applications_are_rate_limited_per_worker(limited, make_user):
    first, second = limited(make_user("worker")), limited(make_user("worker"))
    codes = [first.post("/api/v1/positions/999999/applications", json={}).status_code for _ in range(3)]
    assert codes == [404, 404, 429]
    r = first.post("/api/v1/positions/999999/applications", json={})
    assert r.status_code == 429 and r.json["code"] == "rate_limited" and "Retry-After" in r.headers
    assert set(r.json) == {"code", "status", "message", "errors"}
    # the limit is the worker's, not the address's: a neighbour on the same network may still apply
    assert second.post("/api/v1/positions/999999/applications", json={}).status_code == 404


def test_exports_are_rate_limited_per_official(limited, make_user):
    official = limited(make_user("official", division_code="540602"))
    codes = [official.post("/api/v1/exports", json={}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    assert official.get("/api/v1/exports/999999").status_code == 404  # reading is not limited


def test_production_cookies_are_secure_httponly_and_strict(tmp_path):
    """The production settings (read from the environment as a deployment would) mark the session cookie
    Secure, HttpOnly and SameSite=Strict, and send HSTS."""
    from cryptography.fernet import Fernet

    from api.config import load_config

    env = {"LABOUR_ENV": "production", "SECRET_KEY": "s" * 32, "ID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
           "BLIND_INDEX_KEY": "b" * 32, "DATABASE_URL": TEST_DATABASE_URL, "RATELIMIT_STORAGE_URI": "memory://"}
    config = load_config(env, instance_path=str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True
    app = create_app({**config, "TESTING": True, "JOBS_SCHEDULE": False,
                      "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})
    r = app.test_client().post("/api/v1/auth/register",
                               json={"phone": "13800000077", "password": "s3cret-pass", "name": "Pema"},
                               base_url="https://labour.example")
    assert r.status_code == 201, r.json
    cookie = r.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


def test_bodies_strings_and_pages_are_bounded(client, make_user, login_client):
    big = "x" * (1024 * 1024 + 1)
    r = client.post("/api/v1/auth/register", data=big, content_type="application/json")
    assert r.status_code == 413 and r.json["code"] == "too_large"
    r = client.post("/api/v1/auth/register", json={"phone": "13800000078", "password": "s3cret-pass",
                                                   "name": "D" * 1000})
    assert r.status_code == 422 and "name" in r.json["errors"]
    r = client.get("/api/v1/positions?per_page=51")
    assert r.status_code == 400 and "per_page" in r.json["errors"]
