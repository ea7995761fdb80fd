"""``flask seed …`` and ``flask translate …``."""
import csv
import sys

import click
from flask.cli import AppGroup

from api import catalogs

seed = AppGroup("seed", help="Load reference and demo data.")
translate = AppGroup("translate", help="Extract, review and compile the message catalogs.")


@seed.command("reference")
def seed_reference():
    """Divisions, provinces, aid-Tibet pairings and occupations (idempotent)."""
    from labour.divisions.services import divisions_seed
    from labour.occupations.services import occupations_seed

    click.echo(divisions_seed())
    click.echo(occupations_seed())


@seed.command("demo")
def seed_demo():
    """A few officials, employers, open positions and workers for trying the service (not in production)."""
    from flask import current_app

    from labour.demo import demo_seed

    if current_app.config["LABOUR_ENV"] == "production":
        raise click.ClickException("demo data is not for production")
    click.echo(demo_seed())


@translate.command("extract")
def translate_extract():
    """Extract every marked string into messages.pot and merge it into the bo and zh_Hans catalogs."""
    template = catalogs.extract()
    for locale in catalogs.LOCALES:
        added, missing = catalogs.update(locale, template)
        click.echo(f"{locale}: {added} new, {missing} untranslated")


@translate.command("compile")
def translate_compile():
    """Compile the catalogs (.po → .mo)."""
    for locale in catalogs.LOCALES:
        click.echo(f"{locale}: {catalogs.compile_catalog(locale)} messages")


@translate.command("export")
@click.argument("out", type=click.File("w", encoding="utf-8"), default="-")
def translate_export(out):
    """Write every message with its bo and zh_Hans translations and review comments as CSV, for translators."""
    writer = csv.writer(out)
    writer.writerow(["msgid", "zh_Hans", "bo", "bo_comment"])
    for row in catalogs.export_rows():
        writer.writerow(row)


@translate.command("import")
@click.argument("src", type=click.File("r", encoding="utf-8"))
def translate_import(src):
    """Read a reviewed CSV (as written by export) back into the catalogs.

    A bo translation whose ``bo_comment`` no longer says ``needs-review`` is taken as confirmed.
    """
    changed = catalogs.import_rows(csv.DictReader(src))
    click.echo(f"{changed} messages changed")
    if changed:
        click.echo("run `flask translate compile` (bin/run and bin/test do it for you)", err=True)
    sys.stdout.flush()
