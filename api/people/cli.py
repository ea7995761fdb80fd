"""``flask people …``: maintenance of person data."""
import click
from flask.cli import AppGroup

people = AppGroup("people", help="Maintain person records.")


@people.command("reencrypt")
def people_reencrypt():
    """Re-encrypt ID numbers under the first key of ID_ENCRYPTION_KEYS (run after putting a new key first)."""
    from labour.people.services import id_numbers_reencrypt

    click.echo(f"re-encrypted {id_numbers_reencrypt()} ID numbers")
