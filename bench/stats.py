"""Dashboard figures over 1,000,000 placements (PostgreSQL), beside a plain ``count(*)`` in the same run.

Builds a dedicated database (``bench_stats``): the generated population (``labour.population``) and
exactly ``--placements`` placements for 2022 through the seed-demo planner, then the rollup
(``rollup_refresh``, timed). One dashboard load is what ``GET /api/v1/stats/figures`` and
``GET /api/v1/stats/trend`` compute for the region: totals by county, channel and destination, targets,
and the twelve months with their year to date. Its p95 over ``--runs`` loads is compared with the p95 of
``SELECT count(*) FROM placement`` timed alternately with it. Goals: p95 <= 200 ms and <= 3 x count(*).
The live path (one period computed from the placements, no rollup) is timed too, for contrast.

    .venv/bin/python bench/stats.py [--placements 1000000] [--workers 300000] [--runs 30] [--reuse]
"""
import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_STATS_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_stats")
TODAY = date(2023, 1, 15)


def recreate_database():
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def build(n_placements: int, workers: int) -> dict:
    """Schema, reference data, population and exactly ``n_placements`` placements; returns timings."""
    import numpy as np
    import sqlalchemy as sa

    from labour.db import atomic, db
    from labour.divisions.services import divisions_seed
    from labour.occupations.services import occupations_seed
    from labour.population.generate import generate
    from labour.population.load import population_load
    from labour.stats import demo
    from labour.targets.models import Target

    timings = {}
    db.create_all()
    divisions_seed()
    occupations_seed()
    started = time.perf_counter()
    population_load(generate(2022, workers=workers, positions=20_000, today=TODAY))
    timings["population_s"] = time.perf_counter() - started
    started = time.perf_counter()
    person_ids, counties, statuses = demo._new_persons(0)
    positions = demo._new_positions(0)
    placed_share = sum(demo.PLACED[s] * (statuses == s).mean() for s in demo.PLACED)
    extra = max(0.0, n_placements / (len(person_ids) * placed_share) - 1) * 1.03
    rows = demo.placements_plan(np.random.default_rng(7), person_ids=person_ids, counties=counties,
                                statuses=statuses, positions=positions, extra_rate=extra)
    if len(rows) < n_placements:
        raise SystemExit(f"planned only {len(rows)} placements; raise --workers")
    with atomic():
        demo.placements_insert(rows[:n_placements])
        db.session.add(Target(division_code="540000", year=2022, metric="outbound_poverty_alleviated",
                              value=200_000))
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    timings["placements_s"] = time.perf_counter() - started
    return timings


def p95(samples):
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--placements", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the database of a previous run")
    args = parser.parse_args()

    from api import create_app
    from api.config import database_url, testing_config
    from labour.db import db

    import sqlalchemy as sa

    if not args.reuse:
        recreate_database()
    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=database_url(BENCH_DB)))
    with app.app_context():
        from labour.divisions.selectors import division_get
        from labour.stats import definitions as d
        from labour.stats.selectors import county_metrics, figures, trend
        from labour.stats.services import rollup_refresh

        timings = {} if args.reuse else build(args.placements, args.workers)
        rows = db.session.scalar(sa.text("SELECT count(*) FROM placement"))
        started = time.perf_counter()
        rollup = rollup_refresh(year=2022, today=TODAY)
        timings["rollup_refresh_s"] = time.perf_counter() - started
        db.session.execute(sa.text("ANALYZE stats_cell"))
        db.session.commit()

        region = division_get("540000")
        year = d.period_of(year=2022, today=TODAY)

        def dashboard():
            data = figures(division=region, period=year)
            assert data["source"] == "rollup"
            trend(division=region, year=2022, as_of=year.as_of)
            db.session.rollback()  # end the read transaction, as a request would
            return data

        def count():
            db.session.scalar(sa.text("SELECT count(*) FROM placement"))
            db.session.rollback()

        for _ in range(3):  # warm caches for both, alike
            dashboard()
            count()
        dash_ms, count_ms = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            data = dashboard()
            dash_ms.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            count()
            count_ms.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        live, _ = county_metrics(year, prefix="54", live=True)
        live_ms = 1000 * (time.perf_counter() - started)
        db.session.rollback()
        totals = data["totals"]
        assert sum(v["transfer_persons"] for v in live.values()) == totals["transfer_persons"], "live != rollup"

    dash_p95, count_p95 = p95(dash_ms), p95(count_ms)
    ratio = dash_p95 / count_p95
    print(f"placements: {rows:,}; persons counted in 2022: {totals['transfer_persons']:,} "
          f"({totals['transfer_person_times']:,} person-times), outbound {totals['outbound_persons']:,}")
    for name, value in timings.items():
        print(f"  {name}: {value:.1f}")
    print(f"rollup refresh of 2022 (24 periods, {rollup['cells']:,} cells): {timings['rollup_refresh_s']:.1f} s")
    print(f"dashboard (region figures + 12-month trend, rollup path): p95 {dash_p95:.1f} ms "
          f"(median {statistics.median(dash_ms):.1f})   goal <= 200 ms")
    print(f"SELECT count(*) FROM placement:                     p95 {count_p95:.1f} ms "
          f"(median {statistics.median(count_ms):.1f})")
    print(f"ratio dashboard / count(*): {ratio:.2f}   goal <= 3.00")
    print(f"live path, one period from the placements (no rollup): {live_ms:.0f} ms")
    print(json.dumps({"rows": rows, "dashboard_p95_ms": round(dash_p95, 1), "count_ratio": round(ratio, 2),
                      "count_p95_ms": round(count_p95, 1), "live_period_ms": round(live_ms),
                      "rollup_refresh_s": round(timings["rollup_refresh_s"], 1)}))


if __name__ == "__main__":
    main()
