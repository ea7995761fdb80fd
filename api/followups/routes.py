from flask_smorest import Blueprint

from api.auth import login_required
from api.followups.schemas import CheckInPageSchema, CheckInSchema, DueArgs, FollowupInSchema
from labour.followups import selectors, services
from labour.followups.selectors import CheckIn
from labour.people.idnumber import local_today

blp = Blueprint("followups", __name__, url_prefix="/api/v1",
                description="Retention check-ins 1, 3, 6 and 12 months after a placement")

STAFF = ("centre_staff", "official", "admin")


@blp.route("/placements/<int:placement_id>/followups")
@blp.response(200, CheckInSchema(many=True))
@login_required(*STAFF)
def followups_of_placement(placement_id, user):
    """The four check-ins of a placement, recorded or not: for the centres that trained the person and
    officials over the person's county."""
    return selectors.followups_for_placement(user=user, placement_id=placement_id)


@blp.route("/placements/<int:placement_id>/followups/<int:month>", methods=["PUT"])
@blp.arguments(FollowupInSchema)
@blp.response(200, CheckInSchema)
@login_required(*STAFF)
def followup_record(data, placement_id, month, user):
    """Record (or correct) a check-in: still employed, and at what monthly wage. From a week before it is due
    (409 `followup_not_due` earlier)."""
    followup = services.followup_record(actor=user, placement_id=placement_id, month=month, **data)
    return CheckIn(placement=followup.placement, month=followup.month, followup=followup)


@blp.route("/followups/due")
@blp.arguments(DueArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CheckInPageSchema)
@login_required(*STAFF)
def followups_due(args, user):
    """Check-ins due and not recorded, oldest first."""
    return selectors.followups_due(user=user, today=local_today(), page=args["page"], per_page=args["per_page"])
