"""The batch assignment: load, match, and write the proposals as offered applications.

Nothing is hired automatically: a proposal is an application in status "offered" that the employer
confirms (hires) or rejects. Running it again proposes nothing twice: a worker holding an offer or a hire
is not matched again, places already offered are not counted as free, and the insert skips any
(position, person) pair that already has an application.
"""
from collections import Counter
from datetime import date

import sqlalchemy as sa

from labour.applications.models import Application
from labour.db import atomic, db, utcnow
from labour.i18n import N_
from labour.matching.assignment import match
from labour.matching.eligibility import workers_with_any_eligible
from labour.matching.index import PositionIndex
from labour.matching.loader import HOLDING_STATUSES, load_batch
from labour.matching.models import MatchingReportRow
from labour.positions.models import Position
from labour.positions.selectors import local_today

STAGE_LOADING = N_("Loading workers and positions")
STAGE_MATCHING = N_("Matching workers with positions")
STAGE_WRITING = N_("Writing proposals")
_ADVISORY_LOCK = 5_400_005  # one batch writer at a time on PostgreSQL


def batch_assignment_run(*, progress=None, today: date | None = None,
                         run_key: str | None = None) -> dict[str, dict[str, int]]:
    """Propose at most one position to every free worker, within the places left, maximising the total score.

    ``progress(percent, stage)`` is called along the way (``jobs.progress`` fits). Returns, per registered
    county, how many workers were eligible for at least one position and how many got a proposal. With
    ``run_key`` the per-county report is also stored (``matching_report``), in the transaction that writes the
    proposals; a report already stored under that key is kept (a repeated delivery of the same run).
    """
    report = progress or (lambda percent, stage=None, **params: None)
    today = today or local_today()
    report(0, STAGE_LOADING)
    data = load_batch(today=today)
    workers, positions = data.workers, data.positions
    report(10, STAGE_MATCHING)
    index = PositionIndex.build(data.vocab, positions)
    result = match(index, workers, exclude=data.applied,
                   progress=lambda fraction, stage: report(10 + int(75 * fraction), STAGE_MATCHING))
    report(85, STAGE_WRITING)
    proposals = [(int(positions.ids[p]), int(workers.ids[w]), int(s))
                 for w, p, s in zip(result.workers.tolist(), result.positions.tolist(), result.scores.tolist())]
    eligible = workers_with_any_eligible(workers, positions)

    def count(written: set[tuple[int, int]]) -> dict[str, dict[str, int]]:
        proposed_people = {person for _, person in written}
        counts: dict[str, dict[str, int]] = {}
        for row, county in enumerate(data.counties):
            entry = counts.setdefault(county, {"eligible": 0, "proposed": 0})
            entry["eligible"] += int(eligible[row])
            entry["proposed"] += int(workers.ids[row]) in proposed_people
        return counts

    with atomic():
        written = _write_offers(proposals)
        counts = count(written)
        if run_key is not None:
            _save_report(run_key, counts)
    report(100, STAGE_WRITING)
    return counts


def _save_report(run_key: str, counts: dict[str, dict[str, int]]) -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(MatchingReportRow)
                         .where(MatchingReportRow.run_key == run_key)):
        return
    db.session.add_all(MatchingReportRow(run_key=run_key, county_code=county, eligible=entry["eligible"],
                                         proposed=entry["proposed"])
                       for county, entry in sorted(counts.items()) if county is not None)


def _write_offers(proposals: list[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Insert the proposals as offered applications, inside the caller's transaction; returns the (position,
    person) pairs inserted. Proposals that meanwhile lost their ground are dropped: the worker got an offer or a
    hire, or the position has no place left for it (the best-scoring proposals of a position keep the places)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
    if not proposals:
        return set()
    people = [person for _, person, _ in proposals]
    held = set(db.session.scalars(sa.select(Application.person_id).where(
        Application.person_id.in_(people), Application.status.in_(HOLDING_STATUSES))).all()) if people else set()
    offered = (sa.select(sa.func.count()).where(Application.position_id == Position.id,
                                                Application.status == "offered")
               .correlate(Position).scalar_subquery())
    ids = sorted({position for position, _, _ in proposals})
    room = dict(db.session.execute(sa.select(Position.id, Position.headcount - Position.filled - offered)
                                   .where(Position.id.in_(ids))).all())
    used = Counter()
    rows = []
    for position, person, _ in sorted(proposals, key=lambda p: -p[2]):
        if person in held or used[position] >= room.get(position, 0):
            continue
        used[position] += 1
        rows.append({"position_id": position, "person_id": person, "status": "offered", "note": "",
                     "created_at": utcnow(), "updated_at": utcnow()})
    if not rows:
        return set()
    insert = _insert_ignoring_duplicates().returning(Application.position_id, Application.person_id)
    written = set()
    for lo in range(0, len(rows), 5000):
        written.update(tuple(r) for r in db.session.execute(insert, rows[lo:lo + 5000]).all())
    return written


def _insert_ignoring_duplicates():
    """INSERT … ON CONFLICT (position_id, person_id) DO NOTHING, on PostgreSQL and SQLite alike."""
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(Application).on_conflict_do_nothing(index_elements=["position_id", "person_id"])


__all__ = ["batch_assignment_run", "STAGE_LOADING", "STAGE_MATCHING", "STAGE_WRITING"]
