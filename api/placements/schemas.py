from marshmallow import fields

from api.schemas import Label, Length, OneOf, PageArgs, Range, Schema, page_schema
from labour.placements.models import CHANNELS

ID = Range(min=1, max=2**31 - 1)


class PlacementCreateSchema(Schema):
    person_id = fields.Integer(required=True, validate=ID)
    channel = fields.String(required=True, validate=OneOf(CHANNELS))
    workplace_code = fields.String(required=True, validate=Length(equal=6),
                                   metadata={"description": "a county in Tibet or a province outside Tibet"})
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True)
    monthly_wage = fields.Decimal(allow_none=True, places=2, as_string=True, validate=Range(min=0, max=1000000))
    employer_id = fields.Integer(allow_none=True, validate=ID)
    position_id = fields.Integer(allow_none=True, validate=ID)
    evidence_note = fields.String(required=True, validate=Length(min=1, max=500),
                                  metadata={"description": "how the work is known: a contract, a call with the "
                                                           "employer, the village committee's list"})


class PlacementArgs(PageArgs):
    county = fields.String(validate=Length(equal=6))
    person_id = fields.Integer(validate=ID)
    channel = fields.String(validate=OneOf(CHANNELS))


class PlacementSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    employer_id = fields.Integer(allow_none=True)
    position_id = fields.Integer(allow_none=True)
    channel = fields.String()
    channel_label = Label(CHANNELS, "channel")
    workplace_code = fields.String()
    registered_county_code = fields.String(allow_none=True, metadata={
        "description": "the person's registered county when the placement was recorded; figures attribute by it"})
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    monthly_wage = fields.Decimal(as_string=True, allow_none=True)
    evidence_note = fields.String()
    recorded_by_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


PlacementPage = page_schema(PlacementSchema, "PlacementPage")
