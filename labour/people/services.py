"""People: a worker's own profile, households and persons kept by officials, skills, certificates, ID numbers.

Every call takes the acting user and checks scope here, so a roster import or a job gets the same rules as
the API. An existing record outside the actor's area is reported as not found (see ``selectors``).
"""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour import fields
from labour.accounts.models import User
from labour.audit.services import audit_record, reason_clean
from labour.db import atomic, db
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.occupations.selectors import occupation_codes_check
from labour.people import idnumber
from labour.people.models import (CERTIFICATE_LEVELS, EDUCATION_LEVELS, GENDERS, HOUSEHOLD_STATUSES, LANGUAGES,
                                  Certificate, Household, Person, Skill)
from labour.people.selectors import household_in_scope, person_get, person_in_scope, valid_id
from labour.runtime import runtime

UNSET = object()  # "not given" in a partial update, as opposed to None ("clear it")
MAX_SKILL_YEARS = 80
_NOT_MATCHING_ID = N_("This does not match the ID number on record.")


# --- field rules shared by the worker's profile and the officials' person records -----------------------------

def _text(value: str | None, field: str, *, required: bool = False, max_length: int = 64) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Invalid.field(field, N_("Not a valid string."))
    value = value.strip() if value else value
    if not value:
        if required:
            raise Invalid.field(field, N_("Missing data for required field."))
        return None
    if len(value) > max_length:
        raise Invalid.field(field, N_("Longer than maximum length %(n)s."), n=max_length)
    return value


def _choice(value, labels: dict, field: str):
    if value is not None and value not in labels:
        raise Invalid.field(field, N_("Must be one of: %(choices)s."), choices=", ".join(labels))
    return value


def _date_not_future(value: date | None, field: str) -> date | None:
    if value is not None and (value > idnumber.local_today() or value < idnumber.EARLIEST_BIRTH_DATE):
        raise Invalid.field(field, N_("Not a possible date."))
    return value


def _county(code: str, field: str = "registered_county_code") -> Division:
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None or division.level != "county":
        raise Invalid.field(field, N_("Choose a county in Tibet."))
    return division


def _prefectures(codes, field: str = "preferred_prefectures") -> list[str]:
    codes = list(dict.fromkeys(codes or []))
    if codes:
        found = set(db.session.scalars(sa.select(Division.code).where(Division.code.in_(codes),
                                                                      Division.level == "prefecture")))
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise Invalid.field(field, N_("Unknown prefecture: %(value)s."), value=", ".join(map(str, unknown)))
    return codes


def _wage(value) -> Decimal | None:
    return None if value is None else fields.decimal(value, "min_monthly_wage")


def _id_parts(person: Person) -> idnumber.IdNumber | None:
    if not person.id_number_enc:
        return None
    return idnumber.parse(runtime().cipher.decrypt(person.id_number_enc))


def _set_person_fields(person: Person, *, name=UNSET, gender=UNSET, birth_date=UNSET, phone=UNSET,
                       education=UNSET, in_study=UNSET, languages=UNSET, willing_outside_tibet=UNSET,
                       preferred_prefectures=UNSET, min_monthly_wage=UNSET, available_from=UNSET) -> None:
    """Validate and set the given fields; untouched ones stay as they are."""
    if name is not UNSET:
        person.name = _text(name, "name", required=True)
    if phone is not UNSET:
        person.phone = None if phone is None else fields.mobile_phone(phone)
    if education is not UNSET:
        person.education = _choice(education, EDUCATION_LEVELS, "education")
    if in_study is not UNSET:
        person.in_study = bool(in_study)
    if languages is not UNSET:
        languages = list(dict.fromkeys(languages or []))
        for code in languages:
            _choice(code, LANGUAGES, "languages")
        person.languages = languages
    if willing_outside_tibet is not UNSET:
        person.willing_outside_tibet = bool(willing_outside_tibet)
    if preferred_prefectures is not UNSET:
        person.preferred_prefectures = _prefectures(preferred_prefectures)
    if min_monthly_wage is not UNSET:
        person.min_monthly_wage = _wage(min_monthly_wage)
    if available_from is not UNSET:
        person.available_from = available_from
    if gender is not UNSET or birth_date is not UNSET:
        parts = _id_parts(person)
        if gender is not UNSET:
            _choice(gender, GENDERS, "gender")
            if parts and gender != parts.gender:
                raise Invalid.field("gender", _NOT_MATCHING_ID)
            person.gender = gender
        if birth_date is not UNSET:
            _date_not_future(birth_date, "birth_date")
            if parts and birth_date != parts.birth_date:
                raise Invalid.field("birth_date", _NOT_MATCHING_ID)
            person.birth_date = birth_date


