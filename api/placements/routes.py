from flask_smorest import Blueprint

from api.auth import login_required
from api.idempotency import idempotent
from api.placements.schemas import PlacementArgs, PlacementCreateSchema, PlacementPage, PlacementSchema
from labour.placements import selectors, services

blp = Blueprint("placements", __name__, url_prefix="/api/v1",
                description="Placements: people in work, from hires in the system or recorded by officials")


@blp.route("/placements", methods=["POST"])
@idempotent
@blp.arguments(PlacementCreateSchema)
@blp.response(201, PlacementSchema)
@login_required("official")
def placement_record(data, user):
    """Record work a person of your area found outside the system, with a note of the evidence.

    The person's current registered county is stored on the placement: it decides where the person counts.
    A person outside your area is 404; an unknown workplace, employer or position is 422 naming the field."""
    return services.placement_record(actor=user, **data)


@blp.route("/placements")
@blp.arguments(PlacementArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PlacementPage)
@login_required("official", "admin")
def placement_list(args, user):
    """Placements of persons registered in your area, newest start first."""
    args.pop("lang", None)
    return selectors.placement_list(user=user, **args)
