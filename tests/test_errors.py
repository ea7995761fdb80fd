"""One error shape for everything, and no input that makes the server answer 500."""
import json

import pytest


def _shape(r, status):
    assert r.status_code == status, r.get_data(as_text=True)
    assert set(r.json) == {"code", "status", "message", "errors"}
    assert r.json["status"] == status and r.json["message"]
    return r.json


def test_malformed_json(client):
    body = _shape(client.post("/api/v1/auth/login", data="{not json", content_type="application/json"), 400)
    assert body["code"] == "bad_request"


def test_wrong_types_name_each_field(client):
    body = _shape(client.post("/api/v1/auth/register", json={"phone": 13912345678, "password": ["x"], "name": {}}),
                  422)
    assert set(body["errors"]) == {"phone", "password", "name"}


def test_missing_fields_and_unknown_fields(client):
    body = _shape(client.post("/api/v1/auth/register", json={"role": "admin"}), 422)
    assert {"phone", "password", "name", "role"} <= set(body["errors"])


def test_body_that_is_not_an_object(client):
    _shape(client.post("/api/v1/auth/login", json=[1, 2, 3]), 422)
    _shape(client.post("/api/v1/auth/login", json="just a string"), 422)


def test_oversized_body(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    _shape(client.post("/api/v1/auth/login", data=big, content_type="application/json"), 413)


def test_unknown_route_and_method(client):
    assert _shape(client.get("/api/v1/nothing-here"), 404)["code"] == "not_found"
    _shape(client.delete("/api/v1/divisions"), 405)


def test_messages_are_localised(client):
    zh = _shape(client.get("/api/v1/divisions/1", headers={"Accept-Language": "zh"}), 404)
    en = _shape(client.get("/api/v1/divisions/1?lang=en"), 404)
    assert zh["message"] != en["message"]


@pytest.mark.parametrize("payload", [
    {"phone": "1" * 5000, "password": "x" * 5000, "name": "n" * 5000},
    {"phone": "13912345678", "password": "\x00\x01\x02 password", "name": "\ud800"},
    {"phone": None, "password": None, "name": None},
    {"phone": "13912345678", "password": "long enough pw", "name": "", "locale": "xx"},
])
def test_hostile_payloads_never_500(client, payload):
    # Sent as a client would: JSON with \u escapes (a lone surrogate cannot be UTF-8 encoded).
    r = client.post("/api/v1/auth/register", data=json.dumps(payload), content_type="application/json")
    assert 400 <= r.status_code < 500


def test_openapi_document(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/divisions" in spec["paths"] and "/api/v1/auth/login" in spec["paths"]


def test_health_reports_database(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200 and r.json["database"] == "ok"
    assert r.json["redis"] in ("ok", "not_configured")
