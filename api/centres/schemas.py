from marshmallow import fields

from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Regexp, Schema, page_schema
from labour.centres.models import CENTRE_STATUSES
from labour.centres.services import VETTING_DECISIONS

CODE = Regexp(r"^\d{6}$")


class CentreCreateSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=128))
    county_code = fields.String(required=True, validate=CODE, metadata={"description": "a county in Tibet"})
    address = fields.String(load_default="", validate=Length(max=200))


class CentreVettingSchema(Schema):
    decision = fields.String(required=True, validate=OneOf(VETTING_DECISIONS))


class CentreListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(CENTRE_STATUSES)))
    county = fields.String(validate=CODE)


class CentreSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    county = fields.Nested(NamedRef)
    address = fields.String()
    status = fields.String()
    status_label = Label(CENTRE_STATUSES, "status")
    vetted_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


CentrePageSchema = page_schema(CentreSchema, "CentrePage")
