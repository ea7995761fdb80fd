from marshmallow import fields

from api.i18n import label, localised_name
from api.schemas import OneOf, QueryArgs, Schema
from labour.cohorts.models import COHORT_MODES
from labour.people.selectors import division_of
from labour.training.selectors import FUNNEL_GROUPS


class FunnelArgs(QueryArgs):
    by = fields.String(required=True, validate=OneOf(FUNNEL_GROUPS))


def _label(row):
    if row.name is not None:
        return row.name
    if row.key in COHORT_MODES:
        return label(COHORT_MODES, row.key)
    division = division_of(row.key)
    return localised_name(division)[0] if division else row.key


class FunnelRowSchema(Schema):
    key = fields.String(metadata={"description": "cohort or centre id, mode, or prefecture code"})
    label = fields.Function(_label)
    enrolled = fields.Integer()
    completed = fields.Integer()
    certified = fields.Integer()
    placed = fields.Integer()
    retained_6m = fields.Integer()
    households_stabilised = fields.Integer(metadata={
        "description": "households with a member still employed after 6 months (income stabilised)"})


class FunnelTotalsSchema(FunnelRowSchema):
    class Meta:
        exclude = ("key", "label")


class FunnelSchema(Schema):
    by = fields.String()
    rows = fields.List(fields.Nested(FunnelRowSchema))
    totals = fields.Nested(FunnelTotalsSchema)
