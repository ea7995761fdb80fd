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
from labour.db import db
from labour.divisions.selectors import scope_prefix
from labour.employers.selectors import employer_manageable
from labour.errors import NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.matching.features import Workers
from labour.matching.index import PositionIndex
from labour.matching.loader import HOLDING_STATUSES, load_positions, load_vocabulary, load_workers
from labour.matching.models import MatchingReportRow
from labour.matching.recommend import recommend_candidates, recommend_positions
from labour.matching.scoring import components
from labour.people.models import Certificate, Household, Person, Skill
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
        sa.select(sa.func.max(Certificate.id)).scalar_subquery()))
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
