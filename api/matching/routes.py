from flask_smorest import Blueprint

from api.auth import login_required
from api.matching.schemas import (CandidateListSchema, CohortRecommendationListSchema, MatchArgs,
                                  RecommendationListSchema, RunReportSchema)
from api.schemas import QueryArgs
from api.tasks.schemas import TaskSchema
from jobs.matching import tasks as matching_tasks
from labour.matching import selectors

blp = Blueprint("matching", __name__, url_prefix="/api/v1",
                description="Matching: recommended positions, ranked candidates, the daily batch of proposals")


@blp.route("/me/recommendations")
@blp.arguments(MatchArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, RecommendationListSchema)
@login_required("worker")
def my_recommendations(args, user):
    """Your best open positions, best first, with the score, its parts and the reasons in your language.

    Positions you already applied for are left out. With an incomplete profile the list is empty and `missing`
    names what to fill in (`hint` says it in words)."""
    return selectors.recommendations_for(actor=user, limit=args["limit"])


@blp.route("/positions/<int:position_id>/candidates")
@blp.arguments(MatchArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CandidateListSchema)
@login_required("employer_staff", "official", "admin")
def position_candidates(args, position_id, user):
    """The best candidates for an open position, for its employer and officials over the employer (officials:
    workers of their area). No ID numbers, no household status, phone numbers masked; employers see
    "priority group" instead of the household's status among the reasons. Workers who applied already or hold
    an offer or a hire are left out."""
    return {"items": selectors.candidates_for(actor=user, position_id=position_id, limit=args["limit"])}


@blp.route("/me/cohort-recommendations")
@blp.arguments(MatchArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CohortRecommendationListSchema)
@login_required("worker")
def my_cohort_recommendations(args, user):
    """Training cohorts open for enrolment that suit you, best first, with the score, its parts and the reasons
    in your language. Only cohorts whose conditions you meet (age, schooling, priority groups, the language it
    is taught in), not in a trade you already hold a certificate or completed a course in, and not ones you
    already asked to join."""
    return selectors.cohort_recommendations_for(actor=user, limit=args["limit"])


@blp.route("/cohorts/<int:cohort_id>/candidates")
@blp.arguments(MatchArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, CandidateListSchema)
@login_required("centre_staff", "official", "admin")
def cohort_candidates(args, cohort_id, user):
    """The best workers to invite to a cohort open for enrolment: for its centre's staff (workers of the
    cohort's prefecture), officials over its county (workers of their area) and administrators. Phone numbers
    masked, no ID numbers; centre staff see "priority group" instead of the household's status. Workers who
    already asked to join, or who hold an offer or a hire, are left out."""
    return {"items": selectors.cohort_candidates_for(actor=user, cohort_id=cohort_id, limit=args["limit"])}


@blp.route("/matching/runs", methods=["POST"])
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(202, TaskSchema)
@login_required("official", "admin")
def run_start(_args, user):
    """Start today's batch: every free worker gets at most one proposal (an offered application), within the
    places left, maximising the total score. Officials of the region and administrators. Once a day: asking
    again the same day returns the same task, unless it failed or was cancelled: then a new attempt starts.
    Poll it at `/api/v1/tasks/{id}`; the per-county report is at `/api/v1/matching/runs/{task_id}/report`."""
    selectors.run_permitted(user)
    return matching_tasks.run_start(owner_id=user.id)


@blp.route("/matching/runs/<task_id>/report")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, RunReportSchema)
@login_required("official", "admin")
def run_report(_args, task_id, user):
    """Per county of your area: free workers eligible for at least one open position, and how many of them got a
    proposal. Empty until the run has succeeded."""
    return selectors.run_report(actor=user, task_id=task_id)
