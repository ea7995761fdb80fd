from flask import Response
from flask_babel import get_locale, gettext
from flask_smorest import Blueprint

import jobs
from api.auth import login_required
from api.stats.schemas import (ChartArgs, FiguresSchema, PeriodArgs, TrendArgs, TrendSchema, ZeroEmploymentArgs,
                               ZeroEmploymentPage)
from api.tasks.schemas import TaskSchema
from jobs.stats.tasks import stats_refresh
from labour.exports import selectors as charts
from labour.positions.selectors import local_today
from labour.stats import definitions, selectors

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats",
                description="Official figures: transfer employment and outbound workers against targets, by area "
                            "and period. An official sees their own division's subtree; another area is 403.\n\n"
                            + "\n\n".join(definitions.DEFINITIONS))

STAFF = ("official", "admin")


def _period(user, args):
    division = selectors.division_for(user=user, code=args.get("division"))
    period = definitions.period_of(year=args["year"], month=args.get("month"), as_of=args.get("as_of"),
                                   today=local_today())
    return division, period


@blp.route("/figures")
@blp.arguments(PeriodArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, FiguresSchema)
@login_required(*STAFF)
def figures(args, user):
    """Totals of a division for a month or the year to date, with progress against the year's targets and
    the splits by child division, channel, destination and group. Persons count once; person-times beside."""
    division, period = _period(user, args)
    return selectors.figures(division=division, period=period)


@blp.route("/trend")
@blp.arguments(TrendArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, TrendSchema)
@login_required(*STAFF)
def trend(args, user):
    """Month by month: the persons of each month and the year to date at its end."""
    division, period = _period(user, {**args, "month": None})
    return {"division": division, "year": period.year,
            "months": selectors.trend(division=division, year=period.year, as_of=period.as_of)}


@blp.route("/zero-employment-households")
@blp.arguments(ZeroEmploymentArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, ZeroEmploymentPage)
@login_required(*STAFF)
def zero_employment(args, user):
    """Poverty-alleviated or monitored households of your area with members aged 16–59 and nobody in work on
    the as-of date: monitored households first."""
    as_of = args.get("as_of") or local_today()
    page = selectors.zero_employment_households(user=user, as_of=as_of, county=args.get("county"),
                                                page=args["page"], per_page=args["per_page"])
    return {"as_of": as_of, "items": page.items, "page": page.page, "per_page": page.per_page,
            "total": page.total, "pages": page.pages}


@blp.route("/charts/progress.svg")
@blp.arguments(ChartArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, description="SVG", content_type="image/svg+xml")
@login_required(*STAFF)
def chart_progress(args, user):
    """Progress against the year's target by prefecture (or by county for a prefecture), as an SVG image."""
    division, period = _period(user, {**args, "month": None})
    svg = charts.progress_svg(division=division, period=period, metric=args["metric"], gettext=gettext,
                              locale=str(get_locale()))
    return Response(svg, mimetype="image/svg+xml")


@blp.route("/charts/trend.svg")
@blp.arguments(ChartArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, description="SVG", content_type="image/svg+xml")
@login_required(*STAFF)
def chart_trend(args, user):
    """The monthly trend of the year (each month, the year to date, the target), as an SVG image."""
    division, period = _period(user, {**args, "month": None})
    svg = charts.trend_svg(division=division, year=period.year, as_of=period.as_of, metric=args["metric"],
                           gettext=gettext, locale=str(get_locale()))
    return Response(svg, mimetype="image/svg+xml")


@blp.route("/refresh", methods=["POST"])
@blp.response(202, TaskSchema)
@login_required("admin")
def refresh(user):
    """Refresh the dashboard rollup now (it is also refreshed periodically). Poll the task."""
    return jobs.enqueue(stats_refresh, owner_id=user.id)
