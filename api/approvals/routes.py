from flask_smorest import Blueprint

from api.approvals.schemas import (CorrectionSchema, ReportArgs, ReportDetailSchema, ReportPage, ReturnSchema,
                                   SubmitSchema)
from api.auth import login_required
from labour.approvals import selectors, services
from labour.positions.selectors import local_today

blp = Blueprint("approvals", __name__, url_prefix="/api/v1",
                description="Monthly approval: the county submits a month, the prefecture approves, the region "
                            "accepts. Each submission is a version with a frozen snapshot; the accepted version is "
                            "the published figure. A correction is a new version with who and why. A step out of "
                            "order is 409; another area's report is 404.")


@blp.route("/approvals")
@blp.arguments(ReportArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ReportPage)
@login_required("official", "admin")
def report_list(args, user):
    """Monthly reports of your area, newest month first; filter by `state` of the current version."""
    args.pop("lang", None)
    return selectors.report_list(user=user, **args)


@blp.route("/approvals", methods=["POST"])
@blp.arguments(SubmitSchema)
@blp.response(201, ReportDetailSchema)
@login_required("official")
def report_submit(data, user):
    """A county official submits a month that has ended (again, after it was returned). 409 when it is
    already submitted or accepted."""
    year, month = (int(part) for part in data["month"].split("-"))
    return services.report_submit(actor=user, county_code=data["county"], year=year, month=month,
                                  today=local_today(), reason=data["reason"])


@blp.route("/approvals/<int:report_id>")
@blp.response(200, ReportDetailSchema)
@login_required("official", "admin")
def report_get(report_id, user):
    """A monthly report with every version: the figures submitted, who moved it and why."""
    return selectors.report_get(user=user, report_id=report_id)


@blp.route("/approvals/<int:report_id>/approve", methods=["POST"])
@blp.response(200, ReportDetailSchema)
@login_required("official")
def report_approve(report_id, user):
    """The prefecture approves a submitted month (409 in any other state)."""
    return services.report_approve(actor=user, report_id=report_id)


@blp.route("/approvals/<int:report_id>/accept", methods=["POST"])
@blp.response(200, ReportDetailSchema)
@login_required("official")
def report_accept(report_id, user):
    """The region accepts an approved month: its snapshot becomes the published figure, frozen."""
    return services.report_accept(actor=user, report_id=report_id)


@blp.route("/approvals/<int:report_id>/return", methods=["POST"])
@blp.arguments(ReturnSchema)
@blp.response(200, ReportDetailSchema)
@login_required("official")
def report_return(data, report_id, user):
    """The prefecture (a submitted month) or the region (an approved one) sends it back, saying why."""
    return services.report_return(actor=user, report_id=report_id, note=data["note"])


@blp.route("/approvals/<int:report_id>/corrections", methods=["POST"])
@blp.arguments(CorrectionSchema)
@blp.response(201, ReportDetailSchema)
@login_required("official")
def report_correct(data, report_id, user):
    """The county corrects an accepted month: a new version with a fresh snapshot, who and why. The published
    figure stays that of the accepted version until the correction is accepted in turn."""
    return services.report_correct(actor=user, report_id=report_id, reason=data["reason"])
