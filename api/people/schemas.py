"""People schemas, by audience (DESIGN.md §8).

- ``PersonSchema``: the owner: masked ID number, full phone, birth date, household status.
- ``StaffPersonSchema`` (and ``PersonListItemSchema``): officials in scope and admins: masked ID number, masked
  phone, age instead of the birth date, household status. The full values only through a reveal with a reason,
  which is audit-logged (``GET /persons/{id}?reveal=…&reason=…``, ``labour.audit``).
- ``CandidateSchema``: employers: no ID number, no household status or other poverty fields, masked phone.
"""
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from api.accounts.schemas import PHONE
from api.i18n import label
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, QueryArgs, Range, Regexp, Schema, page_schema
from labour.people.idnumber import mask_phone
from labour.people.models import (CERTIFICATE_LEVELS, EDUCATION_LEVELS, GENDERS, HOUSEHOLD_STATUSES, LANGUAGES)
from labour.people.selectors import age, division_of, household_members, occupation_get

DIVISION_CODE = Regexp(r"^\d{6}$", error=_l("Not a valid division code."))
OCCUPATION_CODE = Length(min=1, max=32)


def _division_ref(code):
    division = division_of(code)
    return NamedRef().dump(division) if division else None


def _occupation_ref(code):
    occupation = occupation_get(code)
    return NamedRef().dump(occupation) if occupation else {"code": code, "name": code, "name_fallback": True}


# --- input --------------------------------------------------------------------------------------------------

class _PersonFieldsSchema(Schema):
    """Fields a worker may edit on their own profile and an official on a person of their area."""

    name = fields.String(validate=Length(min=1, max=64))
    gender = fields.String(allow_none=True, validate=OneOf(tuple(GENDERS)))
    birth_date = fields.Date(allow_none=True)
    education = fields.String(allow_none=True, validate=OneOf(tuple(EDUCATION_LEVELS)))
    in_study = fields.Boolean(metadata={"description": "still in full-time study (then not a school leaver)"})
    languages = fields.List(fields.String(validate=OneOf(tuple(LANGUAGES))), validate=Length(max=len(LANGUAGES)))
    willing_outside_tibet = fields.Boolean()
    preferred_prefectures = fields.List(fields.String(validate=DIVISION_CODE), validate=Length(max=7),
                                        metadata={"description": "codes of prefectures in Tibet"})
    min_monthly_wage = fields.Decimal(as_string=True, allow_none=True, validate=Range(min=0, max=1000000),
                                      metadata={"description": "yuan per month"})
    available_from = fields.Date(allow_none=True)


class ProfileUpdateSchema(_PersonFieldsSchema):
    """The worker's own profile. The household status is not here: officials set it."""

    registered_county_code = fields.String(validate=DIVISION_CODE,
                                           metadata={"description": "the county of the household registration"})
    township = fields.String(allow_none=True, validate=Length(max=64))
    village = fields.String(allow_none=True, validate=Length(max=64))


class IdNumberSchema(Schema):
    id_number = fields.String(required=True, validate=Length(min=1, max=64), load_only=True,
                              metadata={"description": "GB 11643 resident ID number (18 characters)"})


class PersonUpdateSchema(_PersonFieldsSchema):
    household_id = fields.Integer(validate=Range(min=1, max=2**31 - 1))
    phone = fields.String(allow_none=True, validate=PHONE)


class PersonCreateSchema(PersonUpdateSchema):
    name = fields.String(required=True, validate=Length(min=1, max=64))
    household_id = fields.Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    id_number = fields.String(validate=Length(min=1, max=64), load_only=True)


class HouseholdUpdateSchema(Schema):
    registered_county_code = fields.String(validate=DIVISION_CODE)
    township = fields.String(allow_none=True, validate=Length(max=64))
    village = fields.String(allow_none=True, validate=Length(max=64))
    status = fields.String(validate=OneOf(tuple(HOUSEHOLD_STATUSES)))


class HouseholdCreateSchema(HouseholdUpdateSchema):
    registered_county_code = fields.String(required=True, validate=DIVISION_CODE)
    status = fields.String(load_default="other", validate=OneOf(tuple(HOUSEHOLD_STATUSES)))


class SkillInSchema(Schema):
    occupation_code = fields.String(required=True, validate=OCCUPATION_CODE)
    years = fields.Integer(load_default=0, validate=Range(min=0, max=80))


class CertificateInSchema(Schema):
    occupation_code = fields.String(required=True, validate=OCCUPATION_CODE)
    level = fields.String(required=True, validate=OneOf(tuple(CERTIFICATE_LEVELS)))
    number = fields.String(required=True, validate=Length(min=1, max=64))
    issued_on = fields.Date(required=True)
    issuer = fields.String(allow_none=True, validate=Length(max=128))


class PersonArgs(PageArgs):
    county = fields.String(validate=DIVISION_CODE)
    status = fields.String(validate=OneOf(tuple(HOUSEHOLD_STATUSES)), metadata={"description": "household status"})
    school_leaver = fields.Boolean()
    q = fields.String(validate=Length(min=1, max=64), metadata={"description": "part of the name"})


