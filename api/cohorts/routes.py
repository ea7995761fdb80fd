from flask_smorest import Blueprint

from api.auth import current_user, login_required
from api.cohorts.schemas import (CohortCreateSchema, CohortListArgs, CohortPageSchema, CohortSchema,
                                 CohortStatusSchema, CohortUpdateSchema, ReservationInSchema, ReservationSchema,
                                 SessionCreateSchema, SessionSchema)
from api.idempotency import idempotent
from api.schemas import QueryArgs
from labour.cohorts import selectors, services

blp = Blueprint("cohorts", __name__, url_prefix="/api/v1/cohorts",
                description="Training cohorts in four modes: browse, post, schedule, reserve positions")


@blp.route("")
@blp.arguments(CohortListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CohortPageSchema)
def cohort_list(args):
    """Cohorts open for enrolment at vetted centres, soonest start first. Filter by `mode`, `occupation`,
    `prefecture` or `county` (code or name), `language`, `centre`, `status`, free text `q`. An unknown parameter
    or value is a 400 naming it."""
    def code(division):
        return division.code if division is not None else None

    return selectors.cohort_list(
        user=current_user(), mode=args.get("mode"), occupation=args.get("occupation"),
        prefecture=code(args.get("prefecture")), county=code(args.get("county")), language=args.get("language"),
        centre_id=args.get("centre"), status=args.get("status"), q=args.get("q"),
        sort=args.get("sort") or "starting", page=args["page"], per_page=args["per_page"])


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(CohortCreateSchema)
@blp.response(201, CohortSchema)
@login_required("centre_staff")
def cohort_create(data, user):
    """Post a cohort for your (vetted) centre, planned; add sessions and open it to take enrolments."""
    return services.cohort_create(actor=user, **data)


@blp.route("/<int:cohort_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CohortSchema)
def cohort_get(_args, cohort_id):
    """One cohort; planned ones only for their centre, officials over it and the employer it trains for."""
    return selectors.cohort_get_for(user=current_user(), cohort_id=cohort_id)


@blp.route("/<int:cohort_id>", methods=["PATCH"])
@blp.arguments(CohortUpdateSchema)
@blp.response(200, CohortSchema)
@login_required("centre_staff")
def cohort_update(data, cohort_id, user):
    """Edit a cohort; the capacity never drops below the seats taken (409 `capacity_below_taken`) nor, for
    order-based cohorts, rises above the reserved places (409 `seats_exceed_reservations`)."""
    return services.cohort_update(actor=user, cohort_id=cohort_id, **data)


@blp.route("/<int:cohort_id>/status", methods=["POST"])
@blp.arguments(CohortStatusSchema)
@blp.response(200, CohortSchema)
@login_required("centre_staff", "admin")
def cohort_transition(data, cohort_id, user):
    """Move the cohort on. Completing it needs attendance for every session and records who completed."""
    return services.cohort_transition(actor=user, cohort_id=cohort_id, status=data["status"])


@blp.route("/<int:cohort_id>/sessions", methods=["POST"])
@idempotent
@blp.arguments(SessionCreateSchema)
@blp.response(201, SessionSchema)
@login_required("centre_staff")
def session_add(data, cohort_id, user):
    """Add a session between the start and the end date."""
    return services.session_add(actor=user, cohort_id=cohort_id, **data)


@blp.route("/<int:cohort_id>/reservations", methods=["POST"])
@blp.arguments(ReservationInSchema)
@blp.response(200, ReservationSchema)
@login_required("employer_staff", "admin")
def reservation_set(data, cohort_id, user):
    """Order-based cohorts: the ordering employer keeps `places` of one of its open positions for the graduates
    (setting it again changes the number)."""
    return services.reservation_set(actor=user, cohort_id=cohort_id, **data)
