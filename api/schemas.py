"""Shared schema pieces: localised validation messages, pagination, list envelopes, label fields."""
import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from api.i18n import SUPPORTED, label, localised_name


def localise_marshmallow_messages() -> None:
    """Give marshmallow's built-in messages translatable (lazy) text. Safe to call more than once."""
    fields.Field.default_error_messages.update({
        "required": _l("Missing data for required field."),
        "null": _l("Field may not be null."),
        "validator_failed": _l("Invalid value."),
    })
    for cls, messages in {
        fields.String: {"invalid": _l("Not a valid string."), "invalid_utf8": _l("Not a valid utf-8 string.")},
        fields.Number: {"invalid": _l("Not a valid number."), "too_large": _l("Number too large.")},
        fields.Integer: {"invalid": _l("Not a valid integer.")},
        fields.Decimal: {"special": _l("Special numeric values (nan or infinity) are not permitted.")},
        fields.Boolean: {"invalid": _l("Not a valid boolean.")},
        fields.Date: {"invalid": _l("Not a valid date."), "format": _l("Not a valid date.")},
        fields.DateTime: {"invalid": _l("Not a valid datetime."), "format": _l("Not a valid datetime.")},
        fields.List: {"invalid": _l("Not a valid list.")},
        fields.Nested: {"type": _l("Invalid type.")},
        fields.Dict: {"invalid": _l("Not a valid mapping type.")},
        fields.Email: {"invalid": _l("Not a valid email address.")},
    }.items():
        cls.default_error_messages = {**cls.default_error_messages, **messages}
    ma.Schema._default_error_messages = {"type": _l("Invalid input type."), "unknown": _l("Unknown field.")}


class Length(validate.Length):
    message_min = _l("Shorter than minimum length {min}.")
    message_max = _l("Longer than maximum length {max}.")
    message_all = _l("Length must be between {min} and {max}.")
    message_equal = _l("Length must be {equal}.")


class Range(validate.Range):
    """Inclusive bounds only, with messages translated when the error is raised (not at import)."""

    message_min = _l("Must be at least {min}.")
    message_max = _l("Must be at most {max}.")
    message_all = _l("Must be between {min} and {max}.")

    def __init__(self, min=None, max=None, *, error=None):  # noqa: A002
        self.min, self.max, self.error = min, max, error
        self.min_inclusive = self.max_inclusive = True


class OneOf(validate.OneOf):
    default_message = _l("Must be one of: {choices}.")


class Regexp(validate.Regexp):
    default_message = _l("String does not match expected pattern.")


class Schema(ma.Schema):
    class Meta:
        ordered = True


class QueryArgs(Schema):
    """Base for query strings: unknown parameters are rejected (400), ``lang`` is always allowed."""

    lang = fields.String(validate=OneOf(SUPPORTED))


class PageArgs(QueryArgs):
    page = fields.Integer(load_default=1, validate=Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=Range(min=1, max=50))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """An envelope ``{items, page, per_page, total, pages}`` around ``item_schema``."""
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema)),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "total": fields.Integer(),
        "pages": fields.Integer(),
    })


def Label(labels: dict, attribute: str, **kwargs) -> fields.Function:
    """A read-only field with the localised label of an enum attribute."""
    return fields.Function(lambda obj: label(labels, getattr(obj, attribute)), dump_only=True, **kwargs)


class NamedRef(Schema):
    """A reference row (division, occupation) with its name in the negotiated locale."""

    code = fields.String()
    name = fields.Method("_name")
    name_fallback = fields.Method("_fallback", metadata={
        "description": "true when no Tibetan name is known and the Chinese one is shown instead"})

    def _name(self, obj):
        return localised_name(obj)[0]

    def _fallback(self, obj):
        return localised_name(obj)[1]
