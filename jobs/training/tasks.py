"""Training: importing a centre's roster, and the daily reminder of retention check-ins."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from jobs.registry import task
from jobs.runner import progress
from labour.followups.services import followups_remind as remind
from labour.i18n import N_
from labour.rosters.services import roster_import


def _report(stage: str, done: int, total: int) -> None:
    """Checking is the first 80% of the work, saving the rest."""
    share = (0, 80) if stage == N_("Checking rows") else (80, 20)
    progress(share[0] + share[1] * done // max(total, 1), stage)


@task(queue="imports", timeout=900, result_ttl=7 * 24 * 3600, label=N_("Import a roster of trainees"))
def roster_import_run(*, upload_id: int) -> dict:
    """Check every row, then import all of them or none; the upload keeps the list of bad rows."""
    return roster_import(upload_id=upload_id, report=_report)


@task(queue="maintenance", timeout=600, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Remind of retention check-ins that are due"))
def followups_remind() -> dict:
    today = datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()
    return {"notified": remind(today=today)}
