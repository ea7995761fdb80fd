"""Wage confirmation: the monthly reminder to workers who have not said whether they were paid last month."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from jobs.registry import task
from labour.i18n import N_
from labour.wages.services import wage_confirmation_remind


@task(queue="maintenance", timeout=3600, result_ttl=24 * 3600, max_attempts=2,
      label=N_("Remind workers to confirm last month's wages"))
def wages_remind() -> dict:
    """Run daily: the first run of a month tells every worker due; later runs only those who became due since
    (a placement recorded late), never anyone twice for the same month. Each batch commits on its own, so a run
    cut short (timeout, restart) is finished by the next one."""
    today = datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()
    return {"notified": wage_confirmation_remind(today=today)}
