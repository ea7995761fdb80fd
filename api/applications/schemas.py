from marshmallow import fields

from api.people.schemas import CandidateSchema
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Schema, page_schema
from labour.applications.models import APPLICATION_STATUSES, EMPLOYER_TRANSITIONS
from labour.positions.models import POSITION_KINDS, POSITION_STATUSES

EMPLOYER_TARGETS = tuple(sorted({s for targets in EMPLOYER_TRANSITIONS.values() for s in targets}))


class ApplicationCreateSchema(Schema):
    note = fields.String(load_default="", validate=Length(max=500), metadata={
        "description": "a short message to the employer"})


class ApplicationTransitionSchema(Schema):
    status = fields.String(required=True, validate=OneOf(EMPLOYER_TARGETS), metadata={
        "description": "submitted → shortlisted | offered | rejected; shortlisted → offered | rejected; "
                       "offered → hired | rejected"})


class ApplicationListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(APPLICATION_STATUSES)))


class CandidateApplicationSchema(Schema):
    id = fields.Integer()
    position_id = fields.Integer()
    status = fields.String()
    status_label = Label(APPLICATION_STATUSES, "status")
    note = fields.String()
    candidate = fields.Nested(CandidateSchema, attribute="person")
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


CandidateApplicationPageSchema = page_schema(CandidateApplicationSchema, "CandidateApplicationPage")


class MyPositionRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    kind_label = Label(POSITION_KINDS, "kind")
    status = fields.String()
    status_label = Label(POSITION_STATUSES, "status")
    employer_name = fields.Function(lambda p: p.employer.name)
    workplace = fields.Nested(NamedRef)


class MyApplicationSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    status_label = Label(APPLICATION_STATUSES, "status")
    note = fields.String()
    position = fields.Nested(MyPositionRefSchema)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


MyApplicationPageSchema = page_schema(MyApplicationSchema, "MyApplicationPage")
