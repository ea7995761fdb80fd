from flask_babel import gettext
from marshmallow import ValidationError, fields, validates_schema

from api.i18n import label, render
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.db import db
from labour.divisions.selectors import division_resolve
from labour.divisions.models import AidPartner
from labour.employers.models import Employer
from labour.errors import Invalid
from labour.occupations.selectors import occupation_codes_check
from labour.people.models import EDUCATION_LEVELS, LANGUAGES
from labour.positions.models import POSITION_KINDS, POSITION_STATUSES, PRIORITY_GROUPS
from labour.positions.selectors import SORTS
from labour.fields import MAX_MONEY as MAX_WAGE
from labour.positions.services import MAX_HEADCOUNT

WAGE = Range(min=0, max=int(MAX_WAGE))
CODE = Regexp(r"^\d{6}$")
ID_RANGE = Range(min=1, max=2**31 - 1)


def _invalid_to_validation(error: Invalid, field: str) -> ValidationError:
    return ValidationError([render(m) for m in error.errors.get(field, [error.message])])


# --- the query string of the list: every value resolved here, so a bad one is a 400 naming its parameter ------

class DivisionParam(fields.String):
    """A division given by six-digit code or by its Chinese, English or Tibetan name; loads as the Division."""

    def __init__(self, *, levels: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.levels = levels

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        Length(min=1, max=128)(value)
        try:
            return division_resolve(value, levels=self.levels, field=attr)
        except Invalid as error:
            raise _invalid_to_validation(error, attr) from None


class OccupationParam(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            occupation_codes_check([value], field=attr)
        except Invalid as error:
            raise _invalid_to_validation(error, attr) from None
        return value


class EmployerParam(fields.Integer):
    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        ID_RANGE(value)
        if db.session.get(Employer, value) is None:
            raise ValidationError(gettext("No such employer."))
        return value


class PartnerParam(fields.Integer):
    """An aid-Tibet partner id (``GET /divisions/{code}/aid-partners``); an unknown one is a 400."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        ID_RANGE(value)
        if db.session.get(AidPartner, value) is None:
            raise ValidationError(gettext("No such aid partner."))
        return value


class PositionListArgs(PageArgs):
    kind = fields.String(validate=OneOf(tuple(POSITION_KINDS)))
    prefecture = DivisionParam(levels=("prefecture",), metadata={"description": "code or name (zh, en, bo)"})
    county = DivisionParam(levels=("county",), metadata={"description": "code or name (zh, en, bo)"})
    occupation = OccupationParam(validate=Length(min=1, max=32), metadata={"description": "occupation code"})
    min_wage = fields.Decimal(validate=WAGE, metadata={
        "description": "monthly yuan; positions whose wage range reaches it"})
    outside_tibet = fields.Boolean(metadata={"description": "true: workplaces outside Tibet; false: inside"})
    q = fields.String(validate=Length(max=64), metadata={
        "description": "words in the title, the employer's name or the occupation (empty: no text filter)"})
    open = fields.Boolean(metadata={
        "description": "default true: only positions taking applications; false also shows filled and closed ones"})
    partner = PartnerParam(metadata={"description": "aid-Tibet partner id: positions it opened"})
    employer = EmployerParam(metadata={
        "description": "one employer's positions; its own staff also see drafts and closed ones"})
    sort = fields.String(validate=OneOf(SORTS), metadata={
        "description": "newest (default), wage (highest first) or nearest (needs `near`; default when given)"})
    near = DivisionParam(levels=("county",), metadata={"description": "county (code or name) for sort=nearest"})

    @validates_schema
    def _sort_and_near(self, data, **_kwargs):
        if data.get("sort") == "nearest" and "near" not in data:
            raise ValidationError(gettext("Give a county to sort by distance from."), "near")
        if "near" in data and data.get("sort", "nearest") != "nearest":
            raise ValidationError(gettext("Use near only with sort=nearest."), "near")


# --- bodies -----------------------------------------------------------------------------------------------------

class _PositionFields(Schema):
    title = fields.String(validate=Length(min=1, max=128))
    description = fields.String(validate=Length(max=5000))
    occupation_code = fields.String(validate=Length(min=1, max=32))
    kind = fields.String(validate=OneOf(tuple(POSITION_KINDS)))
    workplace_code = fields.String(validate=CODE, metadata={
        "description": "a county in Tibet or a province outside Tibet"})
    headcount = fields.Integer(strict=True, validate=Range(min=1, max=MAX_HEADCOUNT))
    wage_min = fields.Decimal(validate=WAGE, metadata={"description": "monthly, in yuan"})
    wage_max = fields.Decimal(validate=WAGE, metadata={"description": "monthly, in yuan"})
    housing = fields.Boolean()
    meals = fields.Boolean()
    min_age = fields.Integer(strict=True, allow_none=True, validate=Range(min=16, max=70))
    max_age = fields.Integer(strict=True, allow_none=True, validate=Range(min=16, max=70))
    min_education = fields.String(allow_none=True, validate=OneOf(tuple(EDUCATION_LEVELS)))
    required_skills = fields.List(fields.String(validate=Length(min=1, max=32)), validate=Length(max=20),
                                  metadata={"description": "occupation codes"})
    required_languages = fields.List(fields.String(validate=OneOf(tuple(LANGUAGES))), validate=Length(max=3))
    priority_groups = fields.List(fields.String(validate=OneOf(tuple(PRIORITY_GROUPS))), validate=Length(max=3))
    start_date = fields.Date(allow_none=True)
    deadline = fields.Date(allow_none=True, metadata={"description": "last day to apply"})
    aid_partner_id = fields.Integer(strict=True, allow_none=True, validate=ID_RANGE, metadata={
        "description": "aid-Tibet positions only: the partner that opened it (default: the employer's partner)"})
    relief_project_id = fields.Integer(strict=True, allow_none=True, validate=ID_RANGE, metadata={
        "description": "doorstep project jobs: the work-for-relief project your employer contracts "
                       "(the position lies in its county; kind local_project or work_for_relief)"})
    local_first_until = fields.Date(allow_none=True, metadata={
        "description": "a project's position: only workers of the project's county may apply until this day "
                       "(default: the project's date)"})


class PositionCreateSchema(_PositionFields):
    title = fields.String(required=True, validate=Length(min=1, max=128))
    occupation_code = fields.String(required=True, validate=Length(min=1, max=32))
    kind = fields.String(required=True, validate=OneOf(tuple(POSITION_KINDS)))
    workplace_code = fields.String(required=True, validate=CODE, metadata={
        "description": "a county in Tibet or a province outside Tibet"})
    headcount = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_HEADCOUNT))
    wage_min = fields.Decimal(required=True, validate=WAGE, metadata={"description": "monthly, in yuan"})
    wage_max = fields.Decimal(required=True, validate=WAGE, metadata={"description": "monthly, in yuan"})


class PositionUpdateSchema(_PositionFields):
    """Only the fields given change."""

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


# --- output -----------------------------------------------------------------------------------------------------

def partner_ref(partner_id: int | None) -> dict | None:
    """{id, name} of an aid-Tibet partner (a reference row, read once per session from the identity map)."""
    if partner_id is None:
        return None
    partner = db.session.get(AidPartner, partner_id)
    return {"id": partner.id, "name": partner_name(partner)}


def relief_project_ref(position) -> dict | None:
    """The work-for-relief project a position hires for, and until when it hires locals first."""
    if position.relief_project_id is None:
        return None
    from labour.relief.models import ReliefProject

    project = db.session.get(ReliefProject, position.relief_project_id)
    until = position.local_first_until or project.local_first_until
    return {"id": project.id, "name": project.name, "county_code": project.county_code,
            "local_first_until": until.isoformat() if until else None}


def partner_name(partner: AidPartner) -> str:
    """The partner's name: English in English, else Chinese (no sourced Tibetan names)."""
    from flask_babel import get_locale

    return partner.name_en if str(get_locale()) == "en" else partner.name_zh


def _labelled(labels: dict, values) -> list[dict]:
    return [{"code": value, "label": label(labels, value)} for value in values or []]


class PositionListItemSchema(Schema):
    """What a list shows; keep it small (a page of 20 stays under 15 KiB compressed)."""

    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    kind_label = Label(POSITION_KINDS, "kind")
    occupation = fields.Nested(NamedRef)
    workplace = fields.Nested(NamedRef)
    in_tibet = fields.Boolean()
    wage_min = fields.Decimal(as_string=True)
    wage_max = fields.Decimal(as_string=True)
    headcount = fields.Integer()
    places_left = fields.Integer()
    housing = fields.Boolean()
    meals = fields.Boolean()
    deadline = fields.Date(allow_none=True)
    employer_name = fields.Function(lambda p: p.employer.name)
    status = fields.String()
    status_label = Label(POSITION_STATUSES, "status")
    aid_partner = fields.Function(lambda p: partner_ref(p.aid_partner_id), allow_none=True, metadata={
        "description": "aid-Tibet positions: {id, name} of the partner; null otherwise"})
    employer_has_arrears = fields.Function(lambda p: p.employer_has_arrears, allow_none=True, metadata={
        "description": "true when workers report wages owed by the employer that they have not yet confirmed "
                       "paid (open wage arrears, `/api/v1/wage-arrears`). Always given by the position list "
                       "(computed in the page's own query) and detail; null where a view does not compute it"})


PositionPageSchema = page_schema(PositionListItemSchema, "PositionPage")


class EmployerRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class RequirementsSchema(Schema):
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    min_education = fields.String(allow_none=True)
    min_education_label = fields.Function(lambda p: label(EDUCATION_LEVELS, p.min_education)
                                          if p.min_education else None)
    skills = fields.List(fields.Nested(NamedRef), metadata={"description": "occupations the worker should know"})
    languages = fields.Function(lambda p: _labelled(LANGUAGES, p.required_languages),
                                metadata={"description": "[{code, label}]"})


class PositionSchema(PositionListItemSchema):
    """One position in full."""

    description = fields.String()
    employer = fields.Nested(EmployerRefSchema)
    requirements = fields.Nested(RequirementsSchema)
    priority_groups = fields.Function(lambda p: _labelled(PRIORITY_GROUPS, p.priority_groups), metadata={
        "description": "[{code, label}]: groups the employer gives priority to"})
    filled = fields.Integer()
    start_date = fields.Date(allow_none=True)
    relief_project = fields.Function(lambda p: relief_project_ref(p), allow_none=True, metadata={
        "description": "doorstep project jobs: {id, name, county_code, local_first_until} of the project"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
