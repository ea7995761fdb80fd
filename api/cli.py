"""``flask seed …`` and ``flask translate …``."""
import subprocess
import sys

import click
from flask.cli import AppGroup

from api.config import ROOT

seed = AppGroup("seed", help="Load reference and demo data.")
translate = AppGroup("translate", help="Extract, update and compile the message catalogs.")

LOCALES = ("bo", "zh_Hans")
POT = ROOT / "translations" / "messages.pot"


@seed.command("reference")
def seed_reference():
    """Divisions, provinces, aid-Tibet pairings and occupations (idempotent)."""
    from labour.divisions.services import divisions_seed
    from labour.occupations.services import occupations_seed

    click.echo(divisions_seed())
    click.echo(occupations_seed())


def _pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command("extract")
def translate_extract():
    """Extract every marked string into translations/messages.pot and merge it into each catalog."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "N_", "-k", "lazy_gettext", "-k", "_l", "--no-location",
             "--sort-output", "-o", str(POT), ".")
    _pybabel("update", "-i", str(POT), "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")


@translate.command("compile")
def translate_compile():
    """Compile the catalogs (.po → .mo)."""
    _pybabel("compile", "-d", "translations", "--statistics")
