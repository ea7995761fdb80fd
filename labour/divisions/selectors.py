"""Reading divisions, and the one definition of an official's scope."""
import sqlalchemy as sa

from labour.db import db
from labour.divisions.models import LEVELS, AidPairing, AidPartner, Division
from labour.errors import Invalid, NotFound
from labour.i18n import N_

# How many leading digits of a code a division of each level fixes (GB/T 2260).
_PREFIX = {"region": 2, "prefecture": 4, "county": 6}


def division_get(code: str) -> Division:
    division = db.session.get(Division, code)
    if division is None:
        raise NotFound(N_("No such division."))
    return division


def division_list(*, level: str | None = None, parent: str | None = None) -> list[Division]:
    query = sa.select(Division).order_by(Division.code)
    if level is not None:
        query = query.where(Division.level == level)
    if parent is not None:
        query = query.where(Division.parent_code == parent)
    return list(db.session.scalars(query))


def division_resolve(value: str, *, levels: tuple[str, ...], field: str) -> Division:
    """Find a division by six-digit code or by its Chinese, English or Tibetan name."""
    value = value.strip()
    cond = Division.code == value if value.isdigit() else sa.or_(
        Division.name_zh == value, sa.func.lower(Division.name_en) == value.lower(), Division.name_bo == value
    )
    found = db.session.scalars(sa.select(Division).where(cond, Division.level.in_(levels))).first()
    if found is None:
        raise Invalid.field(field, N_("Unknown division: %(value)s."), value=value)
    return found


def scope_prefix(division: Division) -> str:
    """Codes in the subtree of ``division`` start with this prefix."""
    return division.code[: _PREFIX[division.level]]


def code_in_scope(scope: Division, code: str | None) -> bool:
    """Whether the division ``code`` lies in the subtree of ``scope`` (an official's division)."""
    return code is not None and code.startswith(scope_prefix(scope))


def partners_of(prefecture_code: str) -> list[AidPartner]:
    return list(
        db.session.scalars(
            sa.select(AidPartner).join(AidPairing).where(AidPairing.prefecture_code == prefecture_code)
            .order_by(AidPartner.id)
        )
    )


def partner_list() -> list[AidPartner]:
    return list(db.session.scalars(sa.select(AidPartner).order_by(AidPartner.id)))


def distance_tier(a: Division | None, b: Division | None) -> int:
    """0 same county, 1 same prefecture, 2 elsewhere in Tibet, 3 outside Tibet or unknown."""
    if a is None or b is None:
        return 3
    if a.code == b.code:
        return 0
    if not (a.in_tibet and b.in_tibet):
        return 3
    if a.prefecture_code and a.prefecture_code == b.prefecture_code:
        return 1
    return 2


__all__ = ["LEVELS", "division_get", "division_list", "division_resolve", "scope_prefix", "code_in_scope",
           "partners_of", "partner_list", "distance_tier"]
