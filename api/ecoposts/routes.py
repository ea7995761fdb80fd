from flask_smorest import Blueprint

from api.auth import login_required
from api.ecoposts.schemas import (AppraisalCreateSchema, AppraisalSchema, AssignmentCreateSchema, AssignmentEndSchema,
                                  AssignmentSchema, DutyCreateSchema, DutyPageSchema, DutySchema, MyEcoPostSchema,
                                  PaymentCreateSchema, PaymentListArgs, PaymentPageSchema, PaymentPaidSchema,
                                  PaymentSchema, PostCreateSchema, PostListArgs, PostPageSchema, PostSchema,
                                  PostUpdateSchema, ReplacementSchema)
from api.idempotency import idempotent
from api.schemas import PageArgs, QueryArgs
from labour.ecoposts import selectors, services

blp = Blueprint("ecoposts", __name__, url_prefix="/api/v1",
                description="Ecological-protection posts (生态保护岗位): the post catalogue, holders (at most "
                            "`ECO_POSTS_PER_HOUSEHOLD` current posts per household, default 1), duty records, "
                            "appraisals with a reward or a penalty, and the payments ledger. Officials of the "
                            "post's county or an area above it and admins manage; the holder records duties and "
                            "sees their payments under `/me/eco-post`.")

STAFF = ("official", "admin")


@blp.route("/eco-posts")
@blp.arguments(PostListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PostPageSchema)
@login_required(*STAFF)
def post_list(args, user):
    """Posts of your area with their current holder; filter by type, division or vacancy."""
    return selectors.post_list(user=user, post_type=args.get("post_type"), division=args.get("division"),
                               vacant=args.get("vacant"), page=args["page"], per_page=args["per_page"])


@blp.route("/eco-posts", methods=["POST"])
@idempotent
@blp.arguments(PostCreateSchema)
@blp.response(201, PostSchema)
@login_required(*STAFF)
def post_create(data, user):
    """Add a post in a county of your area: type, title, monthly base payment (yuan) and appraisal period."""
    return services.post_create(actor=user, **data)


@blp.route("/eco-posts/<int:post_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PostSchema)
@login_required(*STAFF)
def post_get(_args, post_id, user):
    """One post of your area with its current holder."""
    return selectors.post_get(user=user, post_id=post_id)


@blp.route("/eco-posts/<int:post_id>", methods=["PATCH"])
@blp.arguments(PostUpdateSchema)
@blp.response(200, PostSchema)
@login_required(*STAFF)
def post_update(data, post_id, user):
    """Edit a post; its appraisal period changes only while none of its holders has been appraised (else 409)."""
    return services.post_update(actor=user, post_id=post_id, **data)


@blp.route("/eco-posts/<int:post_id>/assignments")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, AssignmentSchema(many=True))
@login_required(*STAFF)
def post_assignments(_args, post_id, user):
    """Everyone who has held the post, the current holder first."""
    return selectors.post_assignments(user=user, post_id=post_id)


@blp.route("/eco-posts/<int:post_id>/assignments", methods=["POST"])
@idempotent
@blp.arguments(AssignmentCreateSchema)
@blp.response(201, AssignmentSchema)
@login_required(*STAFF)
def assignment_create(data, post_id, user):
    """Give a vacant post to a person registered in its county. 409 when the post is held, the person holds a
    post, or the household already holds as many posts as `ECO_POSTS_PER_HOUSEHOLD` allows."""
    return services.assignment_create(actor=user, post_id=post_id, **data)


@blp.route("/eco-posts/<int:post_id>/replacement", methods=["POST"])
@idempotent
@blp.arguments(ReplacementSchema)
@blp.response(201, AssignmentSchema)
@login_required(*STAFF)
def holder_replace(data, post_id, user):
    """End the current holder's assignment with a reason and give the post to another person, in one
    transaction (if the new holder is refused, nothing changes). Answers the new assignment."""
    return services.holder_replace(actor=user, post_id=post_id, person_id=data["person_id"],
                                   reason=data["reason"], on_date=data.get("date"))


