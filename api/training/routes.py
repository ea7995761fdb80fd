from flask_smorest import Blueprint

from api.auth import login_required
from api.training.schemas import FunnelArgs, FunnelSchema
from labour.training import selectors

blp = Blueprint("training", __name__, url_prefix="/api/v1/training", description="Training figures")


@blp.route("/funnel")
@blp.arguments(FunnelArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, FunnelSchema)
@login_required("centre_staff", "official", "admin")
def funnel(args, user):
    """enrolled → completed → certified → placed → retained at 6 months, per `cohort`, `centre`, `mode` or
    `prefecture` (of the place of training): officials for their area, centre staff for their centre."""
    return selectors.training_funnel(user=user, by=args["by"])
