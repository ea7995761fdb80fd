from flask_smorest import Blueprint

from api.auth import login_required
from api.idempotency import idempotent
from api.labour_export.schemas import (BatchCreateSchema, BatchListArgs, BatchPageSchema, BatchSchema,
                                       BatchUpdateSchema, BatchConfirmSchema, RetentionChecksSchema, OrganisedShareArgs, OrganisedShareSchema,
                                       TravelSubsidySchema)
from api.schemas import QueryArgs
from labour.labour_export import selectors, services
from labour.positions.selectors import local_today
from labour.stats import definitions
from labour.stats.selectors import division_for

blp = Blueprint("labour_export", __name__, url_prefix="/api/v1/export-batches",
                description="Organised labour export (有组织劳务输出): escorted departure batches organised by an "
                            "area's officials, departure and arrival confirmed, travel subsidies, retention checks "
                            "at 1, 3, 6 and 12 months, and the organised share of workers outside Tibet.\n\n"
                            + definitions.ORGANISED_SHARE)

READERS = ("official", "admin")


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(BatchCreateSchema)
@blp.response(201, BatchSchema)
@login_required("official")
def batch_create(data, user):
    """Plan a batch organised by your area: destination, employers, escort, travel date and the workers
    (persons registered in the organising area, each in one active batch at a time)."""
    return services.batch_create(actor=user, **data)


@blp.route("")
@blp.arguments(BatchListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, BatchPageSchema)
@login_required(*READERS)
def batch_list(args, user):
    """Batches organised in your area, latest travel date first."""
    return selectors.batch_list(user=user, status=args.get("status"), year=args.get("year"), page=args["page"],
                                per_page=args["per_page"])


@blp.route("/organised-share")
@blp.arguments(OrganisedShareArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, OrganisedShareSchema)
@login_required(*READERS)
def organised_share(args, user):
    """The share of persons working outside Tibet who left in an organised batch, for your division (or
    `division` inside it) and a year to date or a month. Another area is 403."""
    division = division_for(user=user, code=args.get("division"))
    period = definitions.period_of(year=args["year"], month=args.get("month"), as_of=args.get("as_of"),
                                   today=local_today())
    return selectors.organised_share(division=division, period=period)


@blp.route("/<int:batch_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, BatchSchema)
@login_required(*READERS)
def batch_get(_args, batch_id, user):
    """One batch with its workers, subsidies and retention checks; another area's batch is 404."""
    return selectors.batch_get(user=user, batch_id=batch_id)


@blp.route("/<int:batch_id>", methods=["PATCH"])
@blp.arguments(BatchUpdateSchema)
@blp.response(200, BatchSchema)
@login_required("official")
def batch_update(data, batch_id, user):
    """Change a planned batch (employers and workers are replaced whole); otherwise 409."""
    return services.batch_update(actor=user, batch_id=batch_id, **data)


@blp.route("/<int:batch_id>/departure", methods=["POST"])
@blp.arguments(BatchConfirmSchema)
@blp.response(200, BatchSchema)
@login_required("official")
def batch_depart(data, batch_id, user):
    """Confirm that the planned batch left (needs a worker); any other state is a 409."""
    return services.batch_depart(actor=user, batch_id=batch_id, at=data.get("at"))


@blp.route("/<int:batch_id>/arrival", methods=["POST"])
@blp.arguments(BatchConfirmSchema)
@blp.response(200, BatchSchema)
@login_required("official")
def batch_arrive(data, batch_id, user):
    """Confirm that the departed batch arrived (not before its departure); any other state is a 409."""
    return services.batch_arrive(actor=user, batch_id=batch_id, at=data.get("at"))


@blp.route("/<int:batch_id>/cancel", methods=["POST"])
@blp.response(200, BatchSchema)
@login_required("official")
def batch_cancel(batch_id, user):
    """Cancel a planned batch; a departed one is a 409."""
    return services.batch_cancel(actor=user, batch_id=batch_id)


@blp.route("/<int:batch_id>/workers/<int:person_id>/subsidy", methods=["PUT"])
@blp.arguments(TravelSubsidySchema)
@blp.response(200, BatchSchema)
@login_required("official")
def worker_subsidy(data, batch_id, person_id, user):
    """Record the travel subsidy paid to one worker (null clears it); a cancelled batch is a 409."""
    return services.worker_subsidy_set(actor=user, batch_id=batch_id, person_id=person_id,
                                       travel_subsidy=data["travel_subsidy"])


@blp.route("/<int:batch_id>/retention/<int:month>", methods=["PUT"])
@blp.arguments(RetentionChecksSchema)
@blp.response(200, BatchSchema)
@login_required("official")
def retention_record(data, batch_id, month, user):
    """Record the 1-, 3-, 6- or 12-month retention check of workers of an arrived batch, once it is due
    (409 before); a check given again replaces the earlier one."""
    return services.retention_record(actor=user, batch_id=batch_id, month=month, checks=data["checks"])
