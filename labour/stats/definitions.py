"""What the official figures count. The README and the API description quote these docstrings; every
figure in the service (dashboard, rollups, approvals, exports) is computed from the SQL built here.

Reports in the past mixed person-times (人次) and persons (人). We count **persons** and show
**person-times** beside them, never under the same name.
"""
import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from labour.i18n import N_
from labour.people.models import SCHOOL_LEAVER_LEVELS

PERIOD = """\
**Period.** A month (its first to its last day) or a year. A year is counted *to date*: from 1 January to
the as-of date (at most 31 December). A month in progress is likewise counted to its as-of date. Every
figure says its as-of date."""

COUNTED = """\
**Counted placement.** A placement counts in a period when it overlaps it: it started on or before the
period's as-of date and had not ended before the period's first day. Only placements of persons with a
registered county in Tibet count."""

TRANSFER = """\
**Transfer employment (转移就业).** A person is a transfer worker in a period when they were in non-farm
work during the period: at least one counted placement, through any channel (aid-Tibet, local project,
work-for-relief, ecological post, order-based training, organised export, or work they found themselves)."""

OUTBOUND = """\
**Outbound worker (外出务工).** A person whose workplace lies outside their registered county: at least
one counted placement whose workplace is not the registered county stored on that placement."""

DESTINATION = """\
**Destination.** Where an outbound worker works, relative to their registered county: *within the
prefecture* (another county of the same prefecture), *elsewhere in Tibet* (a county of another
prefecture), or *outside Tibet* (a province). A person with several outbound placements in the period is
counted at the destination of the first of them."""

ATTRIBUTION = """\
**Persons, once.** A person counts once per period, however many placements they had. They are
attributed to one county: the registered county at their first counted placement of the period (earliest
start, then the earliest recorded). So county figures add up to their prefecture's, and the prefectures'
to the region's. Channel, destination and group breakdowns put each person in one cell, following their
*primary* placement: the first outbound placement of the period if there is one, else the first placement.
Groups (household status, school leaver, gender) are the person's as recorded now."""

PERSON_TIMES = """\
**Person-times (人次).** The number of counted placements, with repeats: a person placed twice in a
period is 1 person and 2 person-times. Outbound person-times count only outbound placements."""

GROUPS = """\
**Groups.** *Monitored* and *poverty-alleviated* are household statuses set by county officials. A
*school leaver* (两后生) finished junior or senior (vocational) secondary school and is not in further
study. Gender as recorded; persons with none recorded appear in the totals only."""

WORKING_AGE = (16, 59)
ZERO_EMPLOYMENT = """\
**Zero-employment household (零就业家庭).** A poverty-alleviated or monitored household with at least one
member of working age (16 to 59 years old on the as-of date; members without a birth date are not taken to
be of working age) and no member with a placement active on the as-of date."""

ORGANISED_SHARE = """\
**Organised share (有组织劳务输出占比).** Among the persons with at least one counted placement in the period
whose workplace lies outside Tibet, the share who left in an organised batch. Each such person counts once,
attributed to the registered county stored on their first outside-Tibet placement of the period (earliest
start, then the earliest recorded). They count as *organised* when they were a worker of an export batch
whose departure an official confirmed, with the departure on or before the period's as-of date and no more
than one year before the period's first day (Tibet time). Cancelled batches never count. The share is
organised ÷ outside-Tibet persons × 100, one decimal; none when nobody worked outside Tibet."""
ORGANISED_LOOKBACK_YEARS = 1


def organised_departure_window(period: "Period") -> tuple[date, date]:
    """First and last departure dates (Tibet time, inclusive) that make a person organised in ``period``."""
    start = period.start
    return date(start.year - ORGANISED_LOOKBACK_YEARS, start.month, 1), period.as_of


DEFINITIONS = (PERIOD, COUNTED, TRANSFER, OUTBOUND, DESTINATION, ATTRIBUTION, PERSON_TIMES, GROUPS,
               ZERO_EMPLOYMENT)

DESTINATIONS = {
    "local": N_("In the home county"),
    "within_prefecture": N_("Within the prefecture"),
    "elsewhere_in_tibet": N_("Elsewhere in Tibet"),
    "outside_tibet": N_("Outside Tibet"),
}
OUTBOUND_DESTINATIONS = ("within_prefecture", "elsewhere_in_tibet", "outside_tibet")
GENDER_VALUES = ("male", "female", "unknown")

