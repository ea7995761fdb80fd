from marshmallow import ValidationError, fields, validates_schema
from flask_babel import gettext

from api.positions.schemas import PartnerParam, partner_ref
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.drives.models import DRIVE_STATUSES
from labour.drives.services import MAX_COUNTIES, MAX_POSITIONS, MAX_QUOTA

ID = Range(min=1, max=2**31 - 1)
CODE = Regexp(r"^\d{6}$")


class DriveQuotaSchema(Schema):
    county_code = fields.String(required=True, validate=CODE, metadata={"description": "a county of Tibet"})
    quota = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_QUOTA),
                           metadata={"description": "workers wanted from the county"})


class _DriveFields(Schema):
    name = fields.String(validate=Length(min=1, max=128))
    start_date = fields.Date()
    end_date = fields.Date()
    quotas = fields.List(fields.Nested(DriveQuotaSchema), validate=Length(min=1, max=MAX_COUNTIES),
                         metadata={"description": "replaces every quota: [{county_code, quota}]"})
    position_ids = fields.List(fields.Integer(strict=True, validate=ID), validate=Length(max=MAX_POSITIONS),
                               metadata={"description": "aid-Tibet positions of the drive's partner"})


class DriveCreateSchema(_DriveFields):
    name = fields.String(required=True, validate=Length(min=1, max=128))
    aid_partner_id = fields.Integer(required=True, strict=True, validate=ID, metadata={
        "description": "the partner province, municipality or central enterprise (`/divisions/{code}/aid-partners`)"})
    employer_id = fields.Integer(strict=True, allow_none=True, validate=ID, metadata={
        "description": "the partner's enterprise that recruits, if any"})
    division_code = fields.String(required=True, validate=CODE, metadata={
        "description": "where the drive recruits: the region, a prefecture or a county of Tibet (in your area)"})
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    quotas = fields.List(fields.Nested(DriveQuotaSchema), required=True, validate=Length(min=1, max=MAX_COUNTIES),
                         metadata={"description": "[{county_code, quota}]"})


class DriveUpdateSchema(_DriveFields):
    """Only the fields given change."""

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


class DriveStatusSchema(Schema):
    status = fields.String(required=True, validate=OneOf(tuple(DRIVE_STATUSES)))


class DriveListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(DRIVE_STATUSES)), metadata={
        "description": "the public sees open drives only; officials also their area's drafts and closed ones"})
    partner = PartnerParam(metadata={"description": "aid-Tibet partner id"})
    division = fields.String(validate=CODE, metadata={"description": "drives recruiting in this division"})

    @validates_schema
    def _division(self, data, **_kwargs):
        from labour.db import db
        from labour.divisions.models import Division

        code = data.get("division")
        if code is not None:
            division = db.session.get(Division, code)
            if division is None or division.level not in ("region", "prefecture", "county"):
                raise ValidationError(gettext("Choose the region, a prefecture or a county of Tibet."), "division")


class DriveCountyFillSchema(Schema):
    county = fields.Nested(NamedRef)
    quota = fields.Integer()
    hired = fields.Integer(metadata={"description": "persons hired from the county (household registration)"})
    fill_pct = fields.Float(metadata={"description": "hired / quota × 100, one decimal"})


class DriveFillSchema(Schema):
    quota = fields.Integer()
    hired = fields.Integer(metadata={"description": "hires from counties with a quota"})
    hired_elsewhere = fields.Integer(metadata={"description": "hires from counties without a quota"})
    fill_pct = fields.Float(allow_none=True)
    counties = fields.List(fields.Nested(DriveCountyFillSchema))


class DriveListItemSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    aid_partner = fields.Function(lambda d: partner_ref(d.aid_partner_id), metadata={
        "description": "{id, name}"})
    employer_id = fields.Integer(allow_none=True)
    division_code = fields.String()
    start_date = fields.Date()
    end_date = fields.Date()
    status = fields.String()
    status_label = Label(DRIVE_STATUSES, "status")
    quota = fields.Function(lambda d: d.fill.quota, metadata={"description": "sum of the county quotas"})
    hired = fields.Function(lambda d: d.fill.hired)
    fill_pct = fields.Function(lambda d: d.fill.fill_pct, allow_none=True)


DrivePageSchema = page_schema(DriveListItemSchema, "DrivePage")


class DriveSchema(DriveListItemSchema):
    position_ids = fields.List(fields.Integer())
    fill = fields.Nested(DriveFillSchema)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
