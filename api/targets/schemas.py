from marshmallow import fields

from api.i18n import label
from api.schemas import Length, OneOf, QueryArgs, Range, Schema
from labour.stats.definitions import METRICS, TARGET_METRICS

YEAR = Range(min=2000, max=2100)


class TargetArgs(QueryArgs):
    year = fields.Integer(validate=YEAR)
    division = fields.String(validate=Length(equal=6))


class TargetSetSchema(Schema):
    division_code = fields.String(required=True, validate=Length(equal=6))
    year = fields.Integer(required=True, validate=YEAR)
    metric = fields.String(required=True, validate=OneOf(TARGET_METRICS))
    value = fields.Integer(required=True, validate=Range(min=1, max=10_000_000))


class TargetSchema(Schema):
    id = fields.Integer()
    division_code = fields.String()
    year = fields.Integer()
    metric = fields.String()
    metric_label = fields.Function(lambda t: label(METRICS, t.metric))
    value = fields.Integer()
    set_by_id = fields.Integer(allow_none=True)
    updated_at = fields.DateTime()
