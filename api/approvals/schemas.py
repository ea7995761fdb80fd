from marshmallow import fields

from api.i18n import label
from api.schemas import Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from api.stats.schemas import MetricsSchema
from labour.approvals.models import VERSION_STATES

MONTH = Regexp(r"^20\d\d-(0[1-9]|1[0-2])$")


class ReportArgs(PageArgs):
    year = fields.Integer(validate=Range(min=2000, max=2100))
    month = fields.Integer(validate=Range(min=1, max=12))
    county = fields.String(validate=Length(equal=6))
    state = fields.String(validate=OneOf(VERSION_STATES))


class SubmitSchema(Schema):
    county = fields.String(required=True, validate=Length(equal=6))
    month = fields.String(required=True, validate=MONTH, metadata={"description": "YYYY-MM, a month that ended"})
    reason = fields.String(load_default="", validate=Length(max=500),
                           metadata={"description": "for a new submission after the month was returned"})


class CorrectionSchema(Schema):
    reason = fields.String(required=True, validate=Length(min=1, max=500))


class ReturnSchema(Schema):
    note = fields.String(required=True, validate=Length(min=1, max=500))


class UserRef(Schema):
    id = fields.Integer()
    display_name = fields.String()


class SnapshotSchema(Schema):
    as_of = fields.String()
    metrics = fields.Nested(MetricsSchema)


class VersionSchema(Schema):
    number = fields.Integer()
    state = fields.String()
    state_label = fields.Function(lambda v: label(VERSION_STATES, v.state))
    figures = fields.Nested(SnapshotSchema, metadata={"description": "the snapshot as submitted; never rewritten"})
    reason = fields.String(metadata={"description": "why this version exists (required for a correction)"})
    submitted_by = fields.Nested(UserRef)
    submitted_at = fields.DateTime()
    approved_by = fields.Nested(UserRef, allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    accepted_by = fields.Nested(UserRef, allow_none=True)
    accepted_at = fields.DateTime(allow_none=True)
    returned_by = fields.Nested(UserRef, allow_none=True)
    returned_at = fields.DateTime(allow_none=True)
    return_note = fields.String()


class ReportSchema(Schema):
    id = fields.Integer()
    county = fields.Nested(NamedRef)
    month = fields.Function(lambda r: r.month.strftime("%Y-%m"))
    state = fields.String(metadata={"description": "the state of the current version"})
    state_label = fields.Function(lambda r: label(VERSION_STATES, r.state))
    current_version = fields.Integer()
    published_version = fields.Integer(allow_none=True)
    published = fields.Function(
        lambda r: SnapshotSchema().dump(r.published.figures) if r.published else None,
        metadata={"description": "the published figures: the snapshot of the accepted version"})


class ReportDetailSchema(ReportSchema):
    versions = fields.List(fields.Nested(VersionSchema))


ReportPage = page_schema(ReportSchema, "MonthlyReportPage")
