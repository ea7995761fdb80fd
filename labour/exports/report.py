"""The monthly report layout: counties as rows (grouped by prefecture with subtotals when the whole region is
reported), metrics as columns, and a total row. For an accepted month a county's row shows its published
snapshot, never a recomputed figure; other rows show the current figures and their approval state."""
from datetime import date

from labour.approvals.models import VERSION_STATES
from labour.approvals.selectors import reports_of_month
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.i18n import N_
from labour.stats import definitions as d
from labour.stats.selectors import add_metrics, counties_under, county_metrics, zero_metrics

NOT_SUBMITTED = N_("Not submitted")
COLUMNS = (("code", N_("Code")), ("name", N_("County")), ("status", N_("Approval")))
TOTAL = N_("Total")
SUBTOTAL = N_("Subtotal")


def report_rows(*, division: Division, year: int, month: int | None, today: date) -> dict:
    period = d.period_of(year=year, month=month, today=today)
    prefix = scope_prefix(division)
    current, _ = county_metrics(period, prefix=prefix)
    reports = reports_of_month(prefix=prefix, month=period.start) if month else {}
    rows, total = [], zero_metrics()
    groups: dict[str, list[Division]] = {}
    for county in counties_under(division):
        groups.setdefault(county.parent_code, []).append(county)
    for prefecture_code, counties in groups.items():
        subtotal = zero_metrics()
        for county in counties:
            report = reports.get(county.code)
            published = report.published if report else None
            metrics = dict(published.figures["metrics"]) if published else current.get(county.code, zero_metrics())
            metrics = {m: int(metrics.get(m, 0)) for m in d.METRICS}
            rows.append({"kind": "county", "division": county, "metrics": metrics,
                         "status": (report.state if report else "not_submitted") if month else None,
                         "version": published.number if published else None})
            add_metrics(subtotal, metrics)
        add_metrics(total, subtotal)
        if division.level == "region":
            prefecture = db.session.get(Division, prefecture_code)
            rows.append({"kind": "subtotal", "division": prefecture, "metrics": subtotal, "status": None,
                         "version": None})
    rows.append({"kind": "total", "division": division, "metrics": total, "status": None, "version": None})
    return {"period": period, "division": division, "rows": rows}


def division_name(division: Division, locale: str) -> str:
    if locale == "bo":
        return division.name_bo or division.name_zh
    if locale == "en":
        return division.name_en
    return division.name_zh


def status_text(row: dict, gettext) -> str:
    if row["status"] is None:
        return ""
    text = gettext(NOT_SUBMITTED) if row["status"] == "not_submitted" else gettext(VERSION_STATES[row["status"]])
    return f"{text} (v{row['version']})" if row["version"] else text


def header(gettext) -> list[str]:
    return [gettext(label) for _, label in COLUMNS] + [gettext(label) for label in d.METRICS.values()]


def table(report: dict, gettext, locale: str) -> list[list]:
    """The header and the rows as cell values in ``locale``."""
    lines = [header(gettext)]
    for row in report["rows"]:
        name = division_name(row["division"], locale)
        if row["kind"] == "subtotal":
            name = f"{name} {gettext(SUBTOTAL)}"
        elif row["kind"] == "total":
            name = f"{name} {gettext(TOTAL)}"
        lines.append([row["division"].code, name, status_text(row, gettext)] +
                     [row["metrics"][m] for m in d.METRICS])
    return lines
