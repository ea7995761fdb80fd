"""Training cohorts in matching: worker → cohorts worth joining, cohort → workers worth inviting.

A cohort is a place to learn a trade, so it is matched on the worker arrays of ``features.py`` with rules of
its own, vectorised over pairs (worker row ``wi``, cohort row ``cj``).

Eligibility, as enrolment applies it (``labour/enrolments/services.py``): the cohort is open for enrolment with
seats left and is not on-the-job training (that is for the employer's own staff); the worker's age lies in
its range (a cohort with an age limit needs a known birth date; the age is taken today, enrolment checks it
again on the start day); at least its education; one of its priority groups when it names any; the language
it is taught in (when the worker named their languages); and not already certified or trained in its trade.

Score (weights in ``weights.py``, ``COHORT_*``): experience in the trade without a certificate (the course
turns it into one), a job tied to the course (order-based places reserved for graduates, or a targeted
destination), open places waiting in the trade, nearness (a course is attended in person, so nearness counts
fully whatever the worker's willingness to travel for work) and the priority groups (with the targeted bonus
when the cohort is only for certain groups).
"""
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from labour.centres.models import Centre
from labour.cohorts.models import Cohort
from labour.db import db
from labour.i18n import Message, N_
from labour.matching import weights as W
from labour.matching.features import GROUP_BITS, LANGUAGE_BITS, NO_MAX_AGE, Positions, Vocabulary, Workers
from labour.matching.scoring import DISTANCE_REASONS, PRIORITY_MASKED, PRIORITY_REASONS, SENSITIVE_GROUPS, \
    priority_points
from labour.people.models import EDUCATION_RANK

COHORT_COMPONENTS = ("experience", "job", "demand", "distance", "priority")
JOB_MODES = {"order_based": N_("places reserved for graduates"), "targeted": N_("trains for a named destination")}


@dataclass
class Cohorts:
    ids: np.ndarray          # int64 cohort ids
    occupation: np.ndarray   # int16 index into vocabulary.occupations
    place: np.ndarray        # int16 county where it is held
    seats: np.ndarray        # int32 seats left
    min_age: np.ndarray      # int16, -1 when none
    max_age: np.ndarray      # int16, NO_MAX_AGE when none
    min_education: np.ndarray  # int8 rank, -1 when none
    groups: np.ndarray       # uint8 bitset of the priority groups it is limited to (0: everyone)
    language: np.ndarray     # uint8 language bit it is taught in
    job: np.ndarray          # int8: 0 none, 1 order-based, 2 targeted

    def __len__(self) -> int:
        return len(self.ids)


def load_cohorts(vocab: Vocabulary, *, cohort_ids=None) -> Cohorts:
    """Cohorts of vetted centres open for enrolment with seats left (on-the-job training left out)."""
    query = (sa.select(Cohort.id, Cohort.occupation_code, Cohort.county_code, Cohort.capacity - Cohort.seats_taken,
                       Cohort.min_age, Cohort.max_age, Cohort.min_education, Cohort.eligible_groups, Cohort.language,
                       Cohort.mode)
             .join(Centre, Centre.id == Cohort.centre_id)
             .where(Centre.status == "vetted", Cohort.status == "open", Cohort.mode != "on_the_job",
                    Cohort.capacity > Cohort.seats_taken)
             .order_by(Cohort.id))
    if cohort_ids is not None:
        query = query.where(Cohort.id.in_(list(cohort_ids)))
    rows = db.session.execute(query).all()
    return Cohorts(
        ids=np.array([r[0] for r in rows], np.int64),
        occupation=np.array([vocab.occupation_index[r[1]] for r in rows], np.int16),
        place=np.array([vocab.place_index[r[2]] for r in rows], np.int16),
        seats=np.array([r[3] for r in rows], np.int32),
        min_age=np.array([-1 if r[4] is None else r[4] for r in rows], np.int16),
        max_age=np.array([NO_MAX_AGE if r[5] is None else r[5] for r in rows], np.int16),
        min_education=np.array([EDUCATION_RANK.get(r[6], -1) if r[6] else -1 for r in rows], np.int8),
        groups=np.array([sum(GROUP_BITS.get(g, 0) for g in set(r[7] or ())) for r in rows], np.uint8),
        language=np.array([LANGUAGE_BITS.get(r[8], 0) for r in rows], np.uint8),
        job=np.array([{"order_based": 1, "targeted": 2}.get(r[9], 0) for r in rows], np.int8))


