"""Report exports: an official asks for a file (``export_request``); a background task builds it
(``export_build``) and keeps the bytes in the row."""
from collections.abc import Callable
from datetime import date

from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.errors import Invalid, NotFound
from labour.exports import formats, report as layout
from labour.exports.models import EXPORT_FORMATS, EXPORT_LOCALES, Export
from labour.i18n import N_
from labour.notifications.templates import translations
from labour.stats.selectors import division_for

TITLE = N_("Transfer employment and outbound workers: %(division)s, %(period)s")
AS_OF = N_("As of %(as_of)s. Persons are counted once per period; person-times are shown beside them.")


def export_request(*, actor: User, division_code: str | None, year: int, month: int | None, format: str,
                   locale: str) -> Export:
    division = division_for(user=actor, code=division_code, field="division")
    if format not in EXPORT_FORMATS:
        raise Invalid.field("format", N_("Must be one of: %(choices)s."), choices=", ".join(EXPORT_FORMATS))
    if locale not in EXPORT_LOCALES:
        raise Invalid.field("lang", N_("Must be one of: %(choices)s."), choices=", ".join(EXPORT_LOCALES))
    with atomic():
        export = Export(created_by_id=actor.id, division_code=division.code, year=year, month=month,
                        format=format, locale=locale, status="queued")
        db.session.add(export)
    return export


def export_task_set(*, export_id: int, task_id: str) -> Export:
    with atomic():
        export = db.session.get(Export, export_id)
        export.task_id = task_id
    return export


def export_build(*, export_id: int, today: date, report: Callable[[int, str], None] = lambda pct, stage: None) -> dict:
    """Build the file. Running it twice builds the same file again (idempotent)."""
    export = db.session.get(Export, export_id)
    if export is None:
        raise NotFound(N_("No such export."))
    from labour.divisions.models import Division

    division = db.session.get(Division, export.division_code)
    report(10, N_("Computing the figures"))
    data = layout.report_rows(division=division, year=export.year, month=export.month, today=today)
    gettext = translations(export.locale).gettext
    lines = layout.table(data, gettext, export.locale)
    report(70, N_("Writing the file"))
    period = data["period"]
    if export.format == "csv":
        content = formats.to_csv(lines)
    else:
        title = gettext(TITLE) % {"division": layout.division_name(division, export.locale), "period": period.key}
        subtitle = gettext(AS_OF) % {"as_of": period.as_of.isoformat()}
        bold = {i + 1 for i, row in enumerate(data["rows"]) if row["kind"] != "county"}
        content = formats.to_xlsx(lines, title=title, subtitle=subtitle, bold_rows=bold)
    filename = f"report-{division.code}-{period.key}-{export.locale}.{export.format}"
    with atomic():
        export = db.session.get(Export, export_id)
        export.content, export.size, export.rows = content, len(content), len(lines) - 1
        export.filename, export.status, export.finished_at = filename, "done", utcnow()
    return {"export_id": export_id, "rows": len(lines) - 1, "size": len(content)}


def export_fail(*, export_id: int) -> None:
    with atomic():
        export = db.session.get(Export, export_id)
        if export is not None and export.status == "queued":
            export.status = "failed"
