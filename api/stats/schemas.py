from datetime import date

from flask_babel import gettext
from marshmallow import fields

from api.schemas import Length, NamedRef, OneOf, PageArgs, QueryArgs, Range, Schema
from api.i18n import label
from labour.people.models import HOUSEHOLD_STATUSES
from labour.placements.models import CHANNELS
from labour.stats.definitions import DESTINATIONS, METRICS

YEAR = Range(min=2000, max=2100)


class PeriodArgs(QueryArgs):
    division = fields.String(validate=Length(equal=6), metadata={
        "description": "region, prefecture or county code; your own division by default"})
    year = fields.Integer(required=True, validate=YEAR)
    month = fields.Integer(validate=Range(min=1, max=12), metadata={"description": "omit for the year to date"})
    as_of = fields.Date(metadata={"description": "count up to this day (default: the period's end or today)"})


class TrendArgs(QueryArgs):
    division = fields.String(validate=Length(equal=6))
    year = fields.Integer(required=True, validate=YEAR)
    as_of = fields.Date()


class ChartArgs(TrendArgs):
    metric = fields.String(load_default="outbound_poverty_alleviated", validate=OneOf(tuple(METRICS)))


class ZeroEmploymentArgs(PageArgs):
    county = fields.String(validate=Length(equal=6), metadata={"description": "any division in your area"})
    as_of = fields.Date(validate=Range(min=date(2000, 1, 1), max=date(2100, 12, 31)),
                        metadata={"description": "default: today"})


class DivisionRef(NamedRef):
    level = fields.String()


class MetricsSchema(Schema):
    """Persons are counted once per period; ``*_person_times`` count placements with repeats (人次)."""

    transfer_persons = fields.Integer()
    transfer_person_times = fields.Integer()
    outbound_persons = fields.Integer()
    outbound_person_times = fields.Integer()
    outbound_within_prefecture = fields.Integer()
    outbound_elsewhere_in_tibet = fields.Integer()
    outbound_outside_tibet = fields.Integer()
    outbound_poverty_alleviated = fields.Integer()
    outbound_monitored = fields.Integer()
    transfer_poverty_alleviated = fields.Integer()
    transfer_monitored = fields.Integer()
    transfer_school_leavers = fields.Integer()
    transfer_women = fields.Integer()
    transfer_men = fields.Integer()


class ProgressSchema(Schema):
    metric = fields.String()
    label = fields.Function(lambda p: label(METRICS, p["metric"]))
    target = fields.Integer()
    value = fields.Integer()
    progress_pct = fields.Float(allow_none=True)


class PeriodSchema(Schema):
    kind = fields.String(metadata={"description": "month or year (to date)"})
    key = fields.String()
    year = fields.Integer()
    month = fields.Integer(allow_none=True)
    start = fields.Date()
    as_of = fields.Date()


class DivisionFiguresSchema(Schema):
    division = fields.Nested(DivisionRef)
    totals = fields.Nested(MetricsSchema)
    progress = fields.List(fields.Nested(ProgressSchema))


def _split(values: dict, keys: dict) -> list[dict]:
    empty = {"persons": 0, "person_times": 0, "outbound_persons": 0, "outbound_person_times": 0}
    return [{"key": key, "label": gettext(text), **values.get(key, empty)} for key, text in keys.items()]


def _groups(totals: dict) -> list[dict]:
    groups = (("monitored", HOUSEHOLD_STATUSES["monitored"], "transfer_monitored", "outbound_monitored"),
              ("poverty_alleviated", HOUSEHOLD_STATUSES["poverty_alleviated"], "transfer_poverty_alleviated",
               "outbound_poverty_alleviated"),
              ("school_leaver", METRICS["transfer_school_leavers"], "transfer_school_leavers", None),
              ("female", METRICS["transfer_women"], "transfer_women", None),
              ("male", METRICS["transfer_men"], "transfer_men", None))
    return [{"group": key, "label": gettext(text), "transfer_persons": totals[transfer],
             "outbound_persons": totals[outbound] if outbound else None} for key, text, transfer, outbound in groups]


class SplitSchema(Schema):
    key = fields.String()
    label = fields.String()
    persons = fields.Integer()
    person_times = fields.Integer()
    outbound_persons = fields.Integer()
    outbound_person_times = fields.Integer()


class GroupSchema(Schema):
    group = fields.String()
    label = fields.String()
    transfer_persons = fields.Integer()
    outbound_persons = fields.Integer(allow_none=True)


class FiguresSchema(Schema):
    division = fields.Nested(DivisionRef)
    period = fields.Nested(PeriodSchema)
    source = fields.String(metadata={"description": "rollup (refreshed by a periodic job, see refreshed_at) or "
                                                   "live (computed from the placements for this request)"})
    refreshed_at = fields.DateTime(allow_none=True)
    totals = fields.Nested(MetricsSchema)
    progress = fields.List(fields.Nested(ProgressSchema), metadata={"description": "against the year's targets"})
    by_division = fields.List(fields.Nested(DivisionFiguresSchema), metadata={
        "description": "prefectures of the region, counties of a prefecture; they add up to totals"})
    by_channel = fields.Function(lambda f: SplitSchema(many=True).dump(_split(f["by_channel"], CHANNELS)))
    by_destination = fields.Function(lambda f: SplitSchema(many=True).dump(_split(f["by_destination"],
                                                                                 DESTINATIONS)))
    by_group = fields.Function(lambda f: GroupSchema(many=True).dump(_groups(f["totals"])))
    metric_labels = fields.Function(lambda f: {k: gettext(v) for k, v in METRICS.items()})


class MonthSchema(Schema):
    month = fields.Integer()
    as_of = fields.Date()
    month_totals = fields.Nested(MetricsSchema)
    year_to_date = fields.Nested(MetricsSchema)


class TrendSchema(Schema):
    division = fields.Nested(DivisionRef)
    year = fields.Integer()
    months = fields.List(fields.Nested(MonthSchema))


class HouseholdRowSchema(Schema):
    id = fields.Function(lambda r: r["household"].id)
    registered_county_code = fields.Function(lambda r: r["household"].registered_county_code)
    township = fields.Function(lambda r: r["household"].township)
    village = fields.Function(lambda r: r["household"].village)
    status = fields.Function(lambda r: r["household"].status)
    status_label = fields.Function(lambda r: label(HOUSEHOLD_STATUSES, r["household"].status))
    working_age_members = fields.Integer()
    members = fields.Integer()


class ZeroEmploymentPage(Schema):
    as_of = fields.Date()
    items = fields.List(fields.Nested(HouseholdRowSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()

