"""Reading matches: a worker's recommended positions, a position's ranked candidates, a batch run's report.

The arrays of the live positions (and, for candidates, of all workers) are kept per process and rebuilt when
a cheap fingerprint of their tables changes (counts and latest changes), so that one request scores against
arrays already in memory instead of loading 20,000 positions or 205,000 workers again.
"""
import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import sqlalchemy as sa

from labour.accounts.models import User
from labour.applications.models import Application
from labour.audit.services import audit_commit
from labour.db import db
from labour.divisions.selectors import scope_prefix
from labour.employers.selectors import employer_manageable
from labour.enrolments.models import Enrolment
from labour.errors import NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.cohorts.models import Cohort
from labour.cohorts.selectors import cohort_manageable
from labour.matching.cohorts import load_cohorts, recommend_cohorts, recommend_trainees, trade_demand
from labour.matching.features import Workers
from labour.matching.index import PositionIndex
from labour.matching.loader import HOLDING_STATUSES, load_positions, load_vocabulary, load_workers
from labour.matching.models import MatchingReportRow
from labour.matching.recommend import recommend_candidates, recommend_positions
from labour.matching.scoring import components
from labour.people.models import Certificate, Household, Person, Skill
from labour.people.selectors import valid_id
from labour.positions.models import Position
from labour.positions.selectors import local_today
from labour.tasks.models import Task

MAX_LIMIT = 50
BATCH_KIND = "matching.batch_assignment"
# What an incomplete profile lacks before it can be matched: (field, hint).
PROFILE_NEEDS = {"registered_county_code": N_("Add the county of your household registration to your profile "
                                              "to get recommendations.")}


@dataclass
class Match:
    """A scored pair as a reader sees it: the position (recommendations) or the person (candidates)."""

    score: int
    reasons: list[Message]
    components: dict[str, int] = field(default_factory=dict)
    position: Position | None = None
    person: Person | None = None
    cohort: Cohort | None = None


@dataclass
class Recommendations:
    items: list[Match]
    missing: list[str]        # profile fields to fill in before anything can be recommended
    hint: Message | None


