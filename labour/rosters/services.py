"""Roster import: a centre uploads a CSV or XLSX list of trainees for a cohort; a background task checks every
row, collecting every problem, and then writes everything in one transaction, or nothing.

A person whose ID number is already known (found through the blind index) is matched, never duplicated; new
persons get a household in their registered county (status "other": only officials set poverty status).
Imported trainees are enrolled as confirmed, taking seats by one conditional update.
"""
import re
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from labour import fields
from labour.accounts.models import User
from labour.cohorts.models import Cohort
from labour.cohorts.selectors import cohort_manageable
from labour.db import atomic, db, utcnow
from labour.divisions.models import Division
from labour.enrolments.models import Enrolment
from labour.enrolments.services import eligibility_problems, person_groups, priority_rank
from labour.errors import Conflict, Invalid, NotFound
from labour.i18n import Message, N_
from labour.people import idnumber
from labour.people.models import EDUCATION_LEVELS, SCHOOL_LEAVER_LEVELS, Household, Person
from labour.people.selectors import valid_id
from labour.placements.models import Placement
from labour.rosters.models import UPLOAD_FORMATS, RosterUpload
from labour.rosters.parsing import FileProblem, read_roster
from labour.runtime import runtime

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_ROWS = 20000
IMPORTABLE_STATUSES = ("planned", "open", "running")
DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
GENDER_ALIASES = {"male": "male", "female": "female", "男": "male", "女": "female", "m": "male", "f": "female"}
EDUCATION_ALIASES = {"文盲": "none", "未上学": "none", "小学": "primary", "初中": "junior_secondary",
                     "高中": "senior_secondary", "中专": "vocational_secondary", "职高": "vocational_secondary",
                     "大专": "college", "本科": "bachelor", "研究生": "bachelor"}
_REQUIRED = N_("Missing data for required field.")

Report = Callable[[str, int, int], None]  # (stage, done, total)


def _no_report(stage: str, done: int, total: int) -> None:
    pass


# --- the upload --------------------------------------------------------------------------------------------