def cohort_eligible(workers: Workers, cohorts: Cohorts, wi, cj) -> np.ndarray:
    wi, cj = np.asarray(wi), np.asarray(cj)
    age = workers.age[wi]
    limited = (cohorts.min_age[cj] >= 0) | (cohorts.max_age[cj] < NO_MAX_AGE)
    ok = cohorts.seats[cj] > 0
    ok &= ~limited | ((age >= 0) & (age >= cohorts.min_age[cj]) & (age <= cohorts.max_age[cj]))
    ok &= workers.education[wi] >= cohorts.min_education[cj]
    ok &= (cohorts.groups[cj] == 0) | ((cohorts.groups[cj] & workers.groups[wi]) != 0)
    known = workers.languages[wi] != 0  # a worker who named no language is not held back
    ok &= ~known | ((workers.languages[wi] & cohorts.language[cj]) != 0)
    bit = np.uint64(1) << cohorts.occupation[cj].astype(np.uint64)
    ok &= ((workers.certified[wi] | workers.trained[wi]) & bit) == 0
    return ok


def trade_demand(positions: Positions, n_occupations: int) -> np.ndarray:
    """Open places left per occupation (positions open for applications, places not yet taken or offered)."""
    live = positions.open & (positions.capacity > 0)
    return np.bincount(positions.occupation[live], weights=positions.capacity[live],
                       minlength=n_occupations).astype(np.int64)


def cohort_components(vocab: Vocabulary, workers: Workers, cohorts: Cohorts, demand: np.ndarray, wi, cj, *,
                      masked: bool = False) -> dict[str, np.ndarray]:
    wi, cj = np.asarray(wi), np.asarray(cj)
    occ = cohorts.occupation[cj]
    years = workers.skill_years[wi, occ]
    wplace = workers.place[wi]
    tier = np.where(wplace >= 0, vocab.tier[np.maximum(wplace, 0), cohorts.place[cj]], 3)
    return {
        "experience": np.where(years >= 0, W.COHORT_EXPERIENCE, 0).astype(np.int32),
        "job": np.where(cohorts.job[cj] > 0, W.COHORT_JOB, 0).astype(np.int32),
        "demand": np.where(demand[occ] > 0, W.COHORT_DEMAND, 0).astype(np.int32),
        "distance": np.asarray(W.DISTANCE_HOME, np.int32)[tier],
        "priority": priority_points(workers.groups[wi], cohorts.groups[cj], masked=masked).astype(np.int32),
    }


def cohort_score(vocab, workers, cohorts, demand, wi, cj, *, masked: bool = False) -> np.ndarray:
    return sum(cohort_components(vocab, workers, cohorts, demand, wi, cj, masked=masked).values())