class _Cache:
    """One value per (database, name), rebuilt when its fingerprint changes; safe across threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.values: dict = {}

    def get(self, name: str, stamp, build):
        key = (str(db.engine.url), name)
        with self.lock:
            held = self.values.get(key)
            if held is not None and held[0] == stamp:
                return held[1]
        value = build()
        with self.lock:
            self.values[key] = (stamp, value)
        return value


_cache = _Cache()


def _stamp(*aggregates) -> tuple:
    """Scalar subqueries, asked in one round trip."""
    return tuple(db.session.execute(sa.select(*aggregates)).one())


def _positions_index(today: date) -> PositionIndex:
    """The live positions with the places left to propose, as an index (offers outstanding count as taken)."""
    offered = Application.status == "offered"
    stamp = (today, *_stamp(
        sa.select(sa.func.count()).select_from(Position).scalar_subquery(),
        sa.select(sa.func.max(Position.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Application).where(offered).scalar_subquery(),
        sa.select(sa.func.max(Application.updated_at)).where(offered).scalar_subquery()))
    return _cache.get("positions", stamp, lambda: _build_index(today))


def _build_index(today: date) -> PositionIndex:
    vocab = load_vocabulary()
    return PositionIndex.build(vocab, load_positions(vocab, today=today))


def _all_workers(vocab, today: date) -> Workers:
    stamp = (today, id(vocab), *_stamp(
        sa.select(sa.func.count()).select_from(Person).scalar_subquery(),
        sa.select(sa.func.max(Person.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(Household.updated_at)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Skill).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.sum(Skill.years), 0) + sa.func.coalesce(sa.func.max(Skill.id), 0))
        .scalar_subquery(),
        sa.select(sa.func.count()).select_from(Certificate).scalar_subquery(),
        sa.select(sa.func.max(Certificate.id)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Enrolment).where(Enrolment.completed.is_(True)).scalar_subquery(),
        sa.select(sa.func.max(Enrolment.updated_at)).scalar_subquery()))
    return _cache.get("workers", stamp, lambda: load_workers(vocab, today=today))


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def recommendations_for(*, actor: User, limit: int = 20, today: date | None = None) -> Recommendations:
    """The worker's best positions, best first, with each score's components and reasons.

    A worker whose profile lacks what matching needs (the registered county) gets no items and a hint.
    """
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied()
    today = today or local_today()
    person = db.session.get(Person, actor.person_id)
    if person is None or person.registered_county_code is None:
        return Recommendations(items=[], missing=list(PROFILE_NEEDS),
                               hint=Message(PROFILE_NEEDS["registered_county_code"]))
    index = _positions_index(today)
    workers = load_workers(index.vocab, today=today, person_ids=[person.id])
    applied = set(db.session.scalars(sa.select(Application.position_id).where(Application.person_id == person.id)))
    found = recommend_positions(index, workers, 0, k=_limit(limit), exclude=applied)
    if not found:
        return Recommendations(items=[], missing=[], hint=None)
    rows = np.array([r.row for r in found])
    parts = components(index.vocab, workers, index.positions, np.zeros(len(rows), np.int64), rows)
    positions = {p.id: p for p in db.session.scalars(sa.select(Position).where(Position.id.in_([r.id for r in found])))}
    items = [Match(score=r.score, reasons=r.reasons, components={k: int(v[i]) for k, v in parts.items()},
                   position=positions[r.id]) for i, r in enumerate(found) if r.id in positions]
    return Recommendations(items=items, missing=[], hint=None)


def _log_candidates(actor: User, person_ids: list[int], *, context: str) -> None:
    """Candidates are people shown to staff without having asked: each list is audit-logged before it is shown."""
    audit_commit(actor=actor, action="candidates.read", object_kind="person", object_ids=person_ids,
                 context=context)


def candidates_for(*, actor: User, position_id: int, limit: int = 20, today: date | None = None) -> list[Match]:
    """A position's best candidates, for its employer's staff and officials over the employer.

    Employers get the household priority groups masked in the reasons; officials see only workers of their own
    area. Workers who already applied for the position or hold an offer or a hire are left out.
    """
    position = db.session.get(Position, position_id)
    if position is None or not employer_manageable(actor, position.employer):
        raise NotFound(N_("No such position."))
    today = today or local_today()
    index = _positions_index(today)
    at = np.flatnonzero(index.positions.ids == position.id)
    if len(at) == 0:
        return []  # not open for applications, or no place left to propose
    workers = _all_workers(index.vocab, today)
    rows = None
    if actor.role == "official":
        prefix = scope_prefix(actor.division)
        places = [i for i, code in enumerate(index.vocab.places) if code.startswith(prefix)]
        rows = np.flatnonzero(np.isin(workers.place, places))
    exclude = set(db.session.scalars(sa.select(Application.person_id).where(sa.or_(
        Application.position_id == position.id, Application.status.in_(HOLDING_STATUSES)))))
    found = recommend_candidates(index, workers, int(at[0]), k=_limit(limit), rows=rows, exclude=exclude,
                                 sensitive=actor.role != "employer_staff")
    _log_candidates(actor, [r.id for r in found], context=f"position:{position.id}")
    people = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_([r.id for r in found])))}
    return [Match(score=r.score, reasons=r.reasons, person=people[r.id]) for r in found if r.id in people]


@dataclass
class CohortMatches:
    items: list[Match]
    missing: list[str]
    hint: Message | None


def _cohort_matches(found) -> list[Match]:
    cohorts = {c.id: c for c in db.session.scalars(sa.select(Cohort).where(Cohort.id.in_([r.id for r in found])))}
    return [Match(score=r.score, reasons=r.reasons, components=r.components, cohort=cohorts[r.id])
            for r in found if r.id in cohorts]


def cohort_recommendations_for(*, actor: User, limit: int = 20, today: date | None = None) -> CohortMatches:
    """The worker's best training cohorts open for enrolment, best first, with components and reasons.

    Cohorts the worker already asked to join (and did not withdraw from) are left out."""
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied()
    today = today or local_today()
    person = db.session.get(Person, actor.person_id)
    if person is None or person.registered_county_code is None:
        return CohortMatches(items=[], missing=list(PROFILE_NEEDS),
                             hint=Message(PROFILE_NEEDS["registered_county_code"]))
    index = _positions_index(today)
    vocab = index.vocab
    workers = load_workers(vocab, today=today, person_ids=[person.id])
    joined = set(db.session.scalars(sa.select(Enrolment.cohort_id).where(Enrolment.person_id == person.id,
                                                                         Enrolment.status != "withdrawn")))
    cohorts = load_cohorts(vocab)
    demand = trade_demand(index.positions, len(vocab.occupations))
    found = recommend_cohorts(vocab, workers, 0, cohorts, demand, k=_limit(limit), exclude=joined)
    return CohortMatches(items=_cohort_matches(found), missing=[], hint=None)


def cohort_candidates_for(*, actor: User, cohort_id: int, limit: int = 20, today: date | None = None) -> list[Match]:
    """A cohort's best candidates to invite, for its centre's staff (workers of the cohort's prefecture: a
    course is attended in person), officials over its county (workers of their own area) and admins.

    Workers who already asked to join it, or who hold an offer or a hire, are left out. Centre staff see the
    household groups masked, as employers do."""
    cohort = db.session.get(Cohort, cohort_id) if valid_id(cohort_id) else None
    if cohort is None or not cohort_manageable(actor, cohort):
        raise NotFound(N_("No such cohort."))
    today = today or local_today()
    index = _positions_index(today)
    vocab = index.vocab
    cohorts = load_cohorts(vocab, cohort_ids=[cohort.id])
    if len(cohorts) == 0:
        return []  # not open for enrolment, no seat left, or on-the-job training
    workers = _all_workers(vocab, today)
    prefix = scope_prefix(actor.division) if actor.role == "official" else \
        cohort.county_code[:4] if actor.role == "centre_staff" else ""
    rows = None
    if prefix:
        places = [i for i, code in enumerate(vocab.places) if code.startswith(prefix)]
        rows = np.flatnonzero(np.isin(workers.place, places))
    exclude = set(db.session.scalars(sa.select(Enrolment.person_id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.status != "withdrawn")))
    exclude |= set(db.session.scalars(sa.select(Application.person_id)
                                      .where(Application.status.in_(HOLDING_STATUSES))))
    demand = trade_demand(index.positions, len(vocab.occupations))
    found = recommend_trainees(vocab, workers, cohorts, 0, demand, k=_limit(limit), rows=rows, exclude=exclude,
                               sensitive=actor.role in ("official", "admin"))
    _log_candidates(actor, [r.id for r in found], context=f"cohort:{cohort.id}")
    people = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_([r.id for r in found])))}
    return [Match(score=r.score, reasons=r.reasons, person=people[r.id]) for r in found if r.id in people]


def run_permitted(actor: User) -> None:
    """Only the region's officials and administrators start a batch run (it touches every county)."""
    if actor.role == "admin":
        return
    if actor.role != "official" or actor.division is None or actor.division.level != "region":
        raise PermissionDenied()


@dataclass
class RunReport:
    task: Task
    counties: list[MatchingReportRow]


def run_report(*, actor: User, task_id: str) -> RunReport:
    """A batch run's task and its per-county lines in the reader's area (all for admins and the region)."""
    if actor.role not in ("official", "admin"):
        raise PermissionDenied()
    task = db.session.get(Task, task_id) if isinstance(task_id, str) and len(task_id) <= 32 else None
    if task is None or task.kind != BATCH_KIND or task.key is None:
        raise NotFound(N_("No such matching run."))
    query = sa.select(MatchingReportRow).where(MatchingReportRow.run_key == task.key) \
        .order_by(MatchingReportRow.county_code)
    if actor.role == "official":
        query = query.where(MatchingReportRow.county_code.startswith(scope_prefix(actor.division), autoescape=True))
    return RunReport(task=task, counties=list(db.session.scalars(query)))
