from datetime import timezone
from decimal import Decimal

from flask_babel import gettext
from marshmallow import ValidationError, fields, validates_schema

from api.accounts.schemas import PHONE
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from api.stats.schemas import PeriodArgs
from labour.fields import MAX_MONEY
from labour.labour_export.models import BATCH_STATUSES, RETENTION_MONTHS
from labour.labour_export.services import MAX_EMPLOYERS, MAX_WORKERS

ID = Range(min=1, max=2**31 - 1)
CODE = Regexp(r"^\d{6}$")
SUBSIDY = Range(min=0, max=int(MAX_MONEY))


class ExportWorkerInSchema(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=ID)
    travel_subsidy = fields.Decimal(allow_none=True, places=2, as_string=True, validate=SUBSIDY,
                                    metadata={"description": "yuan paid for the journey"})


class _BatchFields(Schema):
    destination_code = fields.String(validate=CODE, metadata={
        "description": "a county in Tibet or a province outside Tibet"})
    escort_name = fields.String(validate=Length(min=1, max=64))
    escort_phone = fields.String(validate=PHONE)
    travel_date = fields.Date()
    employer_ids = fields.List(fields.Integer(strict=True, validate=ID), validate=Length(max=MAX_EMPLOYERS))
    workers = fields.List(fields.Nested(ExportWorkerInSchema), validate=Length(max=MAX_WORKERS),
                          metadata={"description": "persons registered in the organising area; replaces the list"})


class BatchCreateSchema(_BatchFields):
    origin_code = fields.String(validate=CODE, metadata={
        "description": "the organising division (in your area); your own by default"})
    destination_code = fields.String(required=True, validate=CODE, metadata={
        "description": "a county in Tibet or a province outside Tibet"})
    escort_name = fields.String(required=True, validate=Length(min=1, max=64))
    escort_phone = fields.String(required=True, validate=PHONE)
    travel_date = fields.Date(required=True)


class BatchUpdateSchema(_BatchFields):
    """Only the fields given change; only while the batch is planned."""

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


class BatchConfirmSchema(Schema):
    at = fields.AwareDateTime(default_timezone=timezone.utc, metadata={
        "description": "when it happened (ISO 8601; UTC without an offset; default now); not in the future"})


class TravelSubsidySchema(Schema):
    travel_subsidy = fields.Decimal(required=True, allow_none=True, places=2, as_string=True, validate=SUBSIDY,
                                    metadata={"description": "yuan; null clears it"})


class RetentionCheckInSchema(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=ID)
    still_employed = fields.Boolean(required=True)
    note = fields.String(validate=Length(max=500))


class RetentionChecksSchema(Schema):
    checks = fields.List(fields.Nested(RetentionCheckInSchema), required=True, validate=Length(min=1, max=MAX_WORKERS))


class BatchListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(BATCH_STATUSES)))
    year = fields.Integer(validate=Range(min=2000, max=2100), metadata={"description": "of the travel date"})


class OrganisedShareArgs(PeriodArgs):
    pass


class ExportWorkerSchema(Schema):
    person_id = fields.Integer()
    name = fields.Function(lambda w: w.person.name)
    travel_subsidy = fields.Decimal(as_string=True, allow_none=True)


class RetentionCheckSchema(Schema):
    person_id = fields.Integer()
    month = fields.Integer()
    still_employed = fields.Boolean()
    note = fields.String()
    checked_at = fields.DateTime()
    checked_by_id = fields.Integer(allow_none=True)


class BatchListItemSchema(Schema):
    id = fields.Integer()
    origin_code = fields.String()
    destination_code = fields.String()
    travel_date = fields.Date()
    status = fields.String()
    status_label = Label(BATCH_STATUSES, "status")
    workers_count = fields.Function(lambda b: len(b.workers))
    departed_at = fields.DateTime(allow_none=True)
    arrived_at = fields.DateTime(allow_none=True)


BatchPageSchema = page_schema(BatchListItemSchema, "ExportBatchPage")


class BatchSchema(BatchListItemSchema):
    escort_name = fields.String()
    escort_phone = fields.String()
    employer_ids = fields.List(fields.Integer())
    workers = fields.List(fields.Nested(ExportWorkerSchema))
    travel_subsidy_total = fields.Method("_subsidy_total", metadata={"description": "yuan, decimal string"})
    retention_checks = fields.Function(lambda b: RetentionCheckSchema(many=True).dump(b.checks), metadata={
        "description": f"[{{person_id, month ({', '.join(map(str, RETENTION_MONTHS))}), still_employed, note, "
                       "checked_at, checked_by_id}]"})
    departed_by_id = fields.Integer(allow_none=True)
    arrived_by_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()

    def _subsidy_total(self, batch):
        return str(sum((w.travel_subsidy for w in batch.workers if w.travel_subsidy is not None), Decimal("0.00")))


class OrganisedShareSchema(Schema):
    division = fields.Nested(NamedRef)
    period = fields.String(metadata={"description": "YYYY or YYYY-MM"})
    as_of = fields.Date()
    outside_tibet_persons = fields.Integer()
    organised_persons = fields.Integer()
    share_pct = fields.Float(allow_none=True, metadata={"description": "organised ÷ outside-Tibet persons × 100"})
    departures_from = fields.Date()
    departures_to = fields.Date()