# The figures, in the order of the monthly report's columns. Each is a sum over rollup cells (see
# ``metric_columns``): persons unless the name says person_times.
METRICS = {
    "transfer_persons": N_("Transfer workers (persons)"),
    "transfer_person_times": N_("Transfer employment (person-times)"),
    "outbound_persons": N_("Outbound workers (persons)"),
    "outbound_person_times": N_("Outbound employment (person-times)"),
    "outbound_within_prefecture": N_("Outbound within the prefecture"),
    "outbound_elsewhere_in_tibet": N_("Outbound elsewhere in Tibet"),
    "outbound_outside_tibet": N_("Outbound outside Tibet"),
    "outbound_poverty_alleviated": N_("Outbound workers from poverty-alleviated households"),
    "outbound_monitored": N_("Outbound workers from monitored households"),
    "transfer_poverty_alleviated": N_("Transfer workers from poverty-alleviated households"),
    "transfer_monitored": N_("Transfer workers from monitored households"),
    "transfer_school_leavers": N_("Transfer workers who are school leavers"),
    "transfer_women": N_("Transfer workers who are women"),
    "transfer_men": N_("Transfer workers who are men"),
}
# Metrics that may carry a yearly target.
TARGET_METRICS = ("transfer_persons", "outbound_persons", "outbound_poverty_alleviated", "outbound_monitored",
                  "transfer_poverty_alleviated", "transfer_school_leavers")


def metric_conditions(cell) -> dict:
    """For each metric: (condition on a rollup cell, measure column). ``cell`` has the rollup's columns:
    channel, destination, status, school_leaver, gender, persons, person_times, outbound_person_times."""
    outbound = cell.destination != "local"
    return {
        "transfer_persons": (None, cell.persons),
        "transfer_person_times": (None, cell.person_times),
        "outbound_persons": (outbound, cell.persons),
        "outbound_person_times": (None, cell.outbound_person_times),
        "outbound_within_prefecture": (cell.destination == "within_prefecture", cell.persons),
        "outbound_elsewhere_in_tibet": (cell.destination == "elsewhere_in_tibet", cell.persons),
        "outbound_outside_tibet": (cell.destination == "outside_tibet", cell.persons),
        "outbound_poverty_alleviated": (sa.and_(outbound, cell.status == "poverty_alleviated"), cell.persons),
        "outbound_monitored": (sa.and_(outbound, cell.status == "monitored"), cell.persons),
        "transfer_poverty_alleviated": (cell.status == "poverty_alleviated", cell.persons),
        "transfer_monitored": (cell.status == "monitored", cell.persons),
        "transfer_school_leavers": (cell.school_leaver.is_(True), cell.persons),
        "transfer_women": (cell.gender == "female", cell.persons),
        "transfer_men": (cell.gender == "male", cell.persons),
    }


def metric_columns(cell) -> list:
    """``SUM(CASE …)`` columns, one per metric, labelled with its name (0 rather than NULL when empty)."""
    columns = []
    for name, (condition, measure) in metric_conditions(cell).items():
        value = measure if condition is None else sa.case((condition, measure), else_=0)
        columns.append(sa.func.coalesce(sa.func.sum(value), 0).label(name))
    return columns


def is_outbound(workplace_code, registered_county_code):
    """SQL: the placement's workplace is outside the registered county stored on it."""
    return workplace_code != registered_county_code


def destination(workplace_code, registered_county_code):
    """SQL: ``local``, ``within_prefecture``, ``elsewhere_in_tibet`` or ``outside_tibet`` (GB/T 2260: the
    first two digits are the province, the first four the prefecture)."""
    return sa.case(
        (workplace_code == registered_county_code, "local"),
        (sa.func.substr(workplace_code, 1, 2) != "54", "outside_tibet"),
        (sa.func.substr(workplace_code, 1, 4) == sa.func.substr(registered_county_code, 1, 4), "within_prefecture"),
        else_="elsewhere_in_tibet",
    )


def school_leaver(education, in_study):
    """SQL: ``Person.is_school_leaver`` without NULLs."""
    return sa.and_(sa.func.coalesce(education, "").in_(SCHOOL_LEAVER_LEVELS), sa.func.coalesce(in_study, False)
                   .is_(False))


@dataclass(frozen=True)
class Period:
    """A month or a year, counted from ``start`` to ``as_of`` inclusive."""

    kind: str  # "month" | "year"
    year: int
    month: int | None
    start: date
    end: date  # the last day of the month or year
    as_of: date

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.kind == "month" else str(self.year)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_of(*, year: int, month: int | None = None, as_of: date | None = None, today: date) -> Period:
    """The period ``year`` (to date) or ``year``-``month``; ``as_of`` defaults to the period's end or today,
    whichever is earlier, and is clamped into the period."""
    if month is None:
        start, end = date(year, 1, 1), date(year, 12, 31)
    else:
        start, end = date(year, month, 1), month_end(year, month)
    as_of = as_of or min(end, today)
    as_of = max(start, min(end, as_of))
    return Period(kind="month" if month else "year", year=year, month=month, start=start, end=end, as_of=as_of)
