"""Appraisal periods of a post: a month 'YYYY-MM' or a quarter 'YYYY-Qn', and which of their months a holder is
paid for (the holder of the post on a month's last day is paid for that month, so a replacement never pays a
month twice)."""
import re
from datetime import date

from labour.errors import Invalid
from labour.i18n import N_
from labour.stats.definitions import month_end

MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
QUARTER = re.compile(r"(\d{4})-Q([1-4])")
EARLIEST_YEAR = 2000


def months_of(period: str, appraisal_period: str, field: str = "period") -> list[date]:
    """The last days of the months of ``period``; a 422 on ``field`` when it is not a period of that kind."""
    pattern = MONTH if appraisal_period == "monthly" else QUARTER
    match = pattern.fullmatch(period) if isinstance(period, str) else None
    if match is None:
        if appraisal_period == "monthly":
            raise Invalid.field(field, N_("This post is appraised monthly: give the month as YYYY-MM."))
        raise Invalid.field(field, N_("This post is appraised quarterly: give the quarter as YYYY-Qn."))
    year, part = int(match.group(1)), int(match.group(2))
    if year < EARLIEST_YEAR:
        raise Invalid.field(field, N_("Not a possible date."))
    if appraisal_period == "monthly":
        return [month_end(year, part)]
    return [month_end(year, 3 * (part - 1) + i) for i in (1, 2, 3)]


def months_held(month_ends: list[date], start: date, end: date | None) -> int:
    """How many of the months the assignment [start, end) held the post on their last day."""
    return sum(1 for last in month_ends if start <= last and (end is None or end > last))


def period_of(day: date, appraisal_period: str) -> str:
    if appraisal_period == "monthly":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