class HouseholdArgs(PageArgs):
    county = fields.String(validate=DIVISION_CODE)
    status = fields.String(validate=OneOf(tuple(HOUSEHOLD_STATUSES)))


# --- output -------------------------------------------------------------------------------------------------

class SkillSchema(Schema):
    occupation = fields.Function(lambda s: _occupation_ref(s.occupation_code))
    years = fields.Integer()


class CertificateSchema(Schema):
    id = fields.Integer()
    occupation = fields.Function(lambda c: _occupation_ref(c.occupation_code))
    level = fields.String()
    level_label = Label(CERTIFICATE_LEVELS, "level")
    number = fields.String()
    issued_on = fields.Date()
    issuer = fields.String(allow_none=True)


class PersonBaseSchema(Schema):
    """What every audience may see."""

    id = fields.Integer()
    name = fields.String()
    gender = fields.String(allow_none=True)
    gender_label = Label(GENDERS, "gender", allow_none=True)
    age = fields.Function(lambda p: age(p), allow_none=True)
    education = fields.String(allow_none=True)
    education_label = Label(EDUCATION_LEVELS, "education", allow_none=True)
    is_school_leaver = fields.Boolean(metadata={"description": "两后生: junior/senior secondary, not studying"})
    languages = fields.List(fields.String())
    language_labels = fields.Function(lambda p: [label(LANGUAGES, code) for code in p.languages or []])
    registered_county = fields.Function(lambda p: _division_ref(p.registered_county_code), allow_none=True)
    prefecture = fields.Method("_prefecture", allow_none=True)

    def _prefecture(self, person):
        county = division_of(person.registered_county_code)
        return _division_ref(county.parent_code) if county else None


class CandidateSchema(PersonBaseSchema):
    """A person as an employer sees them: no ID number, no household status, phone masked."""

    phone = fields.Function(lambda p: mask_phone(p.phone), allow_none=True)
    skills = fields.List(fields.Nested(SkillSchema))
    certificates = fields.List(fields.Nested(CertificateSchema))


class HouseholdSchema(Schema):
    id = fields.Integer()
    registered_county = fields.Function(lambda h: _division_ref(h.registered_county_code))
    township = fields.String(allow_none=True)
    village = fields.String(allow_none=True)
    status = fields.String()
    status_label = Label(HOUSEHOLD_STATUSES, "status")


class PersonListItemSchema(PersonBaseSchema):
    """A row of the officials' person list (no skills or certificates: lists stay small; phone masked)."""

    phone = fields.Function(lambda p: mask_phone(p.phone), allow_none=True)
    id_number_masked = fields.String(allow_none=True)
    household_id = fields.Integer(allow_none=True)
    household_status = fields.Function(lambda p: p.household.status if p.household else None, allow_none=True)
    household_status_label = fields.Function(
        lambda p: label(HOUSEHOLD_STATUSES, p.household.status) if p.household else None, allow_none=True)


class _PersonDetailSchema(PersonListItemSchema):
    in_study = fields.Boolean()
    household = fields.Nested(HouseholdSchema, allow_none=True)
    willing_outside_tibet = fields.Boolean()
    preferred_prefectures = fields.Function(lambda p: [_division_ref(c) for c in p.preferred_prefectures or []])
    min_monthly_wage = fields.Decimal(as_string=True, allow_none=True)
    available_from = fields.Date(allow_none=True)
    skills = fields.List(fields.Nested(SkillSchema))
    certificates = fields.List(fields.Nested(CertificateSchema))
    updated_at = fields.DateTime()


class PersonSchema(_PersonDetailSchema):
    """A person as the owner sees themselves."""

    phone = fields.String(allow_none=True)
    birth_date = fields.Date(allow_none=True)


class RevealedSchema(Schema):
    """Only the fields asked for with ``reveal`` are present."""

    id_number = fields.String(allow_none=True, metadata={"description": "the full resident ID number"})
    phone = fields.String(allow_none=True)
    birth_date = fields.Date(allow_none=True)


class StaffPersonSchema(_PersonDetailSchema):
    """A person as officials in scope and admins see them: phone masked, age but no birth date. ``revealed``
    carries the full values asked for with ``reveal`` and a ``reason`` (audit-logged), else null."""

    revealed = fields.Function(lambda p: RevealedSchema().dump(p.revealed) if getattr(p, "revealed", None)
                               is not None else None, allow_none=True,
                               metadata={"description": "the fields asked for with `reveal`, in clear"})


class PersonGetArgs(QueryArgs):
    reveal = fields.String(validate=Length(min=1, max=64), metadata={
        "description": "comma-separated fields to show in clear: id_number, phone, birth_date (needs `reason`; "
                       "the read is audit-logged)"})
    reason = fields.String(validate=Length(max=400), metadata={
        "description": "why you need to see them (2–200 characters); required with `reveal`"})


class MemberSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    age = fields.Function(lambda p: age(p), allow_none=True)
    is_school_leaver = fields.Boolean()


class HouseholdDetailSchema(HouseholdSchema):
    members = fields.Function(lambda h: MemberSchema(many=True).dump(household_members(h)))


PersonPage = page_schema(PersonListItemSchema, "PersonPage")
HouseholdPage = page_schema(HouseholdSchema, "HouseholdPage")
