"""``flask stats …``: the seed-scale demo of official figures, and refreshing the rollup by hand."""
import time
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

stats = AppGroup("stats", help="Official statistics: demo data and the dashboard rollup.")


@stats.command("seed-demo")
@click.option("--seed", default=2022, show_default=True, help="same seed, same population")
@click.option("--workers", default=None, type=int, help="size of the generated pool (default 420,000)")
def stats_seed_demo(seed, workers):
    """Load a reproducible 2022: the generated population, its placements, the 200,000 target and the rollup.
    Not for production; every run adds rows (use an empty database)."""
    from labour.stats import definitions as d
    from labour.stats.demo import DEMO_WORKERS, stats_demo_seed
    from labour.stats.selectors import county_metrics

    if current_app.config["LABOUR_ENV"] == "production":
        raise click.ClickException("demo data is not for production")
    started = time.perf_counter()
    result = stats_demo_seed(seed=seed, workers=workers or DEMO_WORKERS)
    elapsed = time.perf_counter() - started
    counties, _ = county_metrics(d.period_of(year=2022, today=date(2023, 1, 15)), prefix="54")
    outbound = sum(c["outbound_poverty_alleviated"] for c in counties.values())
    click.echo(result)
    click.echo(f"2022: {outbound:,} outbound workers from poverty-alleviated households (target 200,000) "
               f"over {sum(1 for c in counties.values() if c['transfer_persons'])} counties; {elapsed:.0f} s")


@stats.command("refresh")
@click.option("--year", type=int, default=None, help="default: the current year")
def stats_refresh(year):
    """Recompute the dashboard rollup of a year now (the periodic job does this too)."""
    from labour.positions.selectors import local_today
    from labour.stats.services import rollup_refresh

    today = local_today()
    click.echo(rollup_refresh(year=year or today.year, today=today))