@blp.route("/eco-assignments/<int:assignment_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, AssignmentSchema)
@login_required(*STAFF)
def assignment_get(_args, assignment_id, user):
    return selectors.assignment_get(user=user, assignment_id=assignment_id)


@blp.route("/eco-assignments/<int:assignment_id>/end", methods=["POST"])
@blp.arguments(AssignmentEndSchema)
@blp.response(200, AssignmentSchema)
@login_required(*STAFF)
def assignment_end(data, assignment_id, user):
    """End an assignment with a reason: the post is vacant and the household's slot free again."""
    return services.assignment_end(actor=user, assignment_id=assignment_id, **data)


@blp.route("/eco-assignments/<int:assignment_id>/duties")
@blp.arguments(PageArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, DutyPageSchema)
@login_required(*STAFF)
def duty_list(args, assignment_id, user):
    """The duties recorded on an assignment, latest first."""
    return selectors.duty_list(user=user, assignment_id=assignment_id, page=args["page"], per_page=args["per_page"])


@blp.route("/eco-assignments/<int:assignment_id>/duties", methods=["POST"])
@idempotent
@blp.arguments(DutyCreateSchema)
@blp.response(201, DutySchema)
@login_required(*STAFF)
def duty_record(data, assignment_id, user):
    """Record a duty for the holder (a day while the post was held, not in the future)."""
    return services.duty_record(actor=user, assignment_id=assignment_id, **data)


@blp.route("/eco-assignments/<int:assignment_id>/appraisals")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, AppraisalSchema(many=True))
@login_required(*STAFF)
def appraisal_list(_args, assignment_id, user):
    return selectors.appraisal_list(user=user, assignment_id=assignment_id)


@blp.route("/eco-assignments/<int:assignment_id>/appraisals", methods=["POST"])
@idempotent
@blp.arguments(AppraisalCreateSchema)
@blp.response(201, AppraisalSchema)
@login_required(*STAFF)
def appraisal_create(data, assignment_id, user):
    """Appraise a period that is over and in which the person held the post (by the post's period: 'YYYY-MM'
    or 'YYYY-Qn'): a score, and a reward or a penalty. A second appraisal of the period is a 409."""
    return services.appraisal_create(actor=user, assignment_id=assignment_id, **data)


@blp.route("/eco-assignments/<int:assignment_id>/payments", methods=["POST"])
@idempotent
@blp.arguments(PaymentCreateSchema)
@blp.response(201, PaymentSchema)
@login_required(*STAFF)
def payment_generate(data, assignment_id, user):
    """Generate the payment of an appraised period: base payment × months held + reward − penalty, never
    below 0. A second payment for the same period is a 409."""
    return services.payment_generate(actor=user, assignment_id=assignment_id, period=data["period"])


@blp.route("/eco-payments")
@blp.arguments(PaymentListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PaymentPageSchema)
@login_required(*STAFF)
def payment_list(args, user):
    """The payments ledger of your area, latest period first."""
    return selectors.payment_list(user=user, status=args.get("status"), period=args.get("period"),
                                  division=args.get("division"), assignment_id=args.get("assignment"),
                                  page=args["page"], per_page=args["per_page"])


@blp.route("/eco-payments/<int:payment_id>/paid", methods=["POST"])
@blp.arguments(PaymentPaidSchema)
@blp.response(200, PaymentSchema)
@login_required(*STAFF)
def payment_paid(data, payment_id, user):
    """Record a due payment as paid; a paid one is a 409."""
    return services.payment_mark_paid(actor=user, payment_id=payment_id, paid_on=data.get("paid_on"))


@blp.route("/me/eco-post")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, MyEcoPostSchema)
@login_required("worker")
def my_eco_post(_args, user):
    """Your current ecological-protection post (null if none), your latest duties on it and your payments."""
    return selectors.my_eco_post(user=user)


@blp.route("/me/eco-post/duties", methods=["POST"])
@idempotent
@blp.arguments(DutyCreateSchema)
@blp.response(201, DutySchema)
@login_required("worker")
def my_duty_record(data, user):
    """Record a duty on your own current post (404 when you hold none)."""
    return services.my_duty_record(actor=user, **data)
