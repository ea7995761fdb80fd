from flask import current_app, make_response
from flask_smorest import Blueprint

from api.accounts.schemas import (LoginResultSchema, LoginSchema, PreferencesSchema, RegisterSchema,
                                  StaffCreateSchema, UserSchema)
from api.auth import clear_session_cookie, current_token, login_required, set_session_cookie
from api.extensions import limiter
from labour.accounts import services

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Accounts, login and the current user")


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _register_limit():
    return current_app.config["REGISTER_RATE_LIMIT"]


@blp.route("/auth/register", methods=["POST"])
@limiter.limit(_register_limit)
@blp.arguments(RegisterSchema)
@blp.response(201, LoginResultSchema)
def register(data):
    """A worker creates an account with phone number and password, and is logged in (session cookie)."""
    user = services.worker_register(phone=data["phone"], password=data["password"], name=data["name"],
                                    locale=data.get("locale"))
    user, token = services.login(login=data["phone"], password=data["password"], kind="cookie")
    response = make_response(LoginResultSchema().dump({"user": user}), 201)
    set_session_cookie(response, token)
    return response


@blp.route("/auth/login", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
def login(data):
    """Log in with phone number or user name. Repeated failures lock the account for a while (429)."""
    user, token = services.login(login=data["login"], password=data["password"], kind=data["session"])
    if data["session"] == "bearer":
        return {"user": user, "token": token}
    response = make_response(LoginResultSchema().dump({"user": user}), 200)
    set_session_cookie(response, token)
    return response


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
@login_required()
def logout(user):
    """Revoke the token or session this request was made with."""
    services.token_revoke(token=current_token())
    response = make_response("", 204)
    clear_session_cookie(response)
    return response


@blp.route("/me")
@blp.response(200, UserSchema)
@login_required()
def me(user):
    return user


@blp.route("/me", methods=["PATCH"])
@blp.arguments(PreferencesSchema)
@blp.response(200, UserSchema)
@login_required()
def me_update(data, user):
    """Save the interface language and the Tibetan-digits display option."""
    return services.preferences_update(user=user, **data)


@blp.route("/users", methods=["POST"])
@blp.arguments(StaffCreateSchema)
@blp.response(201, UserSchema)
@login_required("admin", "official")
def staff_create(data, user):
    """Create a staff account: an admin any, an official only inside their own area."""
    return services.staff_create(actor=user, **data)
