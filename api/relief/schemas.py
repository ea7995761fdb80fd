from datetime import date

from flask_babel import gettext, lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from api.accounts.schemas import PHONE
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.fields import MAX_MONEY
from labour.relief.models import PROJECT_STATUSES, VEHICLE_KINDS
from labour.relief.services import MAX_ENTRIES, MAX_FUND, MAX_PLACES, MAX_VEHICLES

ID = Range(min=1, max=2**31 - 1)
CODE = Regexp(r"^\d{6}$")


class Month(fields.String):
    """A month as ``YYYY-MM``; loads as the date of its first day."""

    default_error_messages = {"invalid": _l("Not a valid month (YYYY-MM).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("example", "2026-05")
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or len(value) != 7 or value[4] != "-":
            raise self.make_error("invalid")
        try:
            return date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            raise self.make_error("invalid") from None


def _fen(value):
    """Money is given to the fen at most: a third decimal is refused, never rounded away."""
    if value is not None and value.as_tuple().exponent < -2:
        raise ValidationError(gettext("Give at most two decimals (fen)."))


def Money(maximum, **kwargs) -> fields.Decimal:
    return fields.Decimal(as_string=True, validate=[Range(min=0, max=int(maximum)), _fen], **kwargs)


class ReliefFundsSchema(Schema):
    """Yuan by source; a source not given is 0 on creation and unchanged on an edit."""

    central = Money(MAX_FUND, metadata={"description": "central funds (中央资金)"})
    region = Money(MAX_FUND)
    prefecture = Money(MAX_FUND)
    county = Money(MAX_FUND)


class _ReliefProjectFields(Schema):
    name = fields.String(validate=Length(min=1, max=128))
    townships = fields.List(fields.String(validate=Length(min=1, max=64)), validate=Length(max=MAX_PLACES),
                            metadata={"description": "townships served (names as households record them)"})
    villages = fields.List(fields.String(validate=Length(min=1, max=64)), validate=Length(max=MAX_PLACES),
                           metadata={"description": "villages served (names as households record them)"})
    start_month = Month(metadata={"description": "YYYY-MM"})
    planned_end_month = Month(metadata={"description": "YYYY-MM, the last month of planned work"})
    funds = fields.Nested(ReliefFundsSchema)
    contractor_id = fields.Integer(strict=True, allow_none=True, validate=ID, metadata={
        "description": "the employer that carries out the project: its staff record remuneration and publish "
                       "the project's positions"})
    local_first_until = fields.Date(allow_none=True, metadata={
        "description": "until this day only workers of the project's county may apply to its positions"})


class ReliefProjectCreateSchema(_ReliefProjectFields):
    name = fields.String(required=True, validate=Length(min=1, max=128))
    county_code = fields.String(required=True, validate=CODE, metadata={"description": "a county in your area"})
    start_month = Month(required=True, metadata={"description": "YYYY-MM"})
    planned_end_month = Month(required=True, metadata={"description": "YYYY-MM"})
    funds = fields.Nested(ReliefFundsSchema, required=True)


class ReliefProjectUpdateSchema(_ReliefProjectFields):
    """Only the fields given change; the county stays."""

    status = fields.String(validate=OneOf(tuple(PROJECT_STATUSES)), metadata={
        "description": "planned → running → finished (a finished project may be reopened)"})

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


def _division_arg(data):
    from labour.db import db
    from labour.divisions.models import Division

    code = data.get("division")
    if code is not None:
        division = db.session.get(Division, code)
        if division is None or division.level not in ("region", "prefecture", "county"):
            raise ValidationError(gettext("Choose the region, a prefecture or a county of Tibet."), "division")


class ReliefProjectListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(PROJECT_STATUSES)))
    division = fields.String(validate=CODE, metadata={"description": "projects in this division's counties"})

    @validates_schema
    def _division(self, data, **_kwargs):
        _division_arg(data)


class ReliefFlaggedListArgs(PageArgs):
    division = fields.String(validate=CODE, metadata={
        "description": "the region, a prefecture or a county in your area (default: your own division)"})

    @validates_schema
    def _division(self, data, **_kwargs):
        _division_arg(data)


class ReliefRemunerationEntrySchema(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=ID)
    amount = Money(MAX_MONEY, required=True, metadata={"description": "yuan paid for the month"})


class ReliefRemunerationRecordSchema(Schema):
    month = Month(required=True, metadata={"description": "YYYY-MM"})
    entries = fields.List(fields.Nested(ReliefRemunerationEntrySchema), required=True,
                          validate=Length(min=1, max=MAX_ENTRIES))
    reason = fields.String(validate=Length(max=500), metadata={
        "description": "why amounts already recorded change (needed for any correction)"})


class ReliefRemunerationListArgs(PageArgs):
    month = Month(metadata={"description": "YYYY-MM"})


