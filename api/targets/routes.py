from flask_smorest import Blueprint

from api.auth import login_required
from api.targets.schemas import TargetArgs, TargetSchema, TargetSetSchema
from labour.targets import selectors, services

blp = Blueprint("targets", __name__, url_prefix="/api/v1", description="Yearly targets per division and metric")


@blp.route("/targets")
@blp.arguments(TargetArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, TargetSchema(many=True))
@login_required("official", "admin")
def target_list(args, user):
    """Targets of divisions in your area."""
    return selectors.target_list(user=user, year=args.get("year"), division=args.get("division"))


@blp.route("/targets", methods=["PUT"])
@blp.arguments(TargetSetSchema)
@blp.response(200, TargetSchema)
@login_required("official", "admin")
def target_set(data, user):
    """Set or change the target of a division in your area for a year and metric (e.g. the region's 200,000
    outbound workers from poverty-alleviated households in 2022)."""
    return services.target_set(actor=user, **data)
