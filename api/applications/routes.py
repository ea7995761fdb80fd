from flask_smorest import Blueprint

from api.applications.schemas import (ApplicationCreateSchema, ApplicationListArgs, ApplicationTransitionSchema,
                                      CandidateApplicationPageSchema, CandidateApplicationSchema,
                                      MyApplicationPageSchema, MyApplicationSchema)
from api.auth import login_required
from api.extensions import config_limit, limiter, user_or_address
from api.idempotency import idempotent
from labour.applications import selectors, services

blp = Blueprint("applications", __name__, url_prefix="/api/v1", description="Applying for positions and hiring")


@blp.route("/positions/<int:position_id>/applications", methods=["POST"])
@limiter.limit(config_limit("APPLICATION_RATE_LIMIT"), key_func=user_or_address)
@idempotent
@blp.arguments(ApplicationCreateSchema)
@blp.response(201, MyApplicationSchema)
@login_required("worker")
def application_submit(data, position_id, user):
    """Apply for an open position (409 `position_full`, `position_closed` or `already_applied`). Applying again
    after withdrawing resubmits the application."""
    return services.application_submit(actor=user, position_id=position_id, note=data["note"])


@blp.route("/positions/<int:position_id>/applications")
@blp.arguments(ApplicationListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CandidateApplicationPageSchema)
@login_required("employer_staff", "official", "admin")
def application_list(args, position_id, user):
    """The position's applicants, oldest first, for its employer and officials over the employer. No ID numbers,
    no household status, phone numbers masked."""
    return selectors.application_list_for_position(actor=user, position_id=position_id, status=args.get("status"),
                                                   page=args["page"], per_page=args["per_page"])


@blp.route("/applications/<int:application_id>", methods=["PATCH"])
@blp.arguments(ApplicationTransitionSchema)
@blp.response(200, CandidateApplicationSchema)
@login_required("employer_staff")
def application_transition(data, application_id, user):
    """Move an application on: shortlist, offer, hire (records the placement; 409 `position_full` when no place is
    left) or reject. Any other move is a 409 `illegal_transition`."""
    return services.application_transition(actor=user, application_id=application_id, status=data["status"])


@blp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@blp.response(200, MyApplicationSchema)
@login_required("worker")
def application_withdraw(application_id, user):
    """Take back your application (until hired or rejected)."""
    return services.application_withdraw(actor=user, application_id=application_id)


@blp.route("/me/applications")
@blp.arguments(ApplicationListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, MyApplicationPageSchema)
@login_required("worker")
def my_applications(args, user):
    """Your applications, most recently changed first, with the position and the status in your language."""
    return selectors.my_applications(actor=user, status=args.get("status"), page=args["page"],
                                     per_page=args["per_page"])
