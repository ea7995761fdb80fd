"""Hands the request's origin (client address, request id) to the audit log for the length of one request."""
import re
import uuid

from flask import g, request

from labour.audit.services import reset_origin, set_origin

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def bind_origin():
    given = request.headers.get("X-Request-Id", "")
    request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.audit_origin = set_origin(ip=request.remote_addr, request_id=request_id)


def unbind_origin(_error=None):
    token = g.pop("audit_origin", None)
    if token is not None:
        try:
            reset_origin(token)
        except ValueError:  # set in another context (never in a normal request): nothing to undo here
            pass
