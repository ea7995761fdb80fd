"""Conditional GETs: every successful JSON GET carries an ETag and answers 304 when it still matches."""
from flask import request


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
