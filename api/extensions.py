"""Extensions, created unbound; ``create_app`` binds them."""
from decimal import Decimal

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from marshmallow import Schema, fields


class ErrorSchema(Schema):
    """The one error shape (documented; ``api.errors`` writes it)."""

    code = fields.String(required=True, metadata={"description": "stable machine string, e.g. not_found"})
    status = fields.Integer(required=True, metadata={"description": "the HTTP status"})
    message = fields.String(required=True, metadata={"description": "a sentence in the negotiated locale"})
    errors = fields.Dict(required=True, metadata={"description": "the messages of each bad field"})


def _decimal_properties(self, field, ret, **kwargs):
    """Decimals in the OpenAPI document as they travel: bounds as JSON numbers (apispec writes the Decimal
    objects, which JSON turns into strings), and ``as_string`` fields (money out) as decimal strings."""
    if not isinstance(field, fields.Decimal):
        return {}
    out = {}
    for key in ("minimum", "maximum"):
        if isinstance(ret.get(key), (str, Decimal)):
            value = Decimal(ret[key])
            out[key] = int(value) if value == value.to_integral_value() else float(value)
    if field.as_string and ret.get("type") == "number":
        out.update(type="string", format="decimal")
    return out


class LabourApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _init_spec(self, *args, **kwargs):
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(_decimal_properties)


api = LabourApi()
babel = Babel()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@limiter.request_filter
def _limits_off_in_this_app() -> bool:
    """Flask-Limiter keeps ``enabled`` on its one shared instance, so the last app set up decides for all;
    read each app's own RATELIMIT_ENABLED instead (several apps live side by side in the tests)."""
    from flask import current_app

    return not current_app.config.get("RATELIMIT_ENABLED", True)


def user_or_address() -> str:
    """Rate-limit key for logged-in actions: the user (a village shares one address), else the address."""
    from api.auth import current_user

    user = current_user()
    return f"user:{user.id}" if user is not None else get_remote_address()


def config_limit(name: str):
    """A limit read from the configuration when the request comes (``limiter.limit(config_limit("…"))``)."""
    from flask import current_app

    return lambda: current_app.config[name]
migrate = Migrate()
