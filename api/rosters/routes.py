from functools import wraps

from flask import request
from flask_smorest import Blueprint

import jobs
from api.auth import login_required
from api.rosters.schemas import RosterFileSchema, RosterUploadSchema
from jobs.training.tasks import roster_import_run
from labour.rosters import selectors, services
from labour.rosters.services import MAX_UPLOAD_BYTES

blp = Blueprint("rosters", __name__, url_prefix="/api/v1", description="Roster imports: trainees in bulk")


def _body_up_to(limit: int):
    """A larger body than MAX_CONTENT_LENGTH for this view only (set before the form is parsed)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            request.max_content_length = limit + 64 * 1024  # room for the multipart envelope
            return view(*args, **kwargs)

        return wrapper

    return decorator


@blp.route("/cohorts/<int:cohort_id>/rosters", methods=["POST"])
@_body_up_to(MAX_UPLOAD_BYTES)
@blp.arguments(RosterFileSchema, location="files")
@blp.response(202, RosterUploadSchema)
@login_required("centre_staff", "admin")
def roster_upload(data, cohort_id, user):
    """Upload a CSV or XLSX list of trainees for the cohort (multipart field `file`). 202: a background task
    checks every row and imports all of them or none; poll the task, then read the upload for the bad rows."""
    file = data["file"]
    upload = services.roster_upload_create(actor=user, cohort_id=cohort_id, filename=file.filename or "",
                                           content=file.read())
    task = jobs.enqueue(roster_import_run, owner_id=user.id, key=f"roster-upload:{upload.id}", upload_id=upload.id)
    return services.roster_upload_task_set(upload_id=upload.id, task_id=task.id)


@blp.route("/rosters/<int:upload_id>")
@blp.response(200, RosterUploadSchema)
@login_required("centre_staff", "official", "admin")
def roster_upload_get(upload_id, user):
    """An upload's status, its counts and every bad row (row, field, message in your language)."""
    return selectors.roster_upload_get_for(user=user, upload_id=upload_id)
