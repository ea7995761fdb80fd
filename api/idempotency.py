"""``Idempotency-Key`` for creating POSTs: the PWA replays offline submissions, and a replay must not act twice.

The first request with a key reserves ``(user, key)`` (a unique row, so two concurrent copies cannot both run),
runs, and stores its success response; later copies get that response back with ``Idempotent-Replayed: true``.
A failed request frees its key, so the client may try again. Keys are kept for 24 hours
(``idempotency_keys_purge``, called by the periodic jobs).

The record and its purge live in ``labour.idempotency`` (plain data, so the periodic jobs can purge it);
everything HTTP about it is here.
"""
import hashlib
import json
from copy import deepcopy
from functools import wraps

import sqlalchemy as sa
from flask import Response, make_response, request
from flask_babel import lazy_gettext as _l
from flask_smorest.utils import deepupdate
from sqlalchemy.exc import IntegrityError

from api.auth import require_user
from api.errors import error_response
from labour.db import atomic, db, utcnow
from labour.idempotency.models import MAX_KEY_LENGTH, TTL, IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

_DOC = {"parameters": [{
    "in": "header", "name": HEADER, "required": False, "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
    "description": "A client-chosen key (e.g. a UUID) that makes a retried or replayed submission safe: the first "
                   "response is stored for 24 hours and returned again, with `Idempotent-Replayed: true`, "
                   "for the same key and body.",
}]}


def _fingerprint() -> str:
    """The request's method, path and body; JSON bodies compared by content, not by key order or spacing."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode() if raw else b""
    except ValueError:
        body = raw
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n" + body).hexdigest()


def _key_error(status: int, message, *, code: str):
    return error_response(status, code=code, message=message, errors={HEADER: [message]})


def _reserve(user_id: int, key: str, fingerprint: str):
    """Insert the reservation, or return the row that already holds ``(user, key)``."""
    try:
        with atomic():
            db.session.add(IdempotencyKey(user_id=user_id, key=key, request_path=request.path[:255],
                                          request_hash=fingerprint))
        return None
    except IntegrityError:
        pass
    with atomic():
        # An expired key that the purge has not reached yet is free again.
        expired = db.session.execute(sa.delete(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id, IdempotencyKey.key == key,
            IdempotencyKey.created_at < utcnow() - TTL)).rowcount
    existing = None if expired else db.session.scalar(
        sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key))
    if existing is None:  # expired, or freed by a failing first request in between
        return _reserve(user_id, key, fingerprint)
    return existing


def _release(user_id: int, key: str) -> None:
    db.session.rollback()
    with atomic():
        db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                           IdempotencyKey.key == key,
                                                           IdempotencyKey.status_code.is_(None)))


def idempotent(view):
    """Decorate a creating POST view (between ``@blp.route`` and ``@blp.arguments``)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return _key_error(400, _l("Give a key of 1 to 64 characters."), code="bad_request")
        user_id = require_user().id
        fingerprint = _fingerprint()
        existing = _reserve(user_id, key, fingerprint)
        if existing is not None:
            if existing.request_hash != fingerprint:
                return _key_error(422, _l("This key was already used for a different request."),
                                  code="idempotency_key_reused")
            if existing.status_code is None:
                return _key_error(409, _l("A request with this key is still being processed."),
                                  code="idempotency_key_in_progress")
            replay = Response(existing.body, status=existing.status_code, mimetype=existing.mimetype)
            replay.headers[REPLAYED_HEADER] = "true"
            return replay
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            _release(user_id, key)
            raise
        if 200 <= response.status_code < 300:
            with atomic():
                db.session.execute(
                    sa.update(IdempotencyKey)
                    .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
                    .values(status_code=response.status_code, mimetype=response.mimetype,
                            body=response.get_data(as_text=True))
                )
        else:
            _release(user_id, key)
        return response

    wrapper._apidoc = deepcopy(getattr(wrapper, "_apidoc", {}))
    wrapper._apidoc["manual_doc"] = deepupdate(wrapper._apidoc.get("manual_doc", {}), deepcopy(_DOC))
    return wrapper
