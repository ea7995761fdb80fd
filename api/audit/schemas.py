from marshmallow import fields

from api.schemas import Label, OneOf, PageArgs, Range, Schema, page_schema
from labour.audit.models import ACTIONS, OBJECT_KINDS


class AuditEventArgs(PageArgs):
    actor = fields.Integer(validate=Range(min=1, max=2**31 - 1), metadata={"description": "the acting user's id"})
    action = fields.String(validate=OneOf(tuple(ACTIONS)))
    object_kind = fields.String(validate=OneOf(OBJECT_KINDS))
    object_id = fields.Integer(validate=Range(min=1, max=2**31 - 1),
                               metadata={"description": "rows that showed this record (with `object_kind`)"})
    date_from = fields.Date(data_key="from", metadata={"description": "first UTC day, included"})
    date_to = fields.Date(data_key="to", metadata={"description": "last UTC day, included"})


class AuditEventSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime(metadata={"description": "when, UTC"})
    actor_id = fields.Integer(metadata={"description": "who"})
    actor_role = fields.String()
    division_code = fields.String(allow_none=True, metadata={"description": "the official's area at the time"})
    action = fields.String()
    action_label = Label(ACTIONS, "action")
    object_kind = fields.String()
    object_ids = fields.List(fields.Integer(), attribute="ids", metadata={
        "description": "the records shown (the first 200 of a longer list)"})
    object_count = fields.Integer(metadata={"description": "how many records were shown"})
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields",
                          metadata={"description": "the sensitive fields revealed in clear"})
    context = fields.String(allow_none=True, metadata={"description": "where, e.g. position:12, export:3"})
    reason = fields.String(allow_none=True, metadata={"description": "why, in the reader's words"})
    request_id = fields.String(allow_none=True)
    ip = fields.String(allow_none=True)


AuditEventPage = page_schema(AuditEventSchema, "AuditEventPage")
