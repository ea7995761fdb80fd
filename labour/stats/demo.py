"""A seed-scale, reproducible 2022 for officials: the generated population (``labour.population``) with its
placements, the region's target and the rollup, so that the dashboard shows what the 2022 report says:
over 205,000 persons from poverty-alleviated households working away from home (outbound) against a
target of 200,000, over the 74 counties.

Placement rates are assumptions chosen to reproduce that headline on a pool of labourers who look for
transfer work (see ``labour/population/generate.py``), not statistics: placed in the year: 97 % of
workers from poverty-alleviated households (95 % of those away from home), 90 % from monitored (80 %),
75 % of the others (70 %). Away from home: three in four in aid-Tibet positions outside Tibet, the rest in
another county of Tibet. A share of the placed have further placements in the year (person-times).
Never for production (the CLI refuses), and every run adds new rows.
"""
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa

from labour.db import atomic, db, utcnow
from labour.people.models import Household, Person
from labour.placements.models import Placement
from labour.positions.models import Position

YEAR = 2022
DEMO_WORKERS = 420_000
DEMO_POSITIONS = 20_000
REGION_TARGET = 200_000
PLACED = {"poverty_alleviated": 0.97, "monitored": 0.90, "other": 0.75}
OUTBOUND = {"poverty_alleviated": 0.95, "monitored": 0.80, "other": 0.70}
OUTSIDE_TIBET_SHARE = 0.75
EXTRA_PLACEMENTS = 0.12  # mean further placements per placed person (Poisson)
ENDED_SHARE = 0.35
CHANNEL_OF_KIND = {"aid_tibet": "aid_tibet", "local_project": "local_project", "work_for_relief": "work_for_relief",
                   "eco_post": "eco_post", "general": "self_found"}
COLUMNS = ("person_id", "employer_id", "position_id", "channel", "workplace_code", "registered_county_code",
           "start_date", "end_date", "monthly_wage", "evidence_note", "created_at", "updated_at")


def _new_persons(after_id: int):
    rows = db.session.execute(sa.select(Person.id, Household.registered_county_code, Household.status)
                              .join(Household, Household.id == Person.household_id)
                              .where(Person.id > after_id).order_by(Person.id)).all()
    return (np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows]),
            np.array([r[2] for r in rows]))


def _new_positions(after_id: int):
    rows = db.session.execute(sa.select(Position.id, Position.employer_id, Position.kind, Position.workplace_code,
                                        Position.wage_min).where(Position.id > after_id)
                              .order_by(Position.id)).all()
    return {"id": np.array([r[0] for r in rows]), "employer": np.array([r[1] for r in rows]),
            "kind": np.array([r[2] for r in rows]), "workplace": np.array([r[3] for r in rows]),
            "wage": np.array([int(r[4]) for r in rows])}


