from flask_babel import gettext
from marshmallow import fields

from api.auth import current_user
from api.i18n import render
from api.schemas import Label, Schema
from jobs.registry import TASKS
from labour.i18n import Message
from labour.tasks.models import TASK_STATES


def _message(msgid, params) -> str | None:
    return render(Message(msgid, **(params or {}))) if msgid else None


class TaskSchema(Schema):
    id = fields.String()
    kind = fields.String()
    label = fields.Function(lambda t: gettext(TASKS[t.kind].label) if t.kind in TASKS else t.kind)
    state = fields.String(metadata={"description": "queued, running, succeeded, failed or cancelled"})
    state_label = Label(TASK_STATES, "state")
    progress = fields.Integer(metadata={"description": "0–100"})
    stage = fields.Function(lambda t: _message(t.stage, t.stage_params),
                            metadata={"description": "what the task is doing now, in the reader's language"})
    attempts = fields.Integer()
    max_attempts = fields.Integer()
    result = fields.Dict(allow_none=True, metadata={"description": "a short summary once it succeeded"})
    error = fields.Function(lambda t: _message(t.error, t.error_params))
    error_detail = fields.Function(
        lambda t: t.error_detail if (user := current_user()) is not None and user.role == "admin" else None,
        metadata={"description": "the technical cause of an unexpected failure; administrators only"})
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
