"""Matching arrays from the database: a few bulk SELECTs of plain columns, no ORM object per row.

Training feeds matching through two columns: the trades a worker completed a course in (``trained``) and the
positions reserved for the order-based cohorts they completed (``reserved``).
"""
from dataclasses import dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa

from labour.applications.models import Application
from labour.cohorts.models import Cohort, Reservation
from labour.cohorts.selectors import reserved_places
from labour.db import db
from labour.divisions.models import Division
from labour.employers.models import Employer
from labour.enrolments.models import Enrolment
from labour.matching.features import Positions, Vocabulary, Workers, positions_build, workers_build
from labour.occupations.models import Occupation
from labour.people.models import Certificate, Household, Person, Skill
from labour.positions.models import Position
from labour.positions.selectors import accepting_applications

# Applications that hold a worker (an offer outstanding or a hire): such a worker gets no new proposal.
HOLDING_STATUSES = ("offered", "hired")


def load_vocabulary() -> Vocabulary:
    occupations = db.session.scalars(sa.select(Occupation.code).order_by(Occupation.code)).all()
    divisions = db.session.execute(sa.select(Division.code, Division.parent_code, Division.level)
                                   .order_by(Division.code)).all()
    return Vocabulary.build(occupations=occupations, divisions=[tuple(d) for d in divisions])


def _holding(person_column):
    return sa.exists().where(Application.person_id == person_column, Application.status.in_(HOLDING_STATUSES))


def load_workers(vocab: Vocabulary, *, today: date, person_ids=None, free_only: bool = False) -> Workers:
    """Workers with a registered county; ``free_only`` leaves out those holding an offer or a hire."""
    query = (sa.select(Person.id, Household.registered_county_code, Person.birth_date, Person.education,
                       Person.in_study, Person.languages, Person.willing_outside_tibet, Person.preferred_prefectures,
                       Person.min_monthly_wage, Household.status)
             .join(Household, Household.id == Person.household_id).order_by(Person.id))
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    if free_only:
        query = query.where(~_holding(Person.id))
    rows = db.session.execute(query).all()
    ids = [r[0] for r in rows]
    wanted = set(ids)

    def pairs(stmt):
        stmt = stmt.where(stmt.selected_columns[0].in_(ids)) if person_ids is not None else stmt
        return [r for r in db.session.execute(stmt).all() if r[0] in wanted]

    cols = list(zip(*rows)) if rows else [[] for _ in range(10)]
    return workers_build(
        vocab, today=today, ids=ids, county=cols[1], birth_date=cols[2], education=cols[3], in_study=cols[4],
        languages=cols[5], willing_outside_tibet=cols[6], preferred_prefectures=cols[7], min_monthly_wage=cols[8],
        status=cols[9],
        skills=pairs(sa.select(Skill.person_id, Skill.occupation_code, Skill.years)),
        certificates=pairs(sa.select(Certificate.person_id, Certificate.occupation_code)),
        trained=pairs(COMPLETED_TRAINING), reserved=pairs(RESERVED_POSITIONS))


# (person id, occupation code): courses the person completed (attended at least the cohort's threshold).
COMPLETED_TRAINING = (sa.select(Enrolment.person_id, Cohort.occupation_code)
                      .join(Cohort, Cohort.id == Enrolment.cohort_id).where(Enrolment.completed.is_(True)))
# (person id, position id): positions reserved for the order-based cohorts the person graduated from
# (completed and certified, as the automatic offers of the reserved places require).
RESERVED_POSITIONS = (sa.select(Enrolment.person_id, Reservation.position_id)
                      .join(Cohort, Cohort.id == Enrolment.cohort_id)
                      .join(Reservation, Reservation.cohort_id == Cohort.id)
                      .where(Enrolment.completed.is_(True), Enrolment.certificate_id.is_not(None),
                             Cohort.mode == "order_based"))


def load_positions(vocab: Vocabulary, *, today: date, position_ids=None) -> Positions:
    """Positions of vetted employers that accept applications, with the places left to propose: headcount
    less hires, offers outstanding and places reserved for order-based cohorts still training."""
    offered = (sa.select(sa.func.count()).where(Application.position_id == Position.id,
                                                Application.status == "offered")
               .correlate(Position).scalar_subquery())
    query = (sa.select(Position.id, Position.occupation_code, Position.workplace_code, Position.status,
                       Position.deadline, Position.headcount - Position.filled - offered - reserved_places(Position.id),
                       Position.wage_min, Position.wage_max, Position.min_age, Position.max_age, Position.min_education,
                       Position.required_skills, Position.required_languages, Position.priority_groups)
             .join(Employer, Employer.id == Position.employer_id)
             .where(Employer.status == "vetted", accepting_applications(today=today)).order_by(Position.id))
    if position_ids is not None:
        query = query.where(Position.id.in_(list(position_ids)))
    rows = db.session.execute(query).all()
    cols = list(zip(*rows)) if rows else [[] for _ in range(14)]
    return positions_build(
        vocab, today=today, ids=cols[0], occupation=cols[1], workplace=cols[2], status=cols[3], deadline=cols[4],
        capacity=np.array(cols[5], np.int64), wage_min=cols[6], wage_max=cols[7], min_age=cols[8], max_age=cols[9],
        min_education=cols[10], required_skills=cols[11], required_languages=cols[12], priority_groups=cols[13])


@dataclass
class BatchInput:
    vocab: Vocabulary
    workers: Workers
    positions: Positions
    counties: list[str]   # registered county code per worker row
    applied: np.ndarray   # sorted keys (worker row * len(positions) + position row) that already have an application


def load_batch(*, today: date) -> BatchInput:
    """Everything the batch assignment needs: free workers, live positions, pairs already applied for."""
    vocab = load_vocabulary()
    workers = load_workers(vocab, today=today, free_only=True)
    positions = load_positions(vocab, today=today)
    counties = [vocab.places[p] if p >= 0 else None for p in workers.place.tolist()]
    w_row = {int(i): r for r, i in enumerate(workers.ids.tolist())}
    p_row = {int(i): r for r, i in enumerate(positions.ids.tolist())}
    m = max(len(positions), 1)
    applied = [w_row[a] * m + p_row[b] for a, b in
               db.session.execute(sa.select(Application.person_id, Application.position_id)).all()
               if a in w_row and b in p_row]
    return BatchInput(vocab=vocab, workers=workers, positions=positions, counties=counties,
                      applied=np.unique(np.array(applied, np.int64)))