def cohort_reasons(vocab: Vocabulary, workers: Workers, cohorts: Cohorts, demand: np.ndarray, w: int, c: int, *,
                   sensitive: bool = True) -> list[Message]:
    """Short phrases for one pair, strongest first; ``sensitive=False`` masks the household groups."""
    parts = {k: int(v[0]) for k, v in cohort_components(vocab, workers, cohorts, demand, [w], [c],
                                                        masked=not sensitive).items()}
    occ = int(cohorts.occupation[c])
    code = vocab.occupations[occ]
    out: list[tuple[int, Message]] = []
    if parts["job"]:
        out.append((parts["job"], Message(JOB_MODES[{1: "order_based", 2: "targeted"}[int(cohorts.job[c])]])))
    if parts["experience"]:
        out.append((parts["experience"], Message(N_("builds on %(years)s years as %(occupation)s"),
                                                 years=int(workers.skill_years[w, occ]), occupation=code)))
    if parts["demand"]:
        out.append((parts["demand"], Message(N_("%(places)s open places for %(occupation)s"),
                                             places=int(demand[occ]), occupation=code)))
    wplace = int(workers.place[w])
    tier = int(vocab.tier[wplace, cohorts.place[c]]) if wplace >= 0 else 3
    out.append((parts["distance"], Message(DISTANCE_REASONS[tier])))
    groups = int(workers.groups[w])
    household = GROUP_BITS["monitored"] | GROUP_BITS["poverty_alleviated"]
    if not sensitive and groups & household:
        out.append((W.PRIORITY_GROUP, Message(PRIORITY_MASKED)))
    for group, bit in GROUP_BITS.items():
        if groups & bit and (sensitive or group not in SENSITIVE_GROUPS):
            out.append((W.PRIORITY[group], Message(PRIORITY_REASONS[group])))
    out.sort(key=lambda item: -item[0])
    return [message for _, message in out]


@dataclass
class CohortMatch:
    row: int   # cohort row (worker → cohorts) or worker row (cohort → workers)
    id: int    # cohort id or person id
    score: int
    components: dict[str, int]
    reasons: list[Message]


def recommend_cohorts(vocab, workers: Workers, row: int, cohorts: Cohorts, demand, *, k: int,
                      exclude: set[int] = frozenset()) -> list[CohortMatch]:
    """One worker's ``k`` best eligible cohorts (ids in ``exclude`` left out), best first, then soonest id."""
    cj = np.arange(len(cohorts))
    if exclude:
        cj = cj[~np.isin(cohorts.ids, list(exclude))]
    wi = np.full(len(cj), row)
    ok = cohort_eligible(workers, cohorts, wi, cj)
    cj, wi = cj[ok], wi[ok]
    parts = cohort_components(vocab, workers, cohorts, demand, wi, cj)
    s = sum(parts.values())
    top = np.lexsort((cohorts.ids[cj], -s))[:k]
    return [CohortMatch(row=int(cj[i]), id=int(cohorts.ids[cj[i]]), score=int(s[i]),
                        components={name: int(v[i]) for name, v in parts.items()},
                        reasons=cohort_reasons(vocab, workers, cohorts, demand, row, int(cj[i])))
            for i in top if s[i] > 0]


def recommend_trainees(vocab, workers: Workers, cohorts: Cohorts, c: int, demand, *, k: int, rows=None,
                       exclude: set[int] = frozenset(), sensitive: bool = False) -> list[CohortMatch]:
    """One cohort's ``k`` best eligible workers among ``rows`` (all when None), best first, then by person id.

    ``sensitive=False`` scores and explains with the household groups counted alike (what centres see)."""
    wi = np.arange(len(workers)) if rows is None else np.asarray(rows, np.int64)
    if exclude:
        wi = wi[~np.isin(workers.ids[wi], list(exclude))]
    cj = np.full(len(wi), c)
    ok = cohort_eligible(workers, cohorts, wi, cj)
    wi, cj = wi[ok], cj[ok]
    s = cohort_score(vocab, workers, cohorts, demand, wi, cj, masked=not sensitive)
    keep = s > 0
    wi, s = wi[keep], s[keep]
    if len(wi) > k:
        part = np.argpartition(-s, k - 1)[:k]
        wi, s = wi[part], s[part]
    top = np.lexsort((workers.ids[wi], -s))
    return [CohortMatch(row=int(w), id=int(workers.ids[w]), score=int(v), components={},
                        reasons=cohort_reasons(vocab, workers, cohorts, demand, int(w), c, sensitive=sensitive))
            for w, v in zip(wi[top], s[top])]

