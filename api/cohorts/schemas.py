from flask_babel import gettext
from marshmallow import ValidationError, fields, validates_schema

from api.i18n import label
from api.positions.schemas import DivisionParam, OccupationParam
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.cohorts.models import (COHORT_MODES, COHORT_STATUSES, COHORT_TRANSITIONS, COMMISSIONER_KINDS,
                                   DESTINATION_KINDS)
from labour.cohorts.selectors import SORTS
from labour.cohorts.services import MAX_CAPACITY, MAX_SESSIONS
from labour.people.models import EDUCATION_LEVELS, LANGUAGES
from labour.positions.models import PRIORITY_GROUPS

CODE = Regexp(r"^\d{6}$")
ID = Range(min=1, max=2**31 - 1)
MONEY = Range(min=0, max=1000000)
PERCENT = Range(min=0.01, max=100)
TARGETS = tuple(sorted({s for targets in COHORT_TRANSITIONS.values() for s in targets}))


def _labelled(labels: dict, values) -> list[dict]:
    return [{"code": value, "label": label(labels, value)} for value in values or []]


# --- input ------------------------------------------------------------------------------------------------------

class SessionInSchema(Schema):
    held_on = fields.Date(required=True)
    topic = fields.String(load_default="", validate=Length(max=128))


class CohortCreateSchema(Schema):
    title = fields.String(required=True, validate=Length(min=1, max=128))
    description = fields.String(load_default="", validate=Length(max=4000))
    occupation_code = fields.String(required=True, validate=Length(min=1, max=32))
    mode = fields.String(required=True, validate=OneOf(tuple(COHORT_MODES)), metadata={
        "description": "order_based (订单式: `employer_id` of the ordering employer, who then reserves positions), "
                       "targeted (定向式: `destination_kind` and the partner or name), commissioned (委托式: "
                       "`commissioner_kind` and `commissioner_name`), on_the_job (以岗代训: `employer_id` of the "
                       "trainees' employer)"})
    county_code = fields.String(required=True, validate=CODE, metadata={"description": "where it is held"})
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    capacity = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_CAPACITY))
    language = fields.String(required=True, validate=OneOf(tuple(LANGUAGES)),
                             metadata={"description": "language of instruction"})
    subsidy_per_trainee = fields.Decimal(load_default=0, validate=MONEY, metadata={"description": "yuan"})
    min_age = fields.Integer(strict=True, allow_none=True, validate=Range(min=16, max=70))
    max_age = fields.Integer(strict=True, allow_none=True, validate=Range(min=16, max=70))
    min_education = fields.String(allow_none=True, validate=OneOf(tuple(EDUCATION_LEVELS)))
    eligible_groups = fields.List(fields.String(validate=OneOf(tuple(PRIORITY_GROUPS))), validate=Length(max=3),
                                  metadata={"description": "if given, only these groups may enrol"})
    completion_threshold = fields.Decimal(load_default=80, validate=PERCENT, metadata={
        "description": "percent of the sessions to attend to complete (default 80)"})
    employer_id = fields.Integer(strict=True, allow_none=True, validate=ID)
    destination_kind = fields.String(allow_none=True, validate=OneOf(tuple(DESTINATION_KINDS)))
    destination_partner_id = fields.Integer(strict=True, allow_none=True, validate=ID)
    destination_name = fields.String(allow_none=True, validate=Length(max=128))
    commissioner_kind = fields.String(allow_none=True, validate=OneOf(tuple(COMMISSIONER_KINDS)))
    commissioner_name = fields.String(allow_none=True, validate=Length(max=128))
    sessions = fields.List(fields.Nested(SessionInSchema), load_default=list, validate=Length(max=MAX_SESSIONS))


class CohortUpdateSchema(Schema):
    """Only the fields given change."""

    title = fields.String(validate=Length(min=1, max=128))
    description = fields.String(validate=Length(max=4000))
    capacity = fields.Integer(strict=True, validate=Range(min=1, max=MAX_CAPACITY))
    subsidy_per_trainee = fields.Decimal(validate=MONEY)
    completion_threshold = fields.Decimal(validate=PERCENT)

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


class CohortStatusSchema(Schema):
    status = fields.String(required=True, validate=OneOf(TARGETS), metadata={
        "description": "planned → open | cancelled; open → running | cancelled; running → completed | cancelled"})


