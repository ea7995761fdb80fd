from marshmallow import fields

from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.employers.models import EMPLOYER_KINDS, EMPLOYER_STATUSES
from labour.employers.services import VETTING_DECISIONS


class EmployerCreateSchema(Schema):
    name = fields.String(required=True, validate=Length(min=1, max=128))
    kind = fields.String(required=True, validate=OneOf(tuple(EMPLOYER_KINDS)))
    division_code = fields.String(required=True, validate=Regexp(r"^\d{6}$"), metadata={
        "description": "where the employer is registered: a county in Tibet or a province outside Tibet"})
    aid_partner_id = fields.Integer(
        allow_none=True, strict=True, validate=Range(min=1, max=2**31 - 1),
        metadata={"description": "for aid-Tibet partner enterprises: their partner province, municipality or "
                                 "central enterprise (see `/api/v1/divisions/{code}/aid-partners`)"})


class EmployerListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(EMPLOYER_STATUSES)))


class VettingSchema(Schema):
    decision = fields.String(required=True, validate=OneOf(VETTING_DECISIONS))


class AidPartnerRefSchema(Schema):
    id = fields.Integer()
    name_zh = fields.String()
    name_en = fields.String()


class EmployerSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    kind_label = Label(EMPLOYER_KINDS, "kind")
    division = fields.Nested(NamedRef)
    aid_partner = fields.Nested(AidPartnerRefSchema, allow_none=True)
    status = fields.String()
    status_label = Label(EMPLOYER_STATUSES, "status")
    vetted_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


EmployerPageSchema = page_schema(EmployerSchema, "EmployerPage")