def placements_plan(rng, *, person_ids, counties, statuses, positions: dict, year: int = YEAR,
                    extra_rate: float = EXTRA_PLACEMENTS) -> list[tuple]:
    """Rows for ``COLUMNS``: who is placed, where, from when (reproducible with ``rng``)."""
    n = len(person_ids)
    placed = rng.random(n) < np.vectorize(PLACED.get)(statuses)
    outbound = placed & (rng.random(n) < np.vectorize(OUTBOUND.get)(statuses))
    aid = np.flatnonzero(positions["kind"] == "aid_tibet")
    tibet = np.flatnonzero(positions["kind"] != "aid_tibet")
    by_county: dict[str, np.ndarray] = {}
    for county in np.unique(positions["workplace"][tibet]):
        by_county[county] = tibet[positions["workplace"][tibet] == county]
    who = np.flatnonzero(placed)
    repeats = 1 + rng.poisson(extra_rate, len(who))
    who = np.repeat(who, repeats)
    m = len(who)
    start = date(year, 1, 1) + np.array([timedelta(days=int(d)) for d in rng.integers(0, 345, m)], object)
    ended = rng.random(m) < ENDED_SHARE
    length = rng.integers(30, 200, m)
    outside = rng.random(m) < OUTSIDE_TIBET_SHARE
    pick_aid = aid[rng.integers(0, len(aid), m)]
    pick_tibet = tibet[rng.integers(0, len(tibet), m)]
    channel_draw = rng.random(m)
    now = utcnow()
    rows = []
    for i, p in enumerate(who):
        county = counties[p]
        if outbound[p]:
            choice = pick_aid[i] if outside[i] else pick_tibet[i]
            if positions["workplace"][choice] == county:
                choice = pick_aid[i]
        else:
            local = by_county.get(county)
            choice = local[int(channel_draw[i] * len(local))] if local is not None and len(local) else None
        if choice is None:
            employer, workplace, channel, wage = None, county, "self_found", None
        else:
            kind = positions["kind"][choice]
            channel = CHANNEL_OF_KIND[kind]
            if kind == "aid_tibet":
                channel = "organised_export" if channel_draw[i] < 0.30 else \
                    "order_training" if channel_draw[i] < 0.35 else "aid_tibet"
            employer, workplace, wage = int(positions["employer"][choice]), positions["workplace"][choice], \
                int(positions["wage"][choice])
        first_day = start[i]
        rows.append((int(person_ids[p]), employer, None, channel, str(workplace), str(county), first_day,
                     first_day + timedelta(days=int(length[i])) if ended[i] else None, wage, "seed-demo", now, now))
    return rows


def placements_insert(rows: list[tuple]) -> int:
    """Bulk insert (``COPY`` on PostgreSQL, executemany elsewhere) inside the caller's transaction."""
    if db.engine.dialect.name == "postgresql":
        raw = db.session.connection().connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY placement ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        db.session.execute(sa.insert(Placement), [dict(zip(COLUMNS, row)) for row in rows])
    return len(rows)


def stats_demo_seed(*, seed: int = 2022, workers: int = DEMO_WORKERS, positions: int = DEMO_POSITIONS,
                    today: date = date(YEAR + 1, 1, 15), target: int = REGION_TARGET, refresh: bool = True,
                    extra_rate: float = EXTRA_PLACEMENTS) -> dict:
    """Load the population, its 2022 placements, the targets (region and prefectures) and the rollup."""
    from labour.population.generate import generate
    from labour.population.load import population_load
    from labour.stats.services import rollup_refresh
    from labour.targets.models import Target

    person_before = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Person.id), 0)))
    position_before = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Position.id), 0)))
    population = generate(seed, workers=workers, positions=positions, today=today)
    loaded = population_load(population)
    person_ids, counties, statuses = _new_persons(person_before)
    rng = np.random.default_rng(seed + 1)
    rows = placements_plan(rng, person_ids=person_ids, counties=counties, statuses=statuses,
                           positions=_new_positions(position_before), extra_rate=extra_rate)
    with atomic():
        placements = placements_insert(rows)
        # Prefecture targets share the region's by their poverty-alleviated workers (they need not add up).
        pa = statuses == "poverty_alleviated"
        prefectures, counts = np.unique(np.array([c[:4] + "00" for c in counties[pa]]), return_counts=True)
        targets = {"540000": target} | {str(p): int(round(target * c / pa.sum() / 100) * 100)
                                        for p, c in zip(prefectures, counts)}
        for code, value in targets.items():
            existing = db.session.scalar(sa.select(Target).where(Target.division_code == code, Target.year == YEAR,
                                                                 Target.metric == "outbound_poverty_alleviated"))
            if existing is None:
                db.session.add(Target(division_code=code, year=YEAR, metric="outbound_poverty_alleviated",
                                      value=value))
            else:
                existing.value = value
    rollup = rollup_refresh(year=YEAR, today=today) if refresh else None
    return {"loaded": loaded, "placements": placements, "targets": len(targets), "rollup": rollup}
