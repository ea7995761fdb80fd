from flask_smorest import Blueprint

from api.auth import login_required
from api.idempotency import idempotent
from api.schemas import QueryArgs
from api.wages.schemas import (ArrearsListArgs, ArrearsPageSchema, ArrearsSummaryArgs, ArrearsSummarySchema,
                               MyWagesSchema, WageReportCreateSchema, WageReportSchema)
from labour.wages import selectors, services
from labour.wages.selectors import ARREARS_RULES

blp = Blueprint("wages", __name__, url_prefix="/api/v1",
                description="Wage confirmation: workers confirm each month's pay or report arrears; employers "
                            "settle; officials see open arrears by employer and area.\n\n" + ARREARS_RULES)


@blp.route("/me/wages")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, MyWagesSchema)
@login_required("worker")
def my_wages(_args, user):
    """Your jobs in force since last month, each with last month's report (null: not reported yet), and the
    wages you reported owed that you have not confirmed paid."""
    return selectors.my_wages(actor=user)


@blp.route("/me/wages", methods=["POST"])
@idempotent
@blp.arguments(WageReportCreateSchema)
@blp.response(201, WageReportSchema)
@blp.alt_response(200, schema=WageReportSchema, description="Open arrears of that month confirmed paid")
@login_required("worker")
def wage_report(data, user):
    """Report one month of one of your jobs: `paid`, or `arrears` with `amount_owed` (yuan, more than 0) and
    an optional `note`. One report per job and month: reporting `paid` on a month you reported owed (or
    that the employer marked settled) confirms the payment (200); any other second report is a 409. A month
    after the current one, before the job started or after it ended is a 422 naming `month`."""
    report, created = services.wage_report_submit(actor=user, **data)
    return report, 201 if created else 200


@blp.route("/wage-arrears")
@blp.arguments(ArrearsListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ArrearsPageSchema)
@login_required("employer_staff", "official", "admin")
def arrears_list(args, user):
    """Wages reported owed, newest month first (open ones by default). Employer staff see those reported
    against their employer; officials those of workers registered in their area; admins all. `employer`
    gives one employer's list."""
    return selectors.arrears_list(actor=user, status=args["status"], employer_id=args.get("employer"),
                                  division=args.get("division"),
                                  month=services.parse_month(args["month"]) if "month" in args else None,
                                  page=args["page"], per_page=args["per_page"])


@blp.route("/wage-arrears/summary")
@blp.arguments(ArrearsSummaryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ArrearsSummarySchema)
@login_required("official", "admin")
def arrears_summary(args, user):
    """Open arrears of your area by employer, prefecture or county (of the worker's household): reports,
    workers, total owed and the oldest month, largest total first, with the totals over all groups."""
    return selectors.arrears_summary(actor=user, by=args["by"], division=args.get("division"), page=args["page"],
                                     per_page=args["per_page"])


@blp.route("/wage-arrears/<int:report_id>/settle", methods=["POST"])
@blp.response(200, WageReportSchema)
@login_required("employer_staff")
def arrears_settle(report_id, user):
    """Say that wages reported owed to your employer's worker are now paid. The worker is told and asked to
    confirm; until they do the arrears stay open (and the employer stays flagged). Anything but open,
    unsettled arrears is a 409."""
    return services.wage_arrears_settle(actor=user, report_id=report_id)
