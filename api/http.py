"""Conditional GETs: every successful JSON GET carries an ETag and answers 304 when it still matches."""
import re

from flask import request
from werkzeug.routing import IntegerConverter
from flask_babel import lazy_gettext as _l


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: bounded to the database's integer range, so a 25-digit id is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def add_etag(response):
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.mimetype == "application/json"
        and not response.direct_passthrough
    ):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "private, no-cache")
        response.make_conditional(request)
    return response


CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'")


def add_security_headers(response):
    """No inline script, no framing, no MIME sniffing, no referrer; HSTS in production (served over HTTPS)."""
    from flask import current_app

    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["LABOUR_ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    return response


_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def _unsafe_paths(value, path=""):
    if isinstance(value, str):
        if _UNSAFE.search(value):
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unsafe_paths(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unsafe_paths(item, f"{path}.{index}" if path else str(index))


def reject_unsafe_text():
    """NUL characters and lone surrogates can be neither stored nor encoded: refuse them up front, naming the field."""
    from api.errors import error_response

    message = [_l("Contains characters that are not allowed.")]
    bad_query = [k for k, v in request.args.items(multi=True) if _UNSAFE.search(k) or _UNSAFE.search(v)]
    if bad_query:  # a malformed query is a 400, like any other bad filter
        return error_response(400, errors={_UNSAFE.sub("?", k): message for k in bad_query})
    if request.is_json and request.content_length:
        bad = list(_unsafe_paths(request.get_json(silent=True)))
        if bad:
            return error_response(422, errors={_UNSAFE.sub("?", p): message for p in bad})
    return None
