from decimal import Decimal

from flask_babel import gettext
from marshmallow import ValidationError, fields, validates_schema

from api.i18n import render
from api.positions.schemas import EmployerParam
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema
from labour.db import db
from labour.divisions.models import Division
from labour.employers.models import Employer
from labour.errors import Invalid
from labour.fields import MAX_MONEY
from labour.wages.models import REPORTED_STATUSES, WAGE_STATUSES
from labour.wages.selectors import LIST_STATUSES, SUMMARY_BY
from labour.wages.services import MAX_NOTE, parse_month

ID = Range(min=1, max=2**31 - 1)


def _month(obj) -> str | None:
    value = getattr(obj, "month", None)
    return value.strftime("%Y-%m") if value is not None else None


def _division(code: str | None) -> dict | None:
    division = db.session.get(Division, code) if code else None
    return NamedRef().dump(division) if division is not None else None


def _employer(employer_id: int | None) -> dict | None:
    employer = db.session.get(Employer, employer_id) if employer_id else None
    return {"id": employer.id, "name": employer.name} if employer is not None else None


class MonthField(fields.String):
    """'YYYY-MM' (checked by the domain's own rule), kept as the string."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_month(value, attr)
        except Invalid as error:
            raise ValidationError([render(m) for m in error.errors[attr]]) from None
        return value


# --- the worker's own -------------------------------------------------------------------------------------------

class WageReportCreateSchema(Schema):
    placement_id = fields.Integer(required=True, strict=True, validate=ID, metadata={
        "description": "one of your placements (`GET /me/wages`)"})
    month = MonthField(required=True, metadata={
        "description": "YYYY-MM: not after the current month, not before the job started, not after it ended"})
    status = fields.String(required=True, validate=OneOf(REPORTED_STATUSES), metadata={
        "description": "paid, or arrears (wages owed)"})
    amount_owed = fields.Decimal(allow_none=True, places=2, as_string=True,
                                 validate=Range(min=Decimal("0.01"), max=MAX_MONEY), metadata={
                                     "description": "arrears only, required there: yuan owed, more than 0"})
    note = fields.String(allow_none=True, validate=Length(max=MAX_NOTE), metadata={
        "description": "what the worker wants to say (e.g. since when nothing was paid)"})


class WageReportSchema(Schema):
    id = fields.Integer()
    placement_id = fields.Integer()
    month = fields.Function(_month, metadata={"description": "YYYY-MM"})
    status = fields.String(metadata={"description": "paid, arrears (open), settled (open: the employer says "
                                                    "paid, the worker has not confirmed)"})
    status_label = Label(WAGE_STATUSES, "status")
    amount_owed = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "yuan owed as reported (kept after payment); null for a month reported paid at once"})
    note = fields.String()
    employer = fields.Function(lambda r: _employer(r.employer_id), allow_none=True, metadata={
        "description": "{id, name}"})
    created_at = fields.DateTime()
    settled_at = fields.DateTime(allow_none=True, metadata={"description": "when the employer marked it settled"})
    paid_at = fields.DateTime(allow_none=True, metadata={"description": "when the worker confirmed payment"})


class PlacementMonthSchema(Schema):
    id = fields.Integer(metadata={"description": "the placement"})
    employer_name = fields.String(allow_none=True)
    workplace = fields.Function(lambda p: _division(p.workplace_code), metadata={"description": "{code, name}"})
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    month = fields.Function(_month, metadata={"description": "the month due: last month (YYYY-MM)"})
    can_report = fields.Boolean(metadata={"description": "false when the job did not run in that month"})
    report = fields.Nested(WageReportSchema, allow_none=True, metadata={
        "description": "the report for that month; null: not reported yet"})


class MyWagesSchema(Schema):
    month = fields.Function(_month, metadata={"description": "last month (YYYY-MM), the one to report on"})
    placements = fields.List(fields.Nested(PlacementMonthSchema), metadata={
        "description": "your jobs in force since last month (at most 20), newest first"})
    open_arrears = fields.List(fields.Nested(WageReportSchema), metadata={
        "description": "wages you reported owed and have not confirmed paid (any month)"})


# --- arrears: employers and officials -----------------------------------------------------------------------------

def _check_division(code):
    if code is not None:
        division = db.session.get(Division, code)
        if division is None or division.level not in ("region", "prefecture", "county"):
            raise ValidationError(gettext("Choose the region, a prefecture or a county of Tibet."), "division")


class ArrearsListArgs(PageArgs):
    status = fields.String(load_default="open", validate=OneOf(LIST_STATUSES), metadata={
        "description": "open (default: arrears and settled), arrears, settled, paid (arrears since paid), all"})
    employer = EmployerParam(metadata={"description": "one employer's arrears"})
    division = fields.String(validate=Regexp(r"^\d{6}$"), metadata={
        "description": "workers whose household is registered in this division (inside your area)"})
    month = MonthField(metadata={"description": "YYYY-MM"})

    @validates_schema
    def _division(self, data, **_kwargs):
        _check_division(data.get("division"))


class ArrearsItemSchema(WageReportSchema):
    person_name = fields.String(metadata={"description": "the worker (no ID number, phone or household status)"})
    county = fields.Function(lambda r: _division(r.county_code), allow_none=True, metadata={
        "description": "the county where the worker's household is registered"})


class ArrearsPageSchema(Schema):
    items = fields.List(fields.Nested(ArrearsItemSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class ArrearsSummaryArgs(PageArgs):
    by = fields.String(load_default="employer", validate=OneOf(SUMMARY_BY), metadata={
        "description": "employer (default), prefecture or county of the worker's household"})
    division = fields.String(validate=Regexp(r"^\d{6}$"), metadata={
        "description": "only workers whose household is registered in this division (inside your area)"})

    @validates_schema
    def _division(self, data, **_kwargs):
        _check_division(data.get("division"))


class ArrearsGroupSchema(Schema):
    employer = fields.Function(lambda g: {"id": g.key, "name": g.employer_name} if g.key is not None and
                               g.employer_name is not None else None, allow_none=True, metadata={
        "description": "by=employer: {id, name}; null for work recorded without an employer"})
    division = fields.Nested(NamedRef, allow_none=True, metadata={"description": "by=prefecture or county"})
    reports = fields.Integer(metadata={"description": "open arrears reports (one per worker's job and month)"})
    workers = fields.Integer(metadata={"description": "persons with open arrears"})
    total_owed = fields.Decimal(as_string=True, metadata={"description": "yuan"})
    oldest_month = fields.Function(lambda g: g.oldest_month.strftime("%Y-%m"))


class ArrearsSummarySchema(Schema):
    by = fields.String()
    reports = fields.Integer(metadata={"description": "over every group"})
    workers = fields.Integer(metadata={"description": "over every group (a person counted once)"})
    total_owed = fields.Decimal(as_string=True, metadata={"description": "yuan, over every group"})
    items = fields.List(fields.Nested(ArrearsGroupSchema), metadata={"description": "largest total owed first"})
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer(metadata={"description": "groups"})
    pages = fields.Integer()
