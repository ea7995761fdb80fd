"""Fuzzing with schemathesis against /api/openapi.json, anonymous and as each role: no server error, no
operation that answers 2xx without the login it documents, status codes and bodies as documented.

Every operation gets ``POSITIVE`` schema-valid and ``NEGATIVE`` schema-violating generated requests per role
(8 roles × 96 operations: more than 5,000 requests in all). schemathesis's pytest plugin does not run under
pytest 9, so the operations are driven through its Python API (``APIOperation.as_strategy``) and Hypothesis.
"""
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth, response_schema_conformance, status_code_conformance

from api.authz_matrix import ROLES
from tests.security.conftest import PASSWORD

POSITIVE, NEGATIVE = 5, 4
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, ignored_auth]
SKIP_WITH_TOKEN = {("POST", "/api/v1/auth/logout")}  # would revoke the token every later request needs
SENT = Counter()
STATUSES = Counter()  # (role, status class) -> responses, to see that each role really got through


@pytest.fixture(scope="module")
def api_schema(app, world):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture(scope="module")
def tokens(world, app):
    from labour.accounts import services

    with app.app_context():
        return {role: services.login(login=user.phone or user.username, password=PASSWORD, kind="bearer")[1]
                for role, user in world.users.items()}


def _fuzz(operation, mode, examples, headers, role):
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        SENT[role] += 1
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        STATUSES[role, response.status_code] += 1

    run()


def _describe(error) -> str:
    if isinstance(error, BaseExceptionGroup):
        return "\n".join(_describe(inner) for inner in error.exceptions)
    return f"{type(error).__name__}: {str(error)[:800]}"


@pytest.mark.parametrize("role", ROLES)
def test_fuzz(api_schema, tokens, role):
    headers = {"Accept-Encoding": "identity"}  # the WSGI test client does not inflate compressed bodies
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {tokens[role]}"
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 90
    for operation in operations:
        if role != "anonymous" and (operation.method.upper(), operation.path) in SKIP_WITH_TOKEN:
            continue
        for mode, examples in ((GenerationMode.POSITIVE, POSITIVE), (GenerationMode.NEGATIVE, NEGATIVE)):
            try:
                _fuzz(operation, mode, examples, headers, role)
            except Unsatisfiable:  # nothing to negate (an operation without parameters or body)
                assert mode == GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as error:  # collect every operation's failure, not just the first
                failures.append(f"{role} {operation.method.upper()} {operation.path} ({mode.value}): "
                                f"{_describe(error)}")
    print(f"{role}: {SENT[role]} requests", sorted((k[1], v) for k, v in STATUSES.items() if k[0] == role))
    assert not failures, "\n\n".join(failures)
    assert SENT[role] >= 5000 // len(ROLES), f"only {SENT[role]} requests as {role}"
