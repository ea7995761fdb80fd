from flask_babel import lazy_gettext as _l
from marshmallow import fields

from api.i18n import SUPPORTED
from api.schemas import Label, Length, OneOf, Range, Regexp, Schema
from labour.accounts.models import ROLES, STAFF_ROLES

PHONE = Regexp(r"^1[3-9]\d{9}$", error=_l("Not a valid mobile phone number."))


class RegisterSchema(Schema):
    phone = fields.String(required=True, validate=PHONE)
    password = fields.String(required=True, load_only=True, validate=Length(min=8, max=128))
    name = fields.String(required=True, validate=Length(min=1, max=64))
    locale = fields.String(validate=OneOf(SUPPORTED))


class LoginSchema(Schema):
    login = fields.String(required=True, validate=Length(min=1, max=64),
                          metadata={"description": "phone number or user name"})
    password = fields.String(required=True, load_only=True, validate=Length(min=1, max=128))
    session = fields.String(load_default="cookie", validate=OneOf(("cookie", "bearer")),
                            metadata={"description": "cookie: HttpOnly session cookie (PWA); bearer: token in the body"})


class UserSchema(Schema):
    id = fields.Integer()
    role = fields.String()
    role_label = Label(ROLES, "role")
    display_name = fields.String()
    phone = fields.String(allow_none=True)
    username = fields.String(allow_none=True)
    locale = fields.String(allow_none=True)
    tibetan_digits = fields.Boolean()
    division_code = fields.String(allow_none=True)
    employer_id = fields.Integer(allow_none=True)
    centre_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)


class LoginResultSchema(Schema):
    user = fields.Nested(UserSchema)
    token = fields.String(metadata={"description": "only for session=bearer: send as `Authorization: Bearer …`"})


class PreferencesSchema(Schema):
    locale = fields.String(validate=OneOf(SUPPORTED))
    tibetan_digits = fields.Boolean()


class StaffCreateSchema(Schema):
    role = fields.String(required=True, validate=OneOf(STAFF_ROLES))
    display_name = fields.String(required=True, validate=Length(min=1, max=64))
    username = fields.String(validate=[Length(min=3, max=64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    phone = fields.String(validate=PHONE)
    password = fields.String(required=True, load_only=True, validate=Length(min=8, max=128))
    division_code = fields.String(validate=Length(equal=6))
    employer_id = fields.Integer(validate=Range(min=1, max=2**31 - 1))
    centre_id = fields.Integer(validate=Range(min=1, max=2**31 - 1))
    locale = fields.String(validate=OneOf(SUPPORTED))
