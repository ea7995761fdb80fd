from flask import Response
from flask_babel import get_locale
from flask_smorest import Blueprint

import jobs
from api.auth import login_required
from api.exports.schemas import ExportCreateSchema, ExportSchema
from api.extensions import config_limit, limiter, user_or_address
from jobs.stats.tasks import export_build
from labour.exports import selectors, services
from labour.exports.models import EXPORT_FORMATS

blp = Blueprint("exports", __name__, url_prefix="/api/v1",
                description="Report files (CSV, XLSX) in the monthly report layout, built in the background")


@blp.route("/exports", methods=["POST"])
@limiter.limit(config_limit("EXPORT_RATE_LIMIT"), key_func=user_or_address)
@blp.arguments(ExportCreateSchema)
@blp.response(202, ExportSchema)
@login_required("official", "admin")
def export_create(data, user):
    """Ask for the monthly (or year-to-date) report of a division in your area: counties as rows, metrics as
    columns, totals. 202: poll the task, then download `/exports/{id}/file`. Accepted months show their
    published snapshot."""
    export = services.export_request(actor=user, division_code=data.get("division"), year=data["year"],
                                     month=data.get("month"), format=data["format"],
                                     locale=data.get("locale") or str(get_locale()))
    task = jobs.enqueue(export_build, owner_id=user.id, key=f"stats-export:{export.id}", export_id=export.id)
    return services.export_task_set(export_id=export.id, task_id=task.id)


@blp.route("/exports/<int:export_id>")
@blp.response(200, ExportSchema)
@login_required("official", "admin")
def export_get(export_id, user):
    """An export you asked for."""
    return selectors.export_get_for(user=user, export_id=export_id)


@blp.route("/exports/<int:export_id>/file")
@blp.response(200, description="the file", content_type="application/octet-stream")
@login_required("official", "admin")
def export_file(export_id, user):
    """The file, once ready (409 before)."""
    export, content = selectors.export_file(user=user, export_id=export_id)
    return Response(content, mimetype=EXPORT_FORMATS[export.format],
                    headers={"Content-Disposition": f'attachment; filename="{export.filename}"',
                             "Cache-Control": "private, no-store"})
