from marshmallow import fields

from api.schemas import Label, Length, OneOf, Range, Schema
from labour.exports.models import EXPORT_FORMATS, EXPORT_LOCALES, EXPORT_STATUSES


class ExportCreateSchema(Schema):
    division = fields.String(validate=Length(equal=6), metadata={"description": "your own division by default"})
    year = fields.Integer(required=True, validate=Range(min=2000, max=2100))
    month = fields.Integer(validate=Range(min=1, max=12), metadata={"description": "omit for the year to date"})
    format = fields.String(required=True, validate=OneOf(tuple(EXPORT_FORMATS)))
    locale = fields.String(validate=OneOf(EXPORT_LOCALES), metadata={
        "description": "language of the headers and names (default: the negotiated locale)"})


class ExportSchema(Schema):
    id = fields.Integer()
    division_code = fields.String()
    year = fields.Integer()
    month = fields.Integer(allow_none=True)
    format = fields.String()
    locale = fields.String()
    status = fields.String()
    status_label = Label(EXPORT_STATUSES, "status")
    task_id = fields.String(allow_none=True, metadata={"description": "poll GET /api/v1/tasks/{task_id}"})
    filename = fields.String(allow_none=True)
    size = fields.Integer(allow_none=True)
    rows = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
