from flask_smorest import Blueprint

from api.auth import login_required
from api.enrolments.schemas import (AdmitSchema, AssessmentsInSchema, AttendanceInSchema, AttendanceSheetSchema,
                                    CertificatesInSchema, CertificatesResultSchema, EnrolmentCreateSchema,
                                    EnrolmentListArgs, MyEnrolmentPageSchema, MyEnrolmentSchema, TraineePageSchema,
                                    TraineeSchema)
from api.idempotency import idempotent
from api.schemas import PageArgs
from labour.cohorts.selectors import cohort_for_staff
from labour.enrolments import selectors, services

blp = Blueprint("enrolments", __name__, url_prefix="/api/v1",
                description="Enrolment, waiting list, attendance, assessment and certificates")

CENTRE = ("centre_staff", "admin")


def _sheet(cohort):
    return {"cohort_id": cohort.id, "completion_threshold": cohort.completion_threshold,
            "trainees": selectors.attendance_summary(cohort)}


@blp.route("/cohorts/<int:cohort_id>/enrolments", methods=["POST"])
@idempotent
@blp.arguments(EnrolmentCreateSchema)
@blp.response(201, MyEnrolmentSchema)
@login_required("worker")
def enrolment_apply(_data, cohort_id, user):
    """Ask for a place in an open cohort: you join its waiting list (monitored and poverty-alleviated
    households and school leavers first) until the centre accepts you; then confirm. 422 `not_eligible` names
    each rule you do not meet; 409 `already_enrolled` or `cohort_not_open`."""
    return services.enrolment_apply(actor=user, cohort_id=cohort_id)


@blp.route("/cohorts/<int:cohort_id>/enrolments")
@blp.arguments(EnrolmentListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, TraineePageSchema)
@login_required("centre_staff", "official", "admin")
def enrolment_list(args, cohort_id, user):
    """The cohort's enrolments for its centre and officials over it. No ID numbers; phones masked."""
    return selectors.enrolment_list_for_cohort(user=user, cohort_id=cohort_id, status=args.get("status"),
                                               page=args["page"], per_page=args["per_page"])


@blp.route("/cohorts/<int:cohort_id>/waiting-list/admit", methods=["POST"])
@blp.arguments(AdmitSchema)
@blp.response(200, TraineeSchema(many=True))
@login_required(*CENTRE)
def waiting_list_admit(data, cohort_id, user):
    """Accept the next `count` applicants from the top of the waiting list, as many as there are seats."""
    return services.waiting_list_admit(actor=user, cohort_id=cohort_id, count=data["count"])


@blp.route("/enrolments/<int:enrolment_id>/accept", methods=["POST"])
@blp.response(200, TraineeSchema)
@login_required(*CENTRE)
def enrolment_accept(enrolment_id, user):
    """Give an applicant a place (409 `cohort_full` when none is left); they are told and confirm it."""
    return services.enrolment_accept(actor=user, enrolment_id=enrolment_id)


@blp.route("/enrolments/<int:enrolment_id>/reject", methods=["POST"])
@blp.response(200, TraineeSchema)
@login_required(*CENTRE)
def enrolment_reject(enrolment_id, user):
    """Turn an applicant down, or take a trainee off the cohort (the seat is freed)."""
    return services.enrolment_reject(actor=user, enrolment_id=enrolment_id)


@blp.route("/enrolments/<int:enrolment_id>/confirm", methods=["POST"])
@blp.response(200, MyEnrolmentSchema)
@login_required("worker")
def enrolment_confirm(enrolment_id, user):
    """Take the place the centre offered you."""
    return services.enrolment_confirm(actor=user, enrolment_id=enrolment_id)


@blp.route("/enrolments/<int:enrolment_id>/withdraw", methods=["POST"])
@blp.response(200, MyEnrolmentSchema)
@login_required("worker")
def enrolment_withdraw(enrolment_id, user):
    """Leave the waiting list, decline a place or drop out before the cohort completes."""
    return services.enrolment_withdraw(actor=user, enrolment_id=enrolment_id)


@blp.route("/me/enrolments")
@blp.arguments(PageArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, MyEnrolmentPageSchema)
@login_required("worker")
def my_enrolments(args, user):
    return selectors.my_enrolments(actor=user, page=args["page"], per_page=args["per_page"])


@blp.route("/cohorts/<int:cohort_id>/sessions/<int:session_id>/attendance", methods=["PUT"])
@blp.arguments(AttendanceInSchema)
@blp.response(200, AttendanceSheetSchema)
@login_required(*CENTRE)
def attendance_record(data, cohort_id, session_id, user):
    """Attendance for a whole session in one request: the trainees listed were present, every other one absent.
    Sending it again replaces it. Returns everyone's attendance so far, with `behind` warnings."""
    cohort = services.attendance_record(actor=user, cohort_id=cohort_id, session_id=session_id,
                                        present=data["present"])
    return _sheet(cohort)


@blp.route("/cohorts/<int:cohort_id>/attendance")
@blp.response(200, AttendanceSheetSchema)
@login_required("centre_staff", "official", "admin")
def attendance_get(cohort_id, user):
    """Each trainee's attendance so far, against the completion threshold."""
    return _sheet(cohort_for_staff(user=user, cohort_id=cohort_id))


@blp.route("/cohorts/<int:cohort_id>/assessments", methods=["PUT"])
@blp.arguments(AssessmentsInSchema)
@blp.response(200, TraineeSchema(many=True))
@login_required(*CENTRE)
def assessments_record(data, cohort_id, user):
    """Record assessment results (passed or failed, with an optional score)."""
    return services.assessments_record(actor=user, cohort_id=cohort_id, results=data["results"])


@blp.route("/cohorts/<int:cohort_id>/certificates", methods=["POST"])
@blp.arguments(CertificatesInSchema)
@blp.response(200, CertificatesResultSchema)
@login_required(*CENTRE)
def certificates_issue(data, cohort_id, user):
    """Issue certificates to trainees of a completed cohort who attended enough sessions and passed (422
    `not_certifiable` names each refused trainee when `enrolment_ids` are given). Safe to repeat. Order-based
    cohorts: certified graduates are offered the reserved positions (applications in `offered`)."""
    return services.certificates_issue(actor=user, cohort_id=cohort_id, level=data["level"],
                                       issued_on=data["issued_on"], enrolment_ids=data.get("enrolment_ids"))
