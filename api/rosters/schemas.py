from flask_smorest.fields import Upload
from marshmallow import fields

from api.i18n import render
from api.schemas import Label, Schema
from labour.i18n import Message
from labour.rosters.models import UPLOAD_STATUSES


class RosterFileSchema(Schema):
    file = Upload(required=True, metadata={
        "description": "CSV (UTF-8 or GB18030) or XLSX; header row with name, id_number, registered_county_code "
                       "and optionally phone, birth_date, gender, education, township, village (or the usual "
                       "Chinese headers)"})


class RowErrorSchema(Schema):
    row = fields.Integer(allow_none=True, metadata={"description": "spreadsheet row (the header is row 1); null: "
                                                                   "the file as a whole"})
    field = fields.String()
    message = fields.Function(lambda e: render(Message(e["message"], **(e.get("params") or {}))))


class RosterUploadSchema(Schema):
    id = fields.Integer()
    cohort_id = fields.Integer()
    filename = fields.String()
    format = fields.String()
    size = fields.Integer()
    status = fields.String(metadata={"description": "queued, imported (all rows) or rejected (none)"})
    status_label = Label(UPLOAD_STATUSES, "status")
    task_id = fields.String(allow_none=True, metadata={"description": "poll /api/v1/tasks/{task_id} for progress"})
    rows = fields.Integer(allow_none=True)
    persons_created = fields.Integer(allow_none=True)
    persons_matched = fields.Integer(allow_none=True, metadata={"description": "already known by ID number"})
    enrolled = fields.Integer(allow_none=True)
    already_enrolled = fields.Integer(allow_none=True)
    error_count = fields.Function(lambda u: len(u.errors or []))
    errors = fields.List(fields.Nested(RowErrorSchema))
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