class ReliefFleetCreateSchema(Schema):
    owner_name = fields.String(required=True, validate=Length(min=1, max=64))
    village_code = fields.String(required=True, validate=Regexp(r"^\d{12}$"), metadata={
        "description": "the owner's village: 12-digit statistical division code"})
    vehicle_kind = fields.String(required=True, validate=OneOf(tuple(VEHICLE_KINDS)))
    vehicle_count = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_VEHICLES))
    phone = fields.String(required=True, validate=PHONE)


# --- output -----------------------------------------------------------------------------------------------------

class ReliefFundsOutSchema(Schema):
    central = fields.Decimal(as_string=True, attribute="fund_central")
    region = fields.Decimal(as_string=True, attribute="fund_region")
    prefecture = fields.Decimal(as_string=True, attribute="fund_prefecture")
    county = fields.Decimal(as_string=True, attribute="fund_county")
    total = fields.Decimal(as_string=True, attribute="fund_total")


class ReliefComplianceSchema(Schema):
    share = fields.Decimal(as_string=True, metadata={"description": "the configured floor, e.g. 0.15"})
    required = fields.Decimal(as_string=True, metadata={"description": "central funds × share, up to the fen"})
    paid = fields.Decimal(as_string=True, metadata={"description": "remuneration recorded so far"})
    compliant = fields.Boolean()
    shortfall = fields.Decimal(as_string=True)
    planned_months = fields.Integer()
    months_elapsed = fields.Integer(allow_none=True)
    projected = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "running projects: paid ÷ months elapsed × planned months"})
    projected_compliant = fields.Boolean(allow_none=True)
    projected_shortfall = fields.Decimal(as_string=True, allow_none=True)
    flagged = fields.Boolean()


class ReliefLocalHireSchema(Schema):
    workers = fields.Integer(metadata={"description": "persons paid on the project"})
    local = fields.Integer(metadata={"description": "of them, registered in the project's county (and places)"})
    share_pct = fields.Float(allow_none=True)


class ReliefDemandPositionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String()
    headcount = fields.Integer()
    filled = fields.Integer()


class ReliefDemandSchema(Schema):
    headcount = fields.Integer()
    filled = fields.Integer()
    positions = fields.List(fields.Nested(ReliefDemandPositionSchema))


class ReliefProjectListItemSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    county = fields.Nested(NamedRef)
    status = fields.String()
    status_label = Label(PROJECT_STATUSES, "status")
    start_month = Month()
    planned_end_month = Month()
    funds = fields.Nested(ReliefFundsOutSchema, attribute="project",
                          metadata={"description": "yuan by source, and the total"})
    contractor = fields.Function(lambda p: {"id": p.contractor.id, "name": p.contractor.name}
                                 if p.contractor is not None else None, allow_none=True)
    compliance = fields.Nested(ReliefComplianceSchema)


ReliefProjectPageSchema = page_schema(ReliefProjectListItemSchema, "ReliefProjectPage")


class ReliefProjectSchema(ReliefProjectListItemSchema):
    townships = fields.List(fields.String())
    villages = fields.List(fields.String())
    local_first_until = fields.Date(allow_none=True)
    local_hire = fields.Nested(ReliefLocalHireSchema)
    demand = fields.Nested(ReliefDemandSchema)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ReliefFlaggedItemSchema(ReliefProjectListItemSchema):
    shortfall = fields.Function(lambda p: str(p.compliance.flag_shortfall), metadata={
        "description": "finished: required − paid; running: required − projected"})


ReliefFlaggedPageSchema = page_schema(ReliefFlaggedItemSchema, "ReliefFlaggedPage")


class ReliefChangeSchema(Schema):
    old_amount = fields.Decimal(as_string=True)
    new_amount = fields.Decimal(as_string=True)
    reason = fields.String()
    changed_at = fields.DateTime()
    changed_by_id = fields.Integer(allow_none=True)


class ReliefRemunerationSchema(Schema):
    id = fields.Integer()
    person = fields.Function(lambda r: {"id": r.person.id, "name": r.person.name})
    month = Month()
    amount = fields.Decimal(as_string=True)
    revision = fields.Integer(metadata={"description": "1 + the number of corrections"})
    recorded_at = fields.DateTime()
    recorded_by_id = fields.Integer(allow_none=True)
    changes = fields.List(fields.Nested(ReliefChangeSchema))


ReliefRemunerationPageSchema = page_schema(ReliefRemunerationSchema, "ReliefRemunerationPage")


class ReliefMonthLedgerSchema(Schema):
    items = fields.List(fields.Nested(ReliefRemunerationSchema))


class ReliefFleetSchema(Schema):
    id = fields.Integer()
    owner_name = fields.String()
    village_code = fields.String()
    county_code = fields.String()
    local = fields.Boolean(metadata={"description": "the village lies in the project's county"})
    vehicle_kind = fields.String()
    vehicle_kind_label = Label(VEHICLE_KINDS, "vehicle_kind")
    vehicle_count = fields.Integer()
    phone = fields.String(metadata={"description": "in clear for the project's officials, masked otherwise"})
    created_at = fields.DateTime()


ReliefFleetPageSchema = page_schema(ReliefFleetSchema, "ReliefFleetPage")
