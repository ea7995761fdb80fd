from flask_babel import gettext
from marshmallow import fields

from api.schemas import PageArgs, Schema, page_schema
from labour.notifications.templates import EVENTS, render


class NotificationArgs(PageArgs):
    unread = fields.Boolean(metadata={"description": "true: only unread; false: only read"})


class NotificationSchema(Schema):
    id = fields.Integer()
    event = fields.String()
    event_label = fields.Function(lambda n: gettext(EVENTS[n.event].label) if n.event in EVENTS else n.event)
    message = fields.Function(lambda n: render(n.event, n.params, gettext),
                              metadata={"description": "the text, in the negotiated language"})
    subject = fields.String()
    read = fields.Function(lambda n: n.read_at is not None)
    read_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class NotificationPageSchema(page_schema(NotificationSchema, "NotificationPageBase")):
    unread = fields.Integer(metadata={"description": "how many of all your notifications are unread"})


class ReadAllSchema(Schema):
    marked = fields.Integer(metadata={"description": "how many were marked read now"})
    unread = fields.Integer()
