from marshmallow import fields

from api.schemas import Length, PageArgs, Range, Schema, page_schema


class FollowupInSchema(Schema):
    still_employed = fields.Boolean(required=True)
    monthly_wage = fields.Decimal(allow_none=True, validate=Range(min=0, max=1000000),
                                  metadata={"description": "yuan; only when still employed"})
    note = fields.String(load_default="", validate=Length(max=500))


class CheckInSchema(Schema):
    """One check-in of a placement, recorded or still to do."""

    placement_id = fields.Function(lambda c: c.placement.id)
    month = fields.Integer(metadata={"description": "1, 3, 6 or 12 months after the start"})
    due_on = fields.Date()
    person = fields.Function(lambda c: {"id": c.placement.person.id, "name": c.placement.person.name})
    start_date = fields.Function(lambda c: c.placement.start_date.isoformat())
    recorded = fields.Function(lambda c: c.followup is not None)
    still_employed = fields.Function(lambda c: c.followup.still_employed if c.followup else None)
    monthly_wage = fields.Function(lambda c: str(c.followup.monthly_wage)
                                   if c.followup and c.followup.monthly_wage is not None else None)
    note = fields.Function(lambda c: c.followup.note if c.followup else None)
    recorded_at = fields.Function(lambda c: c.followup.recorded_at.isoformat() if c.followup else None)


CheckInPageSchema = page_schema(CheckInSchema, "CheckInPage")


class DueArgs(PageArgs):
    pass