def _store_id_number(person: Person, number: str) -> None:
    """Validate, check uniqueness, encrypt; birth date and gender follow the number (see ``id_number_set``)."""
    parsed = idnumber.parse(number)
    cipher = runtime().cipher
    index = cipher.blind_index(parsed.number)
    holder = db.session.scalar(sa.select(Person.id).where(Person.id_number_index == index))
    if holder is not None and holder != person.id:
        raise Conflict(errors={"id_number": [N_("This ID number is already registered to another person.")]},
                       code="id_number_taken")
    old = _id_parts(person)
    # Fields that came from the old number follow the new one; fields entered by hand must agree with it.
    if person.birth_date is None or (old and person.birth_date == old.birth_date):
        person.birth_date = parsed.birth_date
    elif person.birth_date != parsed.birth_date:
        raise Invalid.field("id_number", N_("The birth date in this ID number differs from the one on record."))
    if person.gender is None or (old and person.gender == old.gender):
        person.gender = parsed.gender
    elif person.gender != parsed.gender:
        raise Invalid.field("id_number", N_("The gender in this ID number differs from the one on record."))
    person.id_number_enc = cipher.encrypt(parsed.number)
    person.id_number_index = index
    person.id_number_masked = idnumber.mask(parsed.number)


def _flush_unique() -> None:
    """Two requests racing for the same value: the unique constraint decides, the loser gets the same 409."""
    try:
        db.session.flush()
    except IntegrityError as error:
        if "id_number_index" in str(error.orig):
            raise Conflict(errors={"id_number": [N_("This ID number is already registered to another person.")]},
                           code="id_number_taken") from None
        if "uq_certificate_occupation_code" in str(error.orig):
            raise Conflict(errors={"number": [N_("This certificate is already registered.")]},
                           code="certificate_taken") from None
        raise


# --- scope --------------------------------------------------------------------------------------------------

def _require_staff(actor: User) -> None:
    if actor.role not in ("official", "admin"):
        raise PermissionDenied()


def _check_county_scope(actor: User, code: str) -> None:
    if actor.role == "official" and not code_in_scope(actor.division, code):
        raise PermissionDenied(N_("That division is outside your area."))


def _person_for_update(actor: User, person_id: int) -> Person:
    # FOR UPDATE OF person only: the household is joined eagerly, on the nullable side of an outer join.
    person = db.session.get(Person, person_id, with_for_update={"of": Person}) \
        if valid_id(person_id) else None
    if person is None or not person_in_scope(actor, person):
        raise NotFound(N_("No such person."))
    return person


def _household_for_update(actor: User, household_id: int) -> Household:
    household = db.session.get(Household, household_id, with_for_update=True) \
        if valid_id(household_id) else None
    if household is None or not household_in_scope(actor, household):
        raise NotFound(N_("No such household."))
    return household


def _own_person_id(user: User) -> int:
    if user.role != "worker":
        raise PermissionDenied()
    if user.person_id is None:
        raise NotFound(N_("No such person."))
    return user.person_id


# --- the worker's own profile -------------------------------------------------------------------------------

def profile_update(*, user: User, name=UNSET, gender=UNSET, birth_date=UNSET, education=UNSET, in_study=UNSET,
                   languages=UNSET, willing_outside_tibet=UNSET, preferred_prefectures=UNSET,
                   min_monthly_wage=UNSET, available_from=UNSET, registered_county_code=UNSET, township=UNSET,
                   village=UNSET) -> Person:
    """A worker edits their own person. The household status is not theirs to set: officials decide it.

    Giving a location creates the worker's household (status "other") if they have none. A household shared
    with other members is kept by officials, so its location cannot be changed from one member's profile.
    """
    with atomic():
        person = _person_for_update(user, _own_person_id(user))
        _set_person_fields(person, name=name, gender=gender, birth_date=birth_date, education=education,
                           in_study=in_study, languages=languages, willing_outside_tibet=willing_outside_tibet,
                           preferred_prefectures=preferred_prefectures, min_monthly_wage=min_monthly_wage,
                           available_from=available_from)
        if any(v is not UNSET for v in (registered_county_code, township, village)):
            # Validate first: a query would autoflush a half-built household.
            county = _county(registered_county_code).code if registered_county_code is not UNSET else UNSET
            township = _text(township, "township") if township is not UNSET else UNSET
            village = _text(village, "village") if village is not UNSET else UNSET
            household = person.household
            if household is None:
                if county is UNSET:
                    raise Invalid.field("registered_county_code", N_("Choose a county in Tibet."))
                household = Household(registered_county_code=county, status="other")
                db.session.add(household)
                person.household = household
            elif db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(
                    Person.household_id == household.id, Person.id != person.id)):
                raise Invalid.field("registered_county_code", N_(
                    "Your household has other members; ask your county office to change its location."))
            if county is not UNSET:
                household.registered_county_code = county
            if township is not UNSET:
                household.township = township
            if village is not UNSET:
                household.village = village
    return person


