"""The one error shape: ``{"code", "status", "message", "errors"}`` with a localised message."""
import logging

from flask import jsonify
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from api.i18n import render
from labour import errors as domain

log = logging.getLogger(__name__)

DOMAIN_STATUS = {
    domain.Invalid: 422,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.PermissionDenied: 403,
    domain.AuthenticationFailed: 401,
    domain.TooManyAttempts: 429,
    domain.Unavailable: 503,
}

# Messages for errors raised by Flask/Werkzeug/webargs, by status.
HTTP_MESSAGES = {
    400: lazy_gettext("The request is malformed."),
    401: lazy_gettext("Log in first."),
    403: lazy_gettext("You are not allowed to do this."),
    404: lazy_gettext("Not found."),
    405: lazy_gettext("This method is not allowed here."),
    409: lazy_gettext("This conflicts with the current state."),
    412: lazy_gettext("The resource has changed since you read it."),
    413: lazy_gettext("The request body is too large."),
    415: lazy_gettext("Send the body as JSON."),
    422: lazy_gettext("Some fields are not valid."),
    428: lazy_gettext("This request must be conditional."),
    429: lazy_gettext("Too many requests. Try again later."),
    500: lazy_gettext("Something went wrong on our side."),
    503: lazy_gettext("The service is unavailable. Try again later."),
}
HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 412: "precondition_failed", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid", 428: "precondition_required",
              429: "rate_limited", 500: "server_error", 503: "unavailable"}


def _localise(errors):
    """Translate every message in a (possibly nested) errors structure."""
    if isinstance(errors, dict):
        return {str(k): _localise(v) for k, v in errors.items()}
    if isinstance(errors, (list, tuple)):
        return [_localise(v) for v in errors]
    if isinstance(errors, str):  # a field message marked N_("…") in the domain: a msgid
        return gettext(errors)
    return render(errors)


def error_response(status: int, *, code: str | None = None, message=None, errors=None, headers=None):
    body = {
        "code": code or HTTP_CODES.get(status, "error"),
        "status": status,
        "message": render(message if message is not None else HTTP_MESSAGES.get(status, HTTP_MESSAGES[500])),
        "errors": _localise(errors or {}),
    }
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _webargs_errors(messages):
    """webargs nests errors by location ({"json": {...}}); clients want the fields."""
    if isinstance(messages, dict) and len(messages) == 1:
        (location, inner), = messages.items()
        if location in ("json", "query", "form", "files", "headers", "view_args"):
            return inner if isinstance(inner, dict) else {"body": inner}
    return messages


def handle_domain_error(error: domain.DomainError):
    return error_response(DOMAIN_STATUS.get(type(error), 400), code=error.code, message=error.message,
                          errors=error.errors)


def handle_http_exception(error: HTTPException):
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or _webargs_errors(data.get("messages")) or {}
    status = error.code or 500
    if status == 400 and errors:
        message = lazy_gettext("The query or body is malformed; see the fields listed.")
    else:
        message = data.get("message")
    headers = data.get("headers") or {}
    if status == 429:
        headers = {**headers, **{k: v for k, v in (error.get_headers() or []) if k == "Retry-After"}}
    return error_response(status, message=message, errors=errors, headers=headers)


def handle_unexpected(error: Exception):
    log.exception("unhandled error", exc_info=error)
    return error_response(500)


def register_error_handlers(app) -> None:
    app.register_error_handler(domain.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)


__all__ = ["error_response", "register_error_handlers", "gettext"]
