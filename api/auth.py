"""Who is calling: a bearer token (``Authorization: Bearer …``) or the PWA's session cookie.

Both are rows in ``auth_token`` (only the hash is stored), so both can be revoked.
"""
from functools import wraps

from flask import current_app, g, request
from flask_babel import lazy_gettext

from labour.accounts.models import User
from labour.accounts.selectors import user_for_token
from labour.errors import AuthenticationFailed, PermissionDenied

COOKIE = "labour_session"
# Cross-site request forgery: an unsafe request authenticated by the session cookie must carry this header,
# which the PWA must send on every call and another site's form or script cannot (a custom header needs CORS,
# which this API does not grant). Bearer-token clients are exempt: a browser never attaches their token.
CSRF_HEADER, CSRF_VALUE = "X-Requested-With", "labour-pwa"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_MESSAGE = lazy_gettext("Send this request from the app: the X-Requested-With header is missing.")


def _credentials() -> tuple[str | None, str | None]:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), "bearer"
    cookie = request.cookies.get(COOKIE)
    if cookie:
        return cookie, "cookie"
    return None, None


def current_user() -> User | None:
    if "user" not in g:
        token, kind = _credentials()
        g.user = user_for_token(token, kind=kind) if token else None
        g.token = token if g.user else None
    return g.user


def current_token() -> str | None:
    current_user()
    return g.token


def require_user() -> User:
    user = current_user()
    if user is None:
        raise AuthenticationFailed()
    return user


def login_required(*roles: str):
    """Views decorated with this get the user as ``user=``; with ``roles`` only those roles pass."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = require_user()
            if roles and user.role not in roles:
                raise PermissionDenied()
            return view(*args, user=user, **kwargs)

        # Read by ``authenticate_first`` (functools.wraps carries it out through the other decorators).
        wrapper._login_roles = roles
        return wrapper

    return decorator


def authenticate_first():
    """Check login and role before any input is parsed, whatever the decorator order of the view.

    A stranger learns nothing about a view's input rules; 401/403 come before 400/422. An unsafe request that
    logs in with the session cookie must also carry the PWA's ``X-Requested-With`` header (CSRF).
    """
    from flask import current_app

    view = current_app.view_functions.get(request.endpoint)
    roles = getattr(view, "_login_roles", None)
    if roles is None:
        return None
    user = require_user()
    if request.method not in SAFE_METHODS and _credentials()[1] == "cookie" \
            and request.headers.get(CSRF_HEADER) != CSRF_VALUE:
        from api.errors import error_response

        return error_response(403, code="csrf_header_missing", message=CSRF_MESSAGE,
                              errors={CSRF_HEADER: [CSRF_MESSAGE]})
    if roles and user.role not in roles:
        raise PermissionDenied()
    return None


def set_session_cookie(response, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=current_app.config["TOKEN_TTL_SECONDS"], httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite=current_app.config["SESSION_COOKIE_SAMESITE"],
        path="/",
    )


def clear_session_cookie(response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"],
                           samesite=current_app.config["SESSION_COOKIE_SAMESITE"])


SECURITY = [{"bearer": []}, {"cookie": []}]


def document_security(app, spec) -> None:
    """State in the OpenAPI document which operations need a login (read from ``login_required``), so clients
    and fuzzers know; public operations say ``security: []``."""
    import re

    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        operations = spec._paths.get(path)
        if not operations:
            continue
        roles = getattr(app.view_functions[rule.endpoint], "_login_roles", None)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = operations.get(method.lower())
            if operation is not None:
                operation["security"] = [] if roles is None else SECURITY