def id_number_set(*, actor: User, person_id: int, id_number: str) -> Person:
    """Set or replace a person's ID number: validated, unique, stored encrypted with a blind index and masked.

    Birth date and gender are filled from the number when empty; when entered by hand they must agree with it.
    """
    with atomic():
        person = _person_for_update(actor, person_id)
        _store_id_number(person, id_number)
        _flush_unique()
    return person


# --- households and persons kept by officials ----------------------------------------------------------------

def household_create(*, actor: User, registered_county_code: str, township: str | None = None,
                     village: str | None = None, status: str = "other") -> Household:
    _require_staff(actor)
    with atomic():
        county = _county(registered_county_code)
        _check_county_scope(actor, county.code)
        household = Household(registered_county_code=county.code, township=_text(township, "township"),
                              village=_text(village, "village"), status=_choice(status, HOUSEHOLD_STATUSES, "status"))
        db.session.add(household)
    return household


def household_update(*, actor: User, household_id: int, registered_county_code=UNSET, township=UNSET,
                     village=UNSET, status=UNSET) -> Household:
    _require_staff(actor)
    with atomic():
        household = _household_for_update(actor, household_id)
        if registered_county_code is not UNSET:
            county = _county(registered_county_code)
            _check_county_scope(actor, county.code)
            household.registered_county_code = county.code
        if township is not UNSET:
            household.township = _text(township, "township")
        if village is not UNSET:
            household.village = _text(village, "village")
        if status is not UNSET:
            if status is None:
                raise Invalid.field("status", N_("Field may not be null."))
            household.status = _choice(status, HOUSEHOLD_STATUSES, "status")
    return household


def _household_ref(actor: User, household_id) -> Household:
    """A household named in a request body: unknown and out-of-scope look the same (422 on the field)."""
    household = db.session.get(Household, household_id) if valid_id(household_id) else None
    if household is None or not household_in_scope(actor, household):
        raise Invalid.field("household_id", N_("No such household."))
    return household


def person_create(*, actor: User, name: str, household_id: int, gender: str | None = None,
                  birth_date: date | None = None, phone: str | None = None, id_number: str | None = None,
                  education: str | None = None, in_study: bool = False, languages=(),
                  willing_outside_tibet: bool = False, preferred_prefectures=(), min_monthly_wage=None,
                  available_from: date | None = None) -> Person:
    """An official records a person in a household of their area (and, optionally, the ID number at once)."""
    _require_staff(actor)
    with atomic():
        household = _household_ref(actor, household_id)
        person = Person(in_study=False, languages=[], willing_outside_tibet=False, preferred_prefectures=[])
        _set_person_fields(person, name=name, gender=gender, birth_date=birth_date, phone=phone,
                           education=education, in_study=in_study, languages=languages,
                           willing_outside_tibet=willing_outside_tibet, preferred_prefectures=preferred_prefectures,
                           min_monthly_wage=min_monthly_wage, available_from=available_from)
        person.household = household  # only now: the person joins the session complete
        db.session.add(person)
        if id_number is not None:
            _store_id_number(person, id_number)
        _flush_unique()
    return person


def person_update(*, actor: User, person_id: int, household_id=UNSET, name=UNSET, gender=UNSET,
                  birth_date=UNSET, phone=UNSET, education=UNSET, in_study=UNSET, languages=UNSET,
                  willing_outside_tibet=UNSET, preferred_prefectures=UNSET, min_monthly_wage=UNSET,
                  available_from=UNSET) -> Person:
    _require_staff(actor)
    with atomic():
        person = _person_for_update(actor, person_id)
        if household_id is not UNSET:
            person.household = _household_ref(actor, household_id)
        _set_person_fields(person, name=name, gender=gender, birth_date=birth_date, phone=phone,
                           education=education, in_study=in_study, languages=languages,
                           willing_outside_tibet=willing_outside_tibet, preferred_prefectures=preferred_prefectures,
                           min_monthly_wage=min_monthly_wage, available_from=available_from)
    return person


# --- skills and certificates against the shipped occupation list ---------------------------------------------

def skill_set(*, actor: User, person_id: int, occupation_code: str, years: int = 0) -> Skill:
    """Add a skill or change its years of experience."""
    if not isinstance(years, int) or not 0 <= years <= MAX_SKILL_YEARS:
        raise Invalid.field("years", N_("Must be between %(min)s and %(max)s."), min=0, max=MAX_SKILL_YEARS)
    with atomic():
        person = _person_for_update(actor, person_id)
        occupation_codes_check([occupation_code], field="occupation_code")
        skill = db.session.scalar(sa.select(Skill).where(Skill.person_id == person.id,
                                                         Skill.occupation_code == occupation_code))
        if skill is None:
            skill = Skill(person_id=person.id, occupation_code=occupation_code)
            db.session.add(skill)
        skill.years = years
    return skill


