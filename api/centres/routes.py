from flask_smorest import Blueprint

from api.auth import current_user, login_required
from api.centres.schemas import CentreCreateSchema, CentreListArgs, CentrePageSchema, CentreSchema, CentreVettingSchema
from api.idempotency import idempotent
from api.schemas import QueryArgs
from labour.centres import selectors, services

blp = Blueprint("centres", __name__, url_prefix="/api/v1/centres",
                description="Training centres and their vetting by officials")


@blp.route("")
@blp.arguments(CentreListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CentrePageSchema)
def centre_list(args):
    """Vetted training centres by name; officials also see those of their area awaiting vetting (`status`)."""
    return selectors.centre_list(user=current_user(), status=args.get("status"), county=args.get("county"),
                                 page=args["page"], per_page=args["per_page"])


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(CentreCreateSchema)
@blp.response(201, CentreSchema)
@login_required("official", "admin")
def centre_create(data, user):
    """Register a training centre of your area, awaiting vetting. Then create its staff accounts
    (`POST /api/v1/users` with `role=centre_staff` and `centre_id`)."""
    return services.centre_create(actor=user, **data)


@blp.route("/<int:centre_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CentreSchema)
def centre_get(_args, centre_id):
    return selectors.centre_get_for(user=current_user(), centre_id=centre_id)


@blp.route("/<int:centre_id>/vetting", methods=["POST"])
@blp.arguments(CentreVettingSchema)
@blp.response(200, CentreSchema)
@login_required("official", "admin")
def centre_vet(data, centre_id, user):
    """Vet (it may then post cohorts) or reject a training centre of your area."""
    return services.centre_vet(actor=user, centre_id=centre_id, decision=data["decision"])
