"""Conditional GETs: every successful JSON GET carries an ETag and answers 304 when it still matches."""
import re

from flask import request
from flask_babel import lazy_gettext as _l


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
    bad = [f"query.{k}" for k, v in request.args.items(multi=True) if _UNSAFE.search(k) or _UNSAFE.search(v)]
    if request.is_json and request.content_length:
        payload = request.get_json(silent=True)
        bad += list(_unsafe_paths(payload))
    if bad:
        from api.errors import error_response

        return error_response(422, message=_l("Some fields are not valid."),
                              errors={p: [_l("Contains characters that are not allowed.")] for p in bad})
    return None
