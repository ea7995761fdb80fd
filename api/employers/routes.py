from flask_smorest import Blueprint

from api.auth import login_required
from api.employers.schemas import (EmployerCreateSchema, EmployerListArgs, EmployerPageSchema, EmployerSchema,
                                   VettingSchema)
from api.idempotency import idempotent
from labour.employers import selectors, services

blp = Blueprint("employers", __name__, url_prefix="/api/v1/employers",
                description="Employers and their vetting by officials")


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(EmployerCreateSchema)
@blp.response(201, EmployerSchema)
@login_required("admin", "official")
def employer_create(data, user):
    """Register an employer, awaiting vetting. Officials register employers of their area; employers registered
    in a province outside Tibet (aid-Tibet partner enterprises) by region officials and admins."""
    return services.employer_create(actor=user, **data)


@blp.route("")
@blp.arguments(EmployerListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, EmployerPageSchema)
@login_required("admin", "official")
def employer_list(args, user):
    """Employers of the official's area (all for admins), newest first; filter by vetting `status`."""
    return selectors.employer_list(actor=user, status=args.get("status"), page=args["page"],
                                   per_page=args["per_page"])


@blp.route("/<int:employer_id>")
@blp.response(200, EmployerSchema)
@login_required("admin", "official", "employer_staff")
def employer_get(employer_id, user):
    """One employer: for admins, officials in scope and the employer's own staff."""
    return selectors.employer_get_for(actor=user, employer_id=employer_id)


@blp.route("/<int:employer_id>/vetting", methods=["POST"])
@blp.arguments(VettingSchema)
@blp.response(200, EmployerSchema)
@login_required("admin", "official")
def employer_vet(data, employer_id, user):
    """Vet (its open positions become public) or reject an employer."""
    return services.employer_vet(actor=user, employer_id=employer_id, decision=data["decision"])
