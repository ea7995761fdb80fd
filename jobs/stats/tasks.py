"""Official statistics: building report exports, and the periodic refresh of the dashboard rollup."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from jobs.registry import task
from jobs.runner import progress
from labour.exports.services import export_build as build, export_fail
from labour.i18n import N_
from labour.stats.services import rollup_refresh


def _today():
    return datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()


@task(queue="default", timeout=600, result_ttl=7 * 24 * 3600, max_attempts=2,
      label=N_("Export a report"))
def export_build(*, export_id: int) -> dict:
    """Build a CSV or XLSX report file into its export row."""
    try:
        return build(export_id=export_id, today=_today(), report=lambda pct, stage: progress(pct, stage))
    except Exception:
        export_fail(export_id=export_id)
        raise


@task(queue="maintenance", timeout=1800, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Refresh the statistics"))
def stats_refresh() -> dict:
    """Recompute the dashboard rollup of the current year; in January also the year before (late records)."""
    today = _today()
    progress(5, N_("Refreshing the statistics"))
    results = [rollup_refresh(year=today.year, today=today)]
    if today.month == 1:
        results.append(rollup_refresh(year=today.year - 1, today=today))
    return {"years": [r["year"] for r in results], "cells": sum(r["cells"] for r in results)}
