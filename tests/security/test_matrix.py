"""Tests generated from ``api/authz_matrix.py``: every endpoint × every role, on an own and a foreign object."""
import re

import pytest

from api.authz_matrix import MATRIX, ROLES

OK = {200, 201, 202, 204, 304, 400, 409, 412, 422, 428}
PATH_VALUES = {"code": "540602", "task_id": "0" * 32, "month": "1"}


def _routes(app):
    return {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_is_in_the_matrix(app):
    listed = {(row.method, row.rule) for row in MATRIX}
    assert len(listed) == len(MATRIX), "a route is listed twice"
    assert sorted(_routes(app) - listed) == [], "routes missing from api/authz_matrix.py"
    assert sorted(listed - _routes(app)) == [], "rows for routes the app no longer has"


def _path(row, world, role, *, own):
    kind = row.obj

    def value(match):
        name = match.group(2)
        if kind and kind != "missing" and name == re.search(r"<(?:\w+:)?(\w+)>", row.rule).group(1):
            return str(world.own(kind, role) if own else world.foreign(kind))
        if name == "session_id":
            return str(world.own("session", role) if own else world.foreign("session"))
        if name in PATH_VALUES:
            return PATH_VALUES[name]
        if name == "code" or match.group(1) is None:
            return "factory_worker"
        return str(2**31 - 1)  # an id that does not exist

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, row.rule)


def _check(response, expected, label, *, missing_status=None):
    status = response.status_code
    if expected in ("404", "denied") and status in (400, 422) and status == missing_status:
        expected = str(status)  # validated before lookup, exactly like a non-existent id: nothing leaks
    assert status < 500, f"{label}: {status} {response.get_data(as_text=True)[:300]}"
    if expected == "ok":
        assert status in OK, f"{label}: expected to pass authorisation, got {status} {response.json}"
    elif expected == "denied":
        assert status in (403, 404), f"{label}: expected 403/404, got {status}"
    else:
        assert status == int(expected), f"{label}: expected {expected}, got {status} {response.json}"
    if status >= 400:
        assert set(response.json) == {"code", "status", "message", "errors"}, label


def _leaked(value, names):
    if isinstance(value, dict):
        return {k for k in value if k in names} | {n for v in value.values() for n in _leaked(v, names)}
    if isinstance(value, list):
        return {n for v in value for n in _leaked(v, names)}
    return set()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.rule}")
def test_matrix(app, world, token_for, row, role):
    client = app.test_client()
    token = token_for(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {} if row.method in ("POST", "PUT", "PATCH") else None
    variants = [True] + ([False] if row.obj and row.obj != "missing" else [])
    for own in variants:
        path = _path(row, world, role, own=own)
        response = client.open(path, method=row.method, json=body, headers=headers)
        expected = row.expect(role, own=own)
        if row.obj == "missing" and expected == "ok":
            expected = "404"
        missing_status = None
        if expected in ("404", "denied"):  # how does a non-existent id answer the same request?
            if row.obj == "missing":
                missing_status = response.status_code
            else:
                object_id = world.own(row.obj, role) if own else world.foreign(row.obj)
                missing = re.sub(rf"/{object_id}(?=/|$)", f"/{2**31 - 1}", path, count=1)
                missing_status = client.open(missing, method=row.method, json=body, headers=headers).status_code
        _check(response, expected, f"{role} {row.method} {path} ({'own' if own else 'foreign'})",
               missing_status=missing_status)
        if row.fields and role not in row.see and response.status_code == 200:
            assert not _leaked(response.json, set(row.fields)), f"{role} received {row.fields}"
