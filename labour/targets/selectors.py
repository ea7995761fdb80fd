import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.selectors import scope_prefix
from labour.errors import PermissionDenied
from labour.targets.models import Target


def targets_for(*, division_codes: list[str], year: int) -> dict:
    """{division code: {metric: value}}."""
    found: dict = {}
    for target in db.session.scalars(sa.select(Target).where(Target.division_code.in_(division_codes),
                                                            Target.year == year)):
        found.setdefault(target.division_code, {})[target.metric] = target.value
    return found


def target_list(*, user: User, year: int | None = None, division: str | None = None) -> list[Target]:
    """Targets of the reader's area (officials: their subtree), by division and metric."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    query = sa.select(Target).order_by(Target.year, Target.division_code, Target.metric)
    if user.role == "official":
        query = query.where(Target.division_code.startswith(scope_prefix(user.division), autoescape=True))
    if year is not None:
        query = query.where(Target.year == year)
    if division is not None:
        query = query.where(Target.division_code == division)
    return list(db.session.scalars(query))