def roster_upload_create(*, actor: User, cohort_id: int, filename: str, content: bytes) -> RosterUpload:
    """Keep the file in the database, waiting for the import task."""
    filename = (filename or "").strip()[-200:]
    fmt = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if fmt not in UPLOAD_FORMATS:
        raise Invalid.field("file", N_("Upload a .csv or .xlsx file."))
    if not content:
        raise Invalid.field("file", N_("The file is empty."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise Invalid.field("file", N_("The file is larger than %(n)s MiB."), n=MAX_UPLOAD_BYTES // (1024 * 1024))
    if fmt == "xlsx" and not content.startswith(b"PK"):
        raise Invalid.field("file", N_("The file is not a readable XLSX workbook."))
    with atomic():
        cohort = db.session.get(Cohort, cohort_id) if valid_id(cohort_id) else None
        if cohort is None or not cohort_manageable(actor, cohort) or actor.role not in ("centre_staff", "admin"):
            raise NotFound(N_("No such cohort."))
        if cohort.status not in IMPORTABLE_STATUSES:
            raise Conflict(N_("This cohort is not taking trainees."), code="cohort_not_open")
        upload = RosterUpload(cohort_id=cohort.id, uploaded_by_id=actor.id, filename=filename, format=fmt,
                              content=content, size=len(content), status="queued", errors=[])
        db.session.add(upload)
    return upload


def roster_upload_task_set(*, upload_id: int, task_id: str) -> RosterUpload:
    with atomic():
        upload = db.session.get(RosterUpload, upload_id)
        upload.task_id = task_id
    return upload


# --- checking the rows ----------------------------------------------------------------------------------------

class _Errors:
    def __init__(self):
        self.items: list[dict] = []

    def add(self, row: int | None, field: str, message: Message) -> None:
        self.items.append({"row": row, "field": field, "message": message.msgid, "params": message.params or {}})


def _date(value: str) -> date | None:
    match = DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _check_row(number: int, values: dict, *, counties: set, today: date, errors: _Errors, numeric_id: bool):
    """The row's clean values, or None after adding each of its problems to ``errors``."""
    bad = len(errors.items)
    clean = {}
    name = values.get("name", "")
    if not name:
        errors.add(number, "name", Message(_REQUIRED))
    elif len(name) > 64:
        errors.add(number, "name", Message(N_("Longer than maximum length %(n)s."), n=64))
    clean["name"] = name
    parsed = None
    raw_id = values.get("id_number", "")
    if not raw_id:
        errors.add(number, "id_number", Message(_REQUIRED))
    elif numeric_id and len(raw_id) >= 15:
        errors.add(number, "id_number", Message(N_("Store ID numbers as text in the spreadsheet: as a number it "
                                                   "loses its last digits.")))
    else:
        try:
            parsed = idnumber.parse(raw_id, today=today)
        except Invalid as error:
            for message in error.errors.get("id_number", [error.message]):
                errors.add(number, "id_number", message)
    clean["id"] = parsed
    phone = values.get("phone", "")
    if phone and not fields.PHONE.fullmatch(phone):
        errors.add(number, "phone", Message(N_("Not a valid mobile phone number.")))
    clean["phone"] = phone or None
    birth = values.get("birth_date", "")
    if birth:
        clean_birth = _date(birth)
        if clean_birth is None:
            errors.add(number, "birth_date", Message(N_("Not a valid date.")))
        elif parsed and clean_birth != parsed.birth_date:
            errors.add(number, "birth_date", Message(N_("This does not match the ID number.")))
    gender = values.get("gender", "")
    if gender:
        clean_gender = GENDER_ALIASES.get(gender.lower())
        if clean_gender is None:
            errors.add(number, "gender", Message(N_("Must be one of: %(choices)s."), choices="male, female"))
        elif parsed and clean_gender != parsed.gender:
            errors.add(number, "gender", Message(N_("This does not match the ID number.")))
    education = values.get("education", "")
    if education:
        education = EDUCATION_ALIASES.get(education, education)
        if education not in EDUCATION_LEVELS:
            errors.add(number, "education", Message(N_("Must be one of: %(choices)s."),
                                                    choices=", ".join(EDUCATION_LEVELS)))
    clean["education"] = education or None
    county = values.get("registered_county_code", "")
    if not county:
        errors.add(number, "registered_county_code", Message(_REQUIRED))
    elif county not in counties:
        errors.add(number, "registered_county_code", Message(N_("Choose a county in Tibet.")))
    clean["county"] = county
    for field in ("township", "village"):
        value = values.get(field, "")
        if len(value) > 64:
            errors.add(number, field, Message(N_("Longer than maximum length %(n)s."), n=64))
        clean[field] = value or None
    return clean if len(errors.items) == bad else None


def _existing(indexes: list[str]) -> dict[str, Person]:
    found = {}
    for start in range(0, len(indexes), 1000):
        for person in db.session.scalars(sa.select(Person).where(
                Person.id_number_index.in_(indexes[start:start + 1000]))):
            found[person.id_number_index] = person
    return found


def _in_chunks(column, values: list, query_for):
    rows = []
    for start in range(0, len(values), 1000):
        rows.extend(db.session.execute(query_for(column.in_(values[start:start + 1000]))).all())
    return rows


def insert_many(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in bulk and return their new ids, in order.

    On PostgreSQL the ids are drawn from the table's sequence in one query and the rows go in by a plain
    executemany (psycopg pipelines it); INSERT … RETURNING of thousands of rows costs about twice as much there,
    most of it in building the huge multi-VALUES statements. Elsewhere (SQLite) RETURNING in parameter order.
    """
    if not rows:
        return []
    table = model.__table__
    if db.session.get_bind().dialect.name == "postgresql":
        ids = list(db.session.scalars(
            sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence(table.name, "id")))
            .select_from(sa.func.generate_series(1, len(rows)))))
        db.session.execute(sa.insert(table), [{**row, "id": i} for row, i in zip(rows, ids)])
        return ids
    return list(db.session.scalars(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


# --- the import -----------------------------------------------------------------------------------------------

def roster_import(*, upload_id: int, report: Report | None = None, today: date | None = None) -> dict:
    """Check every row of the upload, then land all of it or none. Safe to run twice: an upload that is no
    longer queued is left as it is. Returns a summary."""
    report = report or _no_report
    today = today or idnumber.local_today()
    with atomic():
        upload = db.session.get(RosterUpload, upload_id, with_for_update={"of": RosterUpload}) \
            if valid_id(upload_id) else None
        if upload is None:
            raise NotFound(N_("No such roster upload."))
        if upload.status != "queued":
            return _summary(upload)
        outcome = _import(upload, report=report, today=today)
        if outcome is not None:  # rejected: keep the errors, nothing else
            upload.status, upload.errors = "rejected", outcome.items
            upload.finished_at = utcnow()
        return _summary(upload)


def _summary(upload: RosterUpload) -> dict:
    return {"upload_id": upload.id, "status": upload.status, "rows": upload.rows, "errors": len(upload.errors or []),
            "enrolled": upload.enrolled, "persons_created": upload.persons_created,
            "persons_matched": upload.persons_matched}


def _import(upload: RosterUpload, *, report: Report, today: date) -> "_Errors | None":
    """Inside the caller's transaction: write everything and mark the upload imported (returns None), or write
    nothing and return the errors."""
    errors = _Errors()
    cohort = db.session.get(Cohort, upload.cohort_id, with_for_update={"of": Cohort})
    try:
        rows, numeric = read_roster(upload.content, upload.format)
    except FileProblem as problem:
        errors.add(None, "file", problem.message)
        return errors
    upload.rows = len(rows)
    if not rows:
        errors.add(None, "file", Message(N_("The file has no trainees.")))
        return errors
    if len(rows) > MAX_ROWS:
        errors.add(None, "file", Message(N_("At most %(n)s rows per upload."), n=MAX_ROWS))
        return errors
    if cohort.status not in IMPORTABLE_STATUSES:
        errors.add(None, "file", Message(N_("This cohort is not taking trainees.")))
        return errors
    counties = set(db.session.scalars(sa.select(Division.code).where(Division.level == "county")))

    # 1. Every row on its own.
    total = len(rows)
    checked, first_row = [], {}
    for done, (number, values) in enumerate(rows, 1):
        clean = _check_row(number, values, counties=counties, today=today, errors=errors,
                           numeric_id=number in numeric)
        if clean is not None:
            earlier = first_row.setdefault(clean["id"].number, number)
            if earlier != number:
                errors.add(number, "id_number", Message(N_("The same ID number is on row %(row)s."), row=earlier))
            else:
                checked.append((number, clean))
        if done % 1000 == 0:
            report(N_("Checking rows"), done, total)

    # 2. Against what is known: existing persons, their enrolments, the cohort's rules and seats.
    cipher = runtime().cipher
    for _, clean in checked:
        clean["index"] = cipher.blind_index(clean["id"].number)
    known = _existing([c["index"] for _, c in checked])
    known_ids = [p.id for p in known.values()]
    enrolled = dict(_in_chunks(Enrolment.person_id, known_ids, lambda cond: sa.select(
        Enrolment.person_id, Enrolment.status).where(Enrolment.cohort_id == cohort.id, cond)))
    employed = set()
    if cohort.mode == "on_the_job":
        employed = {r[0] for r in _in_chunks(Placement.person_id, known_ids, lambda cond: sa.select(
            Placement.person_id).where(cond, Placement.employer_id == cohort.employer_id,
                                       sa.or_(Placement.end_date.is_(None), Placement.end_date >= cohort.start_date)))}
    new_rows, enrol, reenrol, already = [], [], [], 0
    for number, clean in checked:
        person = known.get(clean["index"])
        if person is not None:
            groups = person_groups(household_status=person.household.status if person.household else None,
                                   school_leaver=person.is_school_leaver)
            problems = eligibility_problems(cohort, birth_date=person.birth_date, education=person.education,
                                            groups=groups)
        else:
            groups = person_groups(household_status=None, school_leaver=clean["education"] in SCHOOL_LEAVER_LEVELS)
            problems = eligibility_problems(cohort, birth_date=clean["id"].birth_date, education=clean["education"],
                                            groups=groups)
        if cohort.mode == "on_the_job" and (person is None or person.id not in employed):
            problems.append(("id_number", Message(N_("This course is for the employer's own staff."))))
        for field, message in problems:
            errors.add(number, field, message)
        if problems:
            continue
        rank = priority_rank(groups)
        if person is None:
            new_rows.append((clean, rank))
        elif enrolled.get(person.id) in ("applied", "accepted", "confirmed"):
            already += 1
        elif person.id in enrolled:
            reenrol.append((person.id, rank))
        else:
            enrol.append((person.id, rank))
    needed = len(new_rows) + len(enrol) + len(reenrol)
    if needed > cohort.capacity - cohort.seats_taken:
        errors.add(None, "file", Message(N_("This roster needs %(needed)s seats; the cohort has %(left)s left."),
                                         needed=needed, left=cohort.capacity - cohort.seats_taken))
    if errors.items:
        errors.items.sort(key=lambda e: (e["row"] or 0))
        return errors

    # 3. Write it all: seats first (conditionally), then households, persons and enrolments in bulk.
    report(N_("Saving trainees"), 0, needed or 1)
    if needed:
        taken = db.session.execute(
            sa.update(Cohort).where(Cohort.id == cohort.id, Cohort.seats_taken + needed <= Cohort.capacity)
            .values(seats_taken=Cohort.seats_taken + needed).execution_options(synchronize_session=False)).rowcount
        if taken != 1:
            raise Conflict(N_("All places of this cohort are taken."), code="cohort_full")
    now = utcnow()
    if new_rows:
        household_ids = insert_many(Household, [
            dict(registered_county_code=c["county"], township=c["township"], village=c["village"], status="other",
                 created_at=now, updated_at=now) for c, _ in new_rows])
        person_ids = insert_many(Person, [
            dict(name=c["name"], gender=c["id"].gender, birth_date=c["id"].birth_date, phone=c["phone"],
                 id_number_enc=cipher.encrypt(c["id"].number), id_number_index=c["index"],
                 id_number_masked=idnumber.mask(c["id"].number), household_id=household_id,
                 education=c["education"], in_study=False, languages=[], willing_outside_tibet=False,
                 preferred_prefectures=[], created_at=now, updated_at=now)
            for (c, _), household_id in zip(new_rows, household_ids)])
        enrol.extend((person_id, rank) for person_id, (_, rank) in zip(person_ids, new_rows))
    if enrol:
        db.session.execute(sa.insert(Enrolment), [
            dict(cohort_id=cohort.id, person_id=person_id, status="confirmed", source="roster", priority=rank,
                 accepted_at=now, confirmed_at=now, created_at=now, updated_at=now) for person_id, rank in enrol])
    for person_id, rank in reenrol:
        db.session.execute(sa.update(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                      Enrolment.person_id == person_id)
                           .values(status="confirmed", source="roster", priority=rank, accepted_at=now,
                                   confirmed_at=now, updated_at=now))
    report(N_("Saving trainees"), needed or 1, needed or 1)
    upload.status = "imported"
    upload.errors = []
    upload.persons_created = len(new_rows)
    upload.persons_matched = len(checked) - len(new_rows)
    upload.enrolled = needed
    upload.already_enrolled = already
    upload.finished_at = now
    return None
