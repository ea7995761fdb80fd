from decimal import Decimal

from flask_babel import gettext
from marshmallow import ValidationError, fields, validates_schema

from api.i18n import label
from api.schemas import Label, Length, NamedRef, OneOf, PageArgs, Range, Regexp, Schema, page_schema
from labour.ecoposts.models import APPRAISAL_PERIODS, DUTY_KINDS, GRADES, PAYMENT_STATUSES, POST_TYPES
from labour.ecoposts.services import MAX_BASE_PAYMENT, NOTE_LENGTH
from labour.fields import MAX_MONEY

ID = Range(min=1, max=2**31 - 1)
CODE = Regexp(r"^\d{6}$")
PERIOD = Regexp(r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")
BASE = Range(min=Decimal("0.01"), max=MAX_BASE_PAYMENT)
AMOUNT = Range(min=0, max=int(MAX_MONEY))
PERIOD_DOC = {"description": "'YYYY-MM' for a monthly post, 'YYYY-Qn' for a quarterly one"}


# --- input -----------------------------------------------------------------------------------------------------

class _PostFields(Schema):
    title = fields.String(validate=Length(min=1, max=128))
    base_payment = fields.Decimal(places=2, as_string=True, validate=BASE, metadata={
        "description": "yuan a month (decimal string)"})
    township = fields.String(allow_none=True, validate=Length(max=64))
    village = fields.String(allow_none=True, validate=Length(max=64))
    appraisal_period = fields.String(validate=OneOf(tuple(APPRAISAL_PERIODS)))


class PostCreateSchema(_PostFields):
    post_type = fields.String(required=True, validate=OneOf(tuple(POST_TYPES)))
    division_code = fields.String(required=True, validate=CODE, metadata={
        "description": "the county of the post (in your area); township and village name the place inside it"})
    title = fields.String(required=True, validate=Length(min=1, max=128))
    base_payment = fields.Decimal(required=True, places=2, as_string=True, validate=BASE, metadata={
        "description": "yuan a month (decimal string)"})
    appraisal_period = fields.String(required=True, validate=OneOf(tuple(APPRAISAL_PERIODS)))


class PostUpdateSchema(_PostFields):
    """Only the fields given change."""

    @validates_schema
    def _not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError(gettext("Change at least one field."), "_schema")


class PostListArgs(PageArgs):
    post_type = fields.String(validate=OneOf(tuple(POST_TYPES)))
    division = fields.String(validate=CODE, metadata={"description": "posts in this division's subtree"})
    vacant = fields.Boolean(metadata={"description": "true: posts without a holder; false: held posts"})


class AssignmentCreateSchema(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=ID, metadata={
        "description": "a person whose household is registered in the post's county"})
    start_date = fields.Date(metadata={"description": "default today; not in the future"})


class ReplacementSchema(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=ID, metadata={"description": "the new holder"})
    reason = fields.String(required=True, validate=Length(min=1, max=NOTE_LENGTH), metadata={
        "description": "why the current holder leaves"})
    date = fields.Date(metadata={"description": "the new holder's first day (the old holder's end); default today"})


class AssignmentEndSchema(Schema):
    reason = fields.String(required=True, validate=Length(min=1, max=NOTE_LENGTH))
    end_date = fields.Date(metadata={"description": "the first day without the post; default today"})


class DutyCreateSchema(Schema):
    duty_date = fields.Date(required=True, metadata={"description": "not in the future, while the post was held"})
    kind = fields.String(required=True, validate=OneOf(tuple(DUTY_KINDS)))
    note = fields.String(allow_none=True, validate=Length(max=NOTE_LENGTH))


class AppraisalCreateSchema(Schema):
    period = fields.String(required=True, validate=PERIOD, metadata=PERIOD_DOC)
    score = fields.Integer(required=True, strict=True, validate=Range(min=0, max=100), metadata={
        "description": "0–100; the grade follows: ≥ 90 excellent, ≥ 75 good, ≥ 60 pass, else fail"})
    reward = fields.Decimal(places=2, as_string=True, allow_none=True, validate=AMOUNT, metadata={
        "description": "yuan added to the period's payment"})
    penalty = fields.Decimal(places=2, as_string=True, allow_none=True, validate=AMOUNT, metadata={
        "description": "yuan taken off the period's payment (never below 0)"})
    note = fields.String(allow_none=True, validate=Length(max=NOTE_LENGTH))


class PaymentCreateSchema(Schema):
    period = fields.String(required=True, validate=PERIOD, metadata=PERIOD_DOC)


class PaymentPaidSchema(Schema):
    paid_on = fields.Date(metadata={"description": "default today"})


class PaymentListArgs(PageArgs):
    status = fields.String(validate=OneOf(tuple(PAYMENT_STATUSES)))
    period = fields.String(validate=PERIOD, metadata=PERIOD_DOC)
    division = fields.String(validate=CODE, metadata={"description": "payments of posts in this division"})
    assignment = fields.Integer(validate=ID, metadata={"description": "one assignment's payments"})


# --- output ----------------------------------------------------------------------------------------------------

class PersonRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class PostRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    post_type = fields.String()
    post_type_label = Label(POST_TYPES, "post_type")
    division = fields.Nested(NamedRef)
    township = fields.String(allow_none=True)
    village = fields.String(allow_none=True)
    base_payment = fields.Decimal(as_string=True, metadata={"description": "yuan a month"})
    appraisal_period = fields.String()
    appraisal_period_label = Label(APPRAISAL_PERIODS, "appraisal_period")


class HolderSchema(Schema):
    assignment_id = fields.Integer(attribute="id")
    person = fields.Nested(PersonRefSchema)
    start_date = fields.Date()


class PostSchema(PostRefSchema):
    holder = fields.Nested(HolderSchema, attribute="current", allow_none=True, metadata={
        "description": "the current holder, null while the post is vacant"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


PostPageSchema = page_schema(PostSchema, "EcoPostPage")


class AssignmentSchema(Schema):
    id = fields.Integer()
    post = fields.Nested(PostRefSchema)
    person = fields.Nested(PersonRefSchema)
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True, metadata={"description": "the first day without the post"})
    end_reason = fields.String(allow_none=True)
    current = fields.Function(lambda a: a.end_date is None)


class DutySchema(Schema):
    id = fields.Integer()
    assignment_id = fields.Integer()
    duty_date = fields.Date()
    kind = fields.String()
    kind_label = Label(DUTY_KINDS, "kind")
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


DutyPageSchema = page_schema(DutySchema, "EcoDutyPage")


class AppraisalSchema(Schema):
    id = fields.Integer()
    assignment_id = fields.Integer()
    period = fields.String()
    score = fields.Integer()
    grade = fields.String()
    grade_label = Label(GRADES, "grade")
    reward = fields.Decimal(as_string=True)
    penalty = fields.Decimal(as_string=True)
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


class MyPaymentSchema(Schema):
    id = fields.Integer()
    assignment_id = fields.Integer()
    post = fields.Function(lambda p: {"id": p.assignment.post.id, "title": p.assignment.post.title})
    period = fields.String()
    months = fields.Integer(metadata={"description": "months of the period paid (the holder on a month's last day)"})
    base_payment = fields.Decimal(as_string=True, metadata={"description": "yuan a month when generated"})
    reward = fields.Decimal(as_string=True)
    penalty = fields.Decimal(as_string=True)
    amount = fields.Decimal(as_string=True, metadata={"description": "base × months + reward − penalty, ≥ 0"})
    status = fields.String()
    status_label = Label(PAYMENT_STATUSES, "status")
    paid_on = fields.Date(allow_none=True)


class PaymentSchema(MyPaymentSchema):
    person = fields.Function(lambda p: PersonRefSchema().dump(p.assignment.person))
    created_at = fields.DateTime()


PaymentPageSchema = page_schema(PaymentSchema, "EcoPaymentPage")


class MyAssignmentSchema(Schema):
    id = fields.Integer()
    post = fields.Nested(PostRefSchema)
    start_date = fields.Date()


class MyEcoPostSchema(Schema):
    assignment = fields.Nested(MyAssignmentSchema, allow_none=True, metadata={
        "description": "your current post, null when you hold none"})
    duties = fields.List(fields.Nested(DutySchema), metadata={"description": "your latest duties on it"})
    payments = fields.List(fields.Nested(MyPaymentSchema), metadata={"description": "your payments, latest first"})
    duty_kinds = fields.Function(lambda _m: [{"code": k, "label": label(DUTY_KINDS, k)} for k in DUTY_KINDS],
                                 metadata={"description": "the kinds of work a duty can record"})