class SessionCreateSchema(Schema):
    held_on = fields.Date(required=True)
    topic = fields.String(load_default="", validate=Length(max=128))


class ReservationInSchema(Schema):
    position_id = fields.Integer(required=True, strict=True, validate=ID)
    places = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_CAPACITY))


class CohortListArgs(PageArgs):
    mode = fields.String(validate=OneOf(tuple(COHORT_MODES)))
    occupation = OccupationParam(validate=Length(min=1, max=32))
    prefecture = DivisionParam(levels=("prefecture",), metadata={"description": "code or name (zh, en, bo)"})
    county = DivisionParam(levels=("county",), metadata={"description": "code or name (zh, en, bo)"})
    language = fields.String(validate=OneOf(tuple(LANGUAGES)))
    centre = fields.Integer(validate=ID, metadata={
        "description": "one centre's cohorts (its staff also see planned ones)"})
    status = fields.String(validate=OneOf(tuple(COHORT_STATUSES)), metadata={"description": "default open"})
    q = fields.String(validate=Length(max=64), metadata={"description": "words in the title or the centre's name"})
    sort = fields.String(validate=OneOf(SORTS), metadata={"description": "starting (default: soonest first) or newest"})


# --- output -----------------------------------------------------------------------------------------------------

class CentreRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class CohortListItemSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    mode = fields.String()
    mode_label = Label(COHORT_MODES, "mode")
    status = fields.String()
    status_label = Label(COHORT_STATUSES, "status")
    occupation = fields.Nested(NamedRef)
    county = fields.Nested(NamedRef)
    centre = fields.Nested(CentreRefSchema)
    start_date = fields.Date()
    end_date = fields.Date()
    capacity = fields.Integer()
    seats_left = fields.Integer()
    language = fields.String()
    language_label = Label(LANGUAGES, "language")
    subsidy_per_trainee = fields.Decimal(as_string=True)


CohortPageSchema = page_schema(CohortListItemSchema, "CohortPage")


class SessionSchema(Schema):
    id = fields.Integer()
    number = fields.Integer()
    held_on = fields.Date()
    topic = fields.String()
    attendance_taken = fields.Function(lambda s: s.attendance_taken_at is not None)


class PositionRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String()


class ReservationSchema(Schema):
    id = fields.Integer()
    position = fields.Nested(PositionRefSchema)
    places = fields.Integer()


class EligibilitySchema(Schema):
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    min_education = fields.String(allow_none=True)
    min_education_label = fields.Function(lambda c: label(EDUCATION_LEVELS, c.min_education)
                                          if c.min_education else None)
    groups = fields.Function(lambda c: _labelled(PRIORITY_GROUPS, c.eligible_groups),
                             metadata={"description": "[{code, label}]; empty: anyone"})


def _destination(cohort):
    if cohort.destination_kind is None:
        return None
    partner = cohort.destination_partner
    return {"kind": cohort.destination_kind, "kind_label": label(DESTINATION_KINDS, cohort.destination_kind),
            "partner": {"id": partner.id, "name_zh": partner.name_zh, "name_en": partner.name_en} if partner else None,
            "name": cohort.destination_name}


def _commissioner(cohort):
    if cohort.commissioner_kind is None:
        return None
    return {"kind": cohort.commissioner_kind, "kind_label": label(COMMISSIONER_KINDS, cohort.commissioner_kind),
            "name": cohort.commissioner_name}


class CohortSchema(CohortListItemSchema):
    """One cohort in full."""

    description = fields.String()
    seats_taken = fields.Integer()
    eligibility = fields.Function(lambda c: EligibilitySchema().dump(c))
    completion_threshold = fields.Decimal(as_string=True)
    employer = fields.Function(lambda c: {"id": c.employer.id, "name": c.employer.name} if c.employer else None,
                               metadata={"description": "order-based: who ordered; on-the-job: the trainees' employer"})
    destination = fields.Function(_destination, metadata={"description": "targeted: {kind, kind_label, partner, name}"})
    commissioner = fields.Function(_commissioner, metadata={"description": "commissioned: {kind, kind_label, name}"})
    reserved_places = fields.Integer()
    reservations = fields.List(fields.Nested(ReservationSchema))
    sessions = fields.List(fields.Nested(SessionSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
