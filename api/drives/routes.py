from flask_smorest import Blueprint

from api.auth import current_user, login_required
from api.drives.schemas import (DriveCreateSchema, DriveListArgs, DrivePageSchema, DriveSchema, DriveStatusSchema,
                                DriveUpdateSchema)
from api.idempotency import idempotent
from api.schemas import QueryArgs
from labour.drives import selectors, services
from labour.drives.selectors import FILL_RATE

blp = Blueprint("drives", __name__, url_prefix="/api/v1/drives",
                description="Aid-Tibet recruitment drives: quotas per county and their live fill rate.\n\n" + FILL_RATE)


def _view(drive):
    return selectors.drive_detail(user=current_user(), drive_id=drive.id)


@blp.route("")
@blp.arguments(DriveListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, DrivePageSchema)
def drive_list(args):
    """Open drives with their fill rate; officials also see their area's drafts and closed drives."""
    return selectors.drive_list(user=current_user(), status=args.get("status"), aid_partner_id=args.get("partner"),
                                division=args.get("division"), page=args["page"], per_page=args["per_page"])


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(DriveCreateSchema)
@blp.response(201, DriveSchema)
@login_required("official", "admin")
def drive_create(data, user):
    """Create a draft drive in your area: the partner, dates, quotas per county and the aid-Tibet positions of
    the partner it recruits for. A rule broken is a 422 naming the field."""
    return _view(services.drive_create(actor=user, **data))


@blp.route("/<int:drive_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, DriveSchema)
def drive_get(_args, drive_id):
    """One drive with its fill rate per county and overall (counts only, no personal data). Drafts only for
    the officials of its area and admins."""
    return selectors.drive_detail(user=current_user(), drive_id=drive_id)


@blp.route("/<int:drive_id>", methods=["PATCH"])
@blp.arguments(DriveUpdateSchema)
@blp.response(200, DriveSchema)
@login_required("official", "admin")
def drive_update(data, drive_id, user):
    """Edit a drive of your area (quotas and positions are replaced whole); a closed drive is a 409."""
    return _view(services.drive_update(actor=user, drive_id=drive_id, **data))


@blp.route("/<int:drive_id>/status", methods=["POST"])
@blp.arguments(DriveStatusSchema)
@blp.response(200, DriveSchema)
@login_required("official", "admin")
def drive_status(data, drive_id, user):
    """Open (needs a position), close or reopen a drive; any other change is a 409."""
    return _view(services.drive_transition(actor=user, drive_id=drive_id, status=data["status"]))