def skill_remove(*, actor: User, person_id: int, occupation_code: str) -> None:
    with atomic():
        person = _person_for_update(actor, person_id)
        deleted = db.session.execute(sa.delete(Skill).where(Skill.person_id == person.id,
                                                            Skill.occupation_code == occupation_code)).rowcount
        if not deleted:
            raise NotFound(N_("No such skill."))


def certificate_add(*, actor: User, person_id: int, occupation_code: str, level: str, number: str,
                    issued_on: date, issuer: str | None = None) -> Certificate:
    with atomic():
        person = _person_for_update(actor, person_id)
        occupation_codes_check([occupation_code], field="occupation_code")
        if issued_on is None:
            raise Invalid.field("issued_on", N_("Missing data for required field."))
        certificate = Certificate(person_id=person.id, occupation_code=occupation_code,
                                  level=_choice(level, CERTIFICATE_LEVELS, "level"),
                                  number=_text(number, "number", required=True),
                                  issued_on=_date_not_future(issued_on, "issued_on"),
                                  issuer=_text(issuer, "issuer", max_length=128))
        taken = db.session.scalar(sa.select(sa.func.count()).select_from(Certificate).where(
            Certificate.occupation_code == occupation_code, Certificate.number == certificate.number))
        if taken:
            raise Conflict(errors={"number": [N_("This certificate is already registered.")]},
                           code="certificate_taken")
        db.session.add(certificate)
        _flush_unique()
    return certificate


def certificate_remove(*, actor: User, person_id: int, certificate_id: int) -> None:
    with atomic():
        person = _person_for_update(actor, person_id)
        deleted = valid_id(certificate_id) and db.session.execute(
            sa.delete(Certificate).where(Certificate.person_id == person.id, Certificate.id == certificate_id)
        ).rowcount
        if not deleted:
            raise NotFound(N_("No such certificate."))


# --- revealing sensitive fields to staff, with a reason, audit-logged ----------------------------------------

REVEALABLE = ("id_number", "phone", "birth_date")


class PersonRevealed:
    """A person read together with the sensitive values a staff member asked to see in clear."""

    def __init__(self, person: Person, revealed: dict | None):
        self.person, self.revealed = person, revealed

    def __getattr__(self, name):
        return getattr(self.person, name)


def person_reveal(*, actor: User, person_id: int, fields, reason) -> PersonRevealed:
    """An official in scope (or an admin) sees the full ID number, phone number or birth date of one person.

    The reason is required; one audit row (who, which fields, why, when) is written in the same transaction,
    and the values are returned only once it is committed: a reveal that cannot be logged is refused.
    Out of scope is *not found*, and nothing is logged.
    """
    _require_staff(actor)
    if isinstance(fields, str):
        fields = [part.strip() for part in fields.split(",")]
    fields = list(dict.fromkeys(f for f in (fields or []) if f))
    if not fields:
        raise Invalid.field("reveal", N_("Must be one of: %(choices)s."), choices=", ".join(REVEALABLE))
    for name in fields:
        if name not in REVEALABLE:
            raise Invalid.field("reveal", N_("Must be one of: %(choices)s."), choices=", ".join(REVEALABLE))
    reason = reason_clean(reason)
    with atomic():
        person = person_get(user=actor, person_id=person_id)
        values = {}
        for name in fields:
            if name == "id_number":
                values[name] = runtime().cipher.decrypt(person.id_number_enc) if person.id_number_enc else None
            elif name == "birth_date":
                values[name] = person.birth_date
            else:
                values[name] = person.phone
        audit_record(actor=actor, action="person.read_sensitive", object_kind="person", object_ids=[person.id],
                     fields=fields, reason=reason)
    return PersonRevealed(person, values)


# --- key rotation ---------------------------------------------------------------------------------------------

def id_numbers_reencrypt(*, batch_size: int = 1000) -> int:
    """Re-encrypt every ID number not under the current (first) key; return how many were rewritten.

    Batches commit one by one (short locks on a large table); a rerun picks up where an interrupted one stopped.
    """
    cipher = runtime().cipher
    rewritten, last_id = 0, 0
    while True:
        with atomic():
            rows = db.session.execute(
                sa.select(Person.id, Person.id_number_enc).where(Person.id > last_id,
                                                                 Person.id_number_enc.is_not(None))
                .order_by(Person.id).limit(batch_size)
            ).all()
            if not rows:
                return rewritten
            last_id = rows[-1].id
            for person_id, token in rows:
                if cipher.needs_rotation(token):
                    db.session.execute(sa.update(Person).where(Person.id == person_id, Person.id_number_enc == token)
                                       .values(id_number_enc=cipher.rotate(token)))
                    rewritten += 1
