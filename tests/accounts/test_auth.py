import pytest

from api import create_app
from api.config import testing_config
from tests.conftest import TEST_DATABASE_URL


def test_register_logs_the_worker_in_with_a_safe_cookie(client):
    r = client.post("/api/v1/auth/register", json={"phone": "13800000001", "password": "s3cret-pass", "name": "Dolma"})
    assert r.status_code == 201, r.json
    cookie = r.headers["Set-Cookie"]
    assert "labour_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "token" not in r.json
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json["role"] == "worker" and me.json["person_id"]


def test_duplicate_phone_is_a_409_naming_the_field(client):
    payload = {"phone": "13800000002", "password": "s3cret-pass", "name": "Tashi"}
    assert client.post("/api/v1/auth/register", json=payload).status_code == 201
    r = client.post("/api/v1/auth/register", json=payload)
    assert r.status_code == 409 and "phone" in r.json["errors"]
    # The field's message is said in the reader's language, like the message above it.
    said = {lang: client.post(f"/api/v1/auth/register?lang={lang}", json=payload).json["errors"]["phone"][0]
            for lang in ("en", "zh_Hans", "bo")}
    assert said["en"] == "This phone number is already registered." and len(set(said.values())) == 3


def test_bad_phone_number(client):
    r = client.post("/api/v1/auth/register", json={"phone": "12345", "password": "s3cret-pass", "name": "x"})
    assert r.status_code == 422 and "phone" in r.json["errors"]


def test_bearer_login_and_logout_revokes(client, make_user):
    user = make_user("worker")
    r = client.post("/api/v1/auth/login", json={"login": user.phone, "password": "correct horse", "session": "bearer"})
    assert r.status_code == 200
    headers = {"Authorization": f"Bearer {r.json['token']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cookie_logout_revokes_the_session(client, make_user):
    user = make_user("worker")
    assert client.post("/api/v1/auth/login", json={"login": user.phone, "password": "correct horse"}).status_code == 200
    stolen = client.get_cookie("labour_session").value
    assert client.post("/api/v1/auth/logout", headers={"X-Requested-With": "labour-pwa"}).status_code == 204
    client.set_cookie("labour_session", stolen)
    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_and_unknown_login_look_the_same(client, make_user):
    user = make_user("worker")
    a = client.post("/api/v1/auth/login", json={"login": user.phone, "password": "wrong"})
    b = client.post("/api/v1/auth/login", json={"login": "13999999999", "password": "wrong"})
    assert a.status_code == b.status_code == 401
    assert a.json == b.json


def test_lockout_after_repeated_failures(client, make_user, app):
    user = make_user("worker")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/api/v1/auth/login", json={"login": user.phone, "password": "nope"}).status_code == 401
    r = client.post("/api/v1/auth/login", json={"login": user.phone, "password": "correct horse"})
    assert r.status_code == 429 and r.json["code"] == "account_locked"


def test_login_is_rate_limited_per_address():
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL, RATELIMIT_ENABLED=True,
                                    LOGIN_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    codes = [client.post("/api/v1/auth/login", json={"login": "nobody", "password": "x"}).status_code
             for _ in range(5)]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]
    r = client.post("/api/v1/auth/login", json={"login": "nobody", "password": "x"})
    assert set(r.json) == {"code", "status", "message", "errors"} and r.json["code"] == "rate_limited"


def test_anonymous_me_is_401(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401 and r.json["code"] == "unauthenticated"


@pytest.mark.parametrize("actor_division, target_division, expected", [
    ("540100", "540102", 201),   # prefecture official creates a county official below it
    ("540102", "540100", 403),   # county official cannot create one above
    ("540102", "540202", 403),   # nor in another prefecture
    ("540000", "540602", 201),   # region creates anywhere in Tibet
])
def test_officials_create_staff_only_in_their_area(make_user, login_client, actor_division, target_division, expected):
    actor = make_user("official", division_code=actor_division)
    r = login_client(actor).post("/api/v1/users", json={
        "role": "official", "display_name": "New", "username": f"new{target_division}", "password": "long enough",
        "division_code": target_division})
    assert r.status_code == expected, r.json


def test_workers_cannot_create_staff(make_user, login_client):
    r = login_client(make_user("worker")).post("/api/v1/users", json={
        "role": "admin", "display_name": "Me", "username": "me", "password": "long enough"})
    assert r.status_code == 403


def test_staff_login_by_username(client, make_user):
    official = make_user("official", division_code="540600")
    r = client.post("/api/v1/auth/login", json={"login": official.username, "password": "correct horse"})
    assert r.status_code == 200 and r.json["user"]["role_label"]


def test_an_app_with_limits_leaves_an_app_without_them_alone(client):
    # Flask-Limiter has one shared instance: an app set up later with limits on must not limit this one.
    create_app(testing_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL, RATELIMIT_ENABLED=True))
    limit = int(client.application.config["REGISTER_RATE_LIMIT"].split()[0])
    codes = {client.post("/api/v1/auth/register", json={"role": "admin"}).status_code for _ in range(limit + 2)}
    assert codes == {422}
