import sqlalchemy as sa

from labour.db import db
from labour.errors import Invalid
from labour.i18n import N_
from labour.occupations.models import Occupation


def occupation_list() -> list[Occupation]:
    return list(db.session.scalars(sa.select(Occupation).order_by(Occupation.code)))


def occupation_codes_check(codes, *, field: str) -> None:
    """Raise ``Invalid`` naming ``field`` if any code is not on the occupation list."""
    codes = set(codes)
    if not codes:
        return
    known = set(db.session.scalars(sa.select(Occupation.code).where(Occupation.code.in_(codes))))
    unknown = sorted(codes - known)
    if unknown:
        raise Invalid.field(field, N_("Unknown occupation: %(value)s."), value=", ".join(unknown))
