import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import atomic, db
from labour.errors import Invalid
from labour.i18n import N_
from labour.stats.definitions import TARGET_METRICS
from labour.stats.selectors import division_for
from labour.targets.models import Target


def target_set(*, actor: User, division_code: str, year: int, metric: str, value: int) -> Target:
    """Set (or change) the yearly target of a division in the official's area; admins set any."""
    division = division_for(user=actor, code=division_code, field="division_code")
    if metric not in TARGET_METRICS:
        raise Invalid.field("metric", N_("Must be one of: %(choices)s."), choices=", ".join(TARGET_METRICS))
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise Invalid.field("year", N_("Must be between %(min)s and %(max)s."), min=2000, max=2100)
    if not isinstance(value, int) or not 0 < value <= 10_000_000:
        raise Invalid.field("value", N_("Must be between %(min)s and %(max)s."), min=1, max=10_000_000)
    with atomic():
        target = db.session.scalar(sa.select(Target).where(Target.division_code == division.code,
                                                           Target.year == year, Target.metric == metric)
                                   .with_for_update())
        if target is None:
            target = Target(division_code=division.code, year=year, metric=metric, value=value,
                            set_by_id=actor.id)
            db.session.add(target)
        else:
            target.value, target.set_by_id = value, actor.id
    return target
