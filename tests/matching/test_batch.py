"""The batch assignment against the database: offered applications, idempotent, within places, with progress."""
from datetime import date

import sqlalchemy as sa

from labour.applications.models import Application
from labour.db import db
from labour.matching.services import STAGE_WRITING, batch_assignment_run
from labour.people.models import Household, Person
from labour.population.generate import generate
from labour.population.load import population_load
from labour.positions.models import Position

TODAY = date(2023, 3, 1)  # the generator's default day


def offered_rows():
    return sorted(db.session.execute(sa.select(Application.position_id, Application.person_id, Application.status)
                                     .order_by(Application.id)).all())


def test_batch_writes_offers_idempotently_within_places(ctx):
    population_load(generate(21, 300, 30))
    calls = []
    report = batch_assignment_run(progress=lambda percent, stage=None, **params: calls.append((percent, stage)),
                                  today=TODAY)
    rows = offered_rows()
    assert rows and all(status == "offered" for _, _, status in rows)
    # Each worker at most one proposal; no position beyond its places.
    assert len({person for _, person, _ in rows}) == len(rows)
    per_position = db.session.execute(
        sa.select(Position.id, Position.headcount - Position.filled, sa.func.count(Application.id))
        .join(Application, Application.position_id == Position.id).group_by(Position.id)).all()
    assert all(count <= places for _, places, count in per_position)
    # Only open positions before their deadline.
    statuses = db.session.execute(sa.select(Position.status, Position.deadline)
                                  .join(Application, Application.position_id == Position.id)).all()
    assert all(status == "open" and deadline >= TODAY for status, deadline in statuses)
    # The report counts per registered county; proposals add up to the rows written.
    assert sum(v["proposed"] for v in report.values()) == len(rows)
    assert all(0 <= v["proposed"] <= v["eligible"] for v in report.values())
    counties = set(db.session.scalars(sa.select(Household.registered_county_code)))
    assert set(report) == counties
    # Progress: from 0 to 100, never backwards, with a stage each time.
    percents = [p for p, _ in calls]
    assert percents[0] == 0 and percents[-1] == 100 and percents == sorted(percents)
    assert all(stage for _, stage in calls) and calls[-1][1] == STAGE_WRITING

    again = batch_assignment_run(today=TODAY)
    assert offered_rows() == rows
    assert sum(v["proposed"] for v in again.values()) == 0


def test_existing_applications_are_respected(ctx):
    population_load(generate(22, 120, 12))
    person = db.session.scalars(sa.select(Person.id).order_by(Person.id)).first()
    other = db.session.scalars(sa.select(Person.id).order_by(Person.id.desc())).first()
    positions = db.session.scalars(sa.select(Position.id).where(Position.status == "open")).all()
    # One worker already holds an offer; the other applied (submitted) for every open position.
    db.session.add(Application(position_id=positions[0], person_id=person, status="offered"))
    db.session.add_all([Application(position_id=p, person_id=other, status="submitted") for p in positions])
    db.session.commit()
    batch_assignment_run(today=TODAY)
    mine = db.session.execute(sa.select(Application.position_id, Application.status)
                              .where(Application.person_id == person)).all()
    assert mine == [(positions[0], "offered")]
    theirs = db.session.scalars(sa.select(Application.status).where(Application.person_id == other)).all()
    assert set(theirs) == {"submitted"}


def test_nothing_to_do_reports_zero(ctx):
    assert batch_assignment_run(today=TODAY) == {}
