from marshmallow import fields

from api.cohorts.schemas import CohortListItemSchema
from api.i18n import localised_name, render
from api.people.schemas import CandidateSchema
from api.positions.schemas import PositionListItemSchema
from api.schemas import QueryArgs, Range, Schema
from labour.i18n import Message
from labour.matching.cohorts import COHORT_COMPONENTS
from labour.matching.selectors import MAX_LIMIT
from labour.matching.weights import COMPONENTS
from labour.people.selectors import occupation_get


class MatchArgs(QueryArgs):
    limit = fields.Integer(load_default=20, validate=Range(min=1, max=MAX_LIMIT),
                           metadata={"description": f"how many, best first (1–{MAX_LIMIT})"})


def render_reason(message: Message) -> str:
    """A reason in the reader's language; an occupation code among its parameters becomes the occupation's name."""
    code = message.params.get("occupation")
    if code is not None:
        occupation = occupation_get(code)
        name = localised_name(occupation)[0] if occupation is not None else code
        message = Message(message.msgid, **{**message.params, "occupation": name})
    return render(message)


def _reasons(match) -> list[str]:
    return [render_reason(m) for m in match.reasons]


class ComponentsSchema(Schema):
    """The score's named parts (see ``labour/matching/weights.py``); they add up to the score."""

    locals().update({name: fields.Integer() for name in COMPONENTS})


class RecommendationSchema(Schema):
    position = fields.Nested(PositionListItemSchema)
    score = fields.Integer()
    components = fields.Nested(ComponentsSchema)
    reasons = fields.Function(_reasons, metadata={"description": "why, strongest first, in the reader's language"})


class RecommendationListSchema(Schema):
    items = fields.List(fields.Nested(RecommendationSchema))
    missing = fields.List(fields.String(), metadata={
        "description": "profile fields to fill in before positions can be recommended (then items is empty)"})
    hint = fields.Function(lambda r: render(r.hint) if r.hint is not None else None, allow_none=True,
                           metadata={"description": "what to do about `missing`, in the reader's language"})


class CohortComponentsSchema(Schema):
    """The parts of a cohort's score (see ``labour/matching/weights.py``, ``COHORT_*``); they add up to it."""

    locals().update({name: fields.Integer() for name in COHORT_COMPONENTS})


class CohortRecommendationSchema(Schema):
    cohort = fields.Nested(CohortListItemSchema)
    score = fields.Integer()
    components = fields.Nested(CohortComponentsSchema)
    reasons = fields.Function(_reasons, metadata={"description": "why, strongest first, in the reader's language"})


class CohortRecommendationListSchema(Schema):
    items = fields.List(fields.Nested(CohortRecommendationSchema))
    missing = fields.List(fields.String(), metadata={
        "description": "profile fields to fill in before cohorts can be recommended (then items is empty)"})
    hint = fields.Function(lambda r: render(r.hint) if r.hint is not None else None, allow_none=True,
                           metadata={"description": "what to do about `missing`, in the reader's language"})


class CandidateMatchSchema(Schema):
    candidate = fields.Nested(CandidateSchema, attribute="person")
    score = fields.Integer()
    reasons = fields.Function(_reasons, metadata={
        "description": "why, strongest first; employers see “priority group” instead of the household's status"})


class CandidateListSchema(Schema):
    items = fields.List(fields.Nested(CandidateMatchSchema))


class RunReportLineSchema(Schema):
    county_code = fields.String()
    county = fields.Method("_county")
    eligible = fields.Integer(metadata={"description": "free workers eligible for at least one open position"})
    proposed = fields.Integer(metadata={"description": "of them, how many got a proposal (an offered application)"})

    def _county(self, row):
        from api.people.schemas import _division_ref

        return _division_ref(row.county_code)


class RunReportSchema(Schema):
    task_id = fields.Function(lambda r: r.task.id)
    state = fields.Function(lambda r: r.task.state)
    counties = fields.List(fields.Nested(RunReportLineSchema), metadata={
        "description": "one line per county of your area; empty until the run has succeeded"})
    eligible = fields.Function(lambda r: sum(line.eligible for line in r.counties))
    proposed = fields.Function(lambda r: sum(line.proposed for line in r.counties))


