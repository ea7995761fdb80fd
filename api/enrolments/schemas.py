from marshmallow import fields

from api.i18n import label, render
from api.people.schemas import CertificateSchema, PersonBaseSchema
from api.schemas import Label, Length, OneOf, PageArgs, Range, Schema, page_schema
from labour.cohorts.models import COHORT_MODES, COHORT_STATUSES
from labour.enrolments.models import ASSESSMENT_RESULTS, ENROLMENT_SOURCES, ENROLMENT_STATUSES
from labour.enrolments.services import MAX_ADMIT
from labour.people.idnumber import mask_phone
from labour.people.models import CERTIFICATE_LEVELS
from labour.positions.models import PRIORITY_GROUPS

ID = Range(min=1, max=2**31 - 1)
MAX_TRAINEES = 10000


# --- input ------------------------------------------------------------------------------------------------------

class EnrolmentCreateSchema(Schema):
    """No fields: the worker's own profile decides eligibility and priority."""


class EnrolmentListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(ENROLMENT_STATUSES)), metadata={
        "description": "`applied` is the waiting list, in the order places are given"})


class AdmitSchema(Schema):
    count = fields.Integer(required=True, strict=True, validate=Range(min=1, max=MAX_ADMIT))


class AttendanceInSchema(Schema):
    present = fields.List(fields.Integer(strict=True, validate=ID), required=True,
                          validate=Length(max=MAX_TRAINEES), metadata={
                              "description": "enrolment ids of the trainees present; every other trainee was absent"})


class AssessmentInSchema(Schema):
    enrolment_id = fields.Integer(required=True, strict=True, validate=ID)
    result = fields.String(required=True, validate=OneOf(tuple(ASSESSMENT_RESULTS)))
    score = fields.Decimal(allow_none=True, validate=Range(min=0, max=100))


class AssessmentsInSchema(Schema):
    results = fields.List(fields.Nested(AssessmentInSchema), required=True,
                          validate=Length(min=1, max=MAX_TRAINEES))


class CertificatesInSchema(Schema):
    level = fields.String(required=True, validate=OneOf(tuple(CERTIFICATE_LEVELS)))
    issued_on = fields.Date(required=True)
    enrolment_ids = fields.List(fields.Integer(strict=True, validate=ID), validate=Length(min=1, max=MAX_TRAINEES),
                                metadata={"description": "only these trainees (all must qualify); default: all who "
                                                         "qualify"})


# --- output -----------------------------------------------------------------------------------------------------

class CohortRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    mode = fields.String()
    mode_label = Label(COHORT_MODES, "mode")
    status = fields.String()
    status_label = Label(COHORT_STATUSES, "status")
    start_date = fields.Date()
    end_date = fields.Date()
    centre_name = fields.Function(lambda c: c.centre.name)


class _EnrolmentBase(Schema):
    id = fields.Integer()
    status = fields.String()
    status_label = Label(ENROLMENT_STATUSES, "status")
    completed = fields.Boolean(allow_none=True)
    attendance_rate = fields.Decimal(as_string=True, allow_none=True)
    assessment = fields.String(allow_none=True)
    assessment_label = fields.Function(lambda e: label(ASSESSMENT_RESULTS, e.assessment) if e.assessment else None)
    certificate = fields.Nested(CertificateSchema, allow_none=True)
    application_id = fields.Integer(allow_none=True, metadata={
        "description": "order-based: the offer of a reserved position (see /api/v1/me/applications)"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class MyEnrolmentSchema(_EnrolmentBase):
    cohort = fields.Nested(CohortRefSchema)


MyEnrolmentPageSchema = page_schema(MyEnrolmentSchema, "MyEnrolmentPage")


class TraineePersonSchema(PersonBaseSchema):
    """A trainee as the centre sees them: no ID number, phone masked."""

    phone = fields.Function(lambda p: mask_phone(p.phone), allow_none=True)


class TraineeSchema(_EnrolmentBase):
    cohort_id = fields.Integer()
    source = fields.String()
    source_label = Label(ENROLMENT_SOURCES, "source")
    priority_group = fields.String(allow_none=True, metadata={
        "description": "why the trainee comes first on the waiting list (monitored, poverty_alleviated, "
                       "school_leaver) or null"})
    priority_group_label = fields.Function(lambda e: label(PRIORITY_GROUPS, e.priority_group)
                                           if e.priority_group else None)
    person = fields.Nested(TraineePersonSchema)
    score = fields.Decimal(as_string=True, allow_none=True)
    placement_id = fields.Integer(allow_none=True)
    accepted_at = fields.DateTime(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)


TraineePageSchema = page_schema(TraineeSchema, "TraineePage")


class AttendanceLineSchema(Schema):
    enrolment_id = fields.Function(lambda line: line.enrolment.id)
    name = fields.Function(lambda line: line.enrolment.person.name)
    present = fields.Integer(metadata={"description": "sessions attended"})
    held = fields.Integer(metadata={"description": "sessions with attendance taken so far"})
    total = fields.Integer(metadata={"description": "sessions of the cohort"})
    rate = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "percent of the sessions held so far, rounded down"})
    behind = fields.Boolean(metadata={"description": "below the completion threshold so far: a warning"})
    can_still_complete = fields.Boolean()


class AttendanceSheetSchema(Schema):
    cohort_id = fields.Integer()
    completion_threshold = fields.Decimal(as_string=True)
    trainees = fields.List(fields.Nested(AttendanceLineSchema))


class NotEligibleSchema(Schema):
    enrolment_id = fields.Function(lambda pair: pair[0].id)
    name = fields.Function(lambda pair: pair[0].person.name)
    reasons = fields.Function(lambda pair: [render(m) for m in pair[1]])


class CertificatesResultSchema(Schema):
    certified = fields.List(fields.Nested(TraineeSchema))
    offered = fields.List(fields.Nested(TraineeSchema), metadata={
        "description": "order-based: graduates just offered a reserved position"})
    not_eligible = fields.List(fields.Nested(NotEligibleSchema))
