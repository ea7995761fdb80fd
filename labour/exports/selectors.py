from datetime import date

from labour.accounts.models import User
from labour.audit.services import audit_commit
from labour.db import db
from labour.divisions.models import Division
from labour.errors import Conflict, NotFound
from labour.exports import charts
from labour.exports.models import Export
from labour.exports.report import division_name
from labour.i18n import N_
from labour.stats import definitions as d
from labour.stats.selectors import figures, trend
from labour.targets.selectors import targets_for


def export_get_for(*, user: User, export_id: int) -> Export:
    """An export its creator (or an administrator) asked for; anyone else's is 404."""
    export = db.session.get(Export, export_id)
    if export is None or not (user.role == "admin" or export.created_by_id == user.id):
        raise NotFound(N_("No such export."))
    return export


def export_file(*, user: User, export_id: int) -> tuple[Export, bytes]:
    """The file's bytes; each download is written to the audit log in the same transaction (or refused)."""
    export = export_get_for(user=user, export_id=export_id)
    if export.status != "done":
        raise Conflict(N_("The file is not ready yet."), code="export_not_ready")
    content = export.content
    audit_commit(actor=user, action="export.download", object_kind="export", object_ids=[export.id],
                 count=export.rows or 0, context=f"{export.division_code}:{export.year}-{export.month or 'ytd'}")
    return export, content


def progress_svg(*, division: Division, period: d.Period, metric: str, gettext, locale: str) -> str:
    """Progress of ``metric`` against the year's target for each child of ``division`` (prefectures of the
    region, counties of a prefecture) and the division itself."""
    data = figures(division=division, period=period)
    rows = [(division_name(r["division"], locale), r["totals"][metric],
             next((p["target"] for p in r["progress"] if p["metric"] == metric), None)) for r in data["by_division"]]
    own = next((p["target"] for p in data["progress"] if p["metric"] == metric), None)
    rows.append((division_name(division, locale), data["totals"][metric], own))
    title = f"{gettext(d.METRICS[metric])}: {division_name(division, locale)} {period.key} ({period.as_of.isoformat()})"
    return charts.progress_chart(title=title, rows=rows, target_label=gettext(N_("Target")))


def trend_svg(*, division: Division, year: int, as_of: date, metric: str, gettext, locale: str) -> str:
    months = trend(division=division, year=year, as_of=as_of)
    target = targets_for(division_codes=[division.code], year=year).get(division.code, {}).get(metric)
    title = f"{gettext(d.METRICS[metric])}: {division_name(division, locale)} {year}"
    return charts.trend_chart(
        title=title, months=[(f"{m['month']:02d}", m["month_totals"][metric], m["year_to_date"][metric])
                             for m in months],
        target=target, monthly_label=gettext(N_("In the month")), cumulative_label=gettext(N_("Year to date")),
        target_label=gettext(N_("Target")))
