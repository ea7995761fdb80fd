from flask_smorest import Blueprint

from api.auth import login_required
from api.idempotency import idempotent
from api.relief.schemas import (ReliefFlaggedListArgs, ReliefFlaggedPageSchema, ReliefFleetCreateSchema,
                                ReliefFleetPageSchema, ReliefFleetSchema, ReliefMonthLedgerSchema,
                                ReliefProjectCreateSchema, ReliefProjectListArgs, ReliefProjectPageSchema,
                                ReliefProjectSchema, ReliefProjectUpdateSchema, ReliefRemunerationListArgs,
                                ReliefRemunerationPageSchema, ReliefRemunerationRecordSchema)
from api.schemas import PageArgs, QueryArgs
from labour.db import db
from labour.divisions.models import Division
from labour.relief import selectors, services
from labour.relief.selectors import COMPLIANCE, LOCAL_HIRE
from labour.stats.selectors import division_for

blp = Blueprint("relief", __name__, url_prefix="/api/v1/relief-projects",
                description="Work-for-relief (以工代赈) projects: funds by source, the labour remuneration ledger, "
                            "compliance with the remuneration floor, the local-hire share, the project's labour "
                            "demand (its positions) and the local vehicle fleets that supply it.\n\n"
                            + COMPLIANCE + "\n\n" + LOCAL_HIRE)

READERS = ("employer_staff", "official", "admin")
RECORDERS = ("employer_staff", "official")


def _detail(project, user):
    return selectors.project_detail(user=user, project_id=project.id)


@blp.route("")
@blp.arguments(ReliefProjectListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReliefProjectPageSchema)
@login_required(*READERS)
def project_list(args, user):
    """Projects you may read, newest first: officials those of their area, a contractor's staff its own,
    admins all. Each with its compliance figures."""
    division = db.session.get(Division, args["division"]) if "division" in args else None
    return selectors.project_list(user=user, status=args.get("status"), division=division, page=args["page"],
                                  per_page=args["per_page"])


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(ReliefProjectCreateSchema)
@blp.response(201, ReliefProjectSchema)
@login_required("official")
def project_create(data, user):
    """Create a planned project in a county of your area, with its funds by source."""
    return _detail(services.project_create(actor=user, **data), user)


@blp.route("/compliance")
@blp.arguments(ReliefFlaggedListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReliefFlaggedPageSchema)
@login_required("official", "admin")
def flagged_list(args, user):
    """The flagged projects of your division (or `division` inside it; another area is 403): finished
    projects short of the remuneration floor and running projects whose projection is, largest shortfall
    first."""
    division = division_for(user=user, code=args.get("division"))
    return selectors.flagged_list(division=division, page=args["page"], per_page=args["per_page"])


@blp.route("/<int:project_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReliefProjectSchema)
@login_required(*READERS)
def project_get(_args, project_id, user):
    """One project with its funds, compliance, local-hire share and labour demand."""
    return selectors.project_detail(user=user, project_id=project_id)


@blp.route("/<int:project_id>", methods=["PATCH"])
@blp.arguments(ReliefProjectUpdateSchema)
@blp.response(200, ReliefProjectSchema)
@login_required("official")
def project_update(data, project_id, user):
    """Edit a project of your area (a wrong change of status is a 409)."""
    return _detail(services.project_update(actor=user, project_id=project_id, **data), user)


@blp.route("/<int:project_id>/remuneration")
@blp.arguments(ReliefRemunerationListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReliefRemunerationPageSchema)
@login_required(*READERS)
def remuneration_list(args, project_id, user):
    """The remuneration ledger, latest month first; each row with its corrections."""
    return selectors.remuneration_list(user=user, project_id=project_id, month=args.get("month"),
                                       page=args["page"], per_page=args["per_page"])


@blp.route("/<int:project_id>/remuneration", methods=["PUT"])
@blp.arguments(ReliefRemunerationRecordSchema)
@blp.response(200, ReliefMonthLedgerSchema)
@login_required(*RECORDERS)
def remuneration_record(data, project_id, user):
    """Record one month's remuneration of several workers, all or none. Giving a worker and month again
    corrects the amount (with a `reason`, kept in the row's changes). The contractor's staff record workers
    hired into the project's positions; the project's officials any person."""
    rows = services.remuneration_record(actor=user, project_id=project_id, **data)
    return {"items": rows}


@blp.route("/<int:project_id>/fleets")
@blp.arguments(PageArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReliefFleetPageSchema)
@login_required(*READERS)
def fleet_list(args, project_id, user):
    """The local vehicle fleets registered as suppliers of the project; phones in clear only for the
    project's officials."""
    return selectors.fleet_list(user=user, project_id=project_id, page=args["page"], per_page=args["per_page"])


@blp.route("/<int:project_id>/fleets", methods=["POST"])
@idempotent
@blp.arguments(ReliefFleetCreateSchema)
@blp.response(201, ReliefFleetSchema)
@login_required(*RECORDERS)
def fleet_create(data, project_id, user):
    """Register a local vehicle fleet (owner, village, vehicles, phone) as a supplier of the project."""
    return selectors.fleet_detail(user=user, fleet=services.fleet_add(actor=user, project_id=project_id, **data))
