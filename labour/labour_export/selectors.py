"""Reading export batches (officials of the organising area, admins) and the organised share."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from labour.accounts.models import User
from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import scope_prefix
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.labour_export.models import ExportBatch, ExportBatchWorker
from labour.labour_export.services import batch_manageable
from labour.pagination import Page, paginate
from labour.placements.models import Placement
from labour.positions.selectors import TIBET_TIME
from labour.stats import definitions as d


def batch_get(*, user: User, batch_id: int) -> ExportBatch:
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    batch = db.session.get(ExportBatch, batch_id)
    if batch is None or not batch_manageable(user, batch):
        raise NotFound(N_("No such batch."))
    return batch


def batch_list(*, user: User, status: str | None = None, year: int | None = None, page: int = 1,
               per_page: int = 20) -> Page:
    """Batches organised in the reader's area (admins: all), latest travel date first. ``year``: of the
    travel date."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    query = sa.select(ExportBatch)
    if user.role == "official":
        query = query.where(ExportBatch.origin_code.startswith(scope_prefix(user.division), autoescape=True))
    if status is not None:
        query = query.where(ExportBatch.status == status)
    if year is not None:
        query = query.where(ExportBatch.travel_date.between(datetime(year, 1, 1).date(), datetime(year, 12, 31).date()))
    return paginate(query.order_by(ExportBatch.travel_date.desc(), ExportBatch.id.desc()), page=page,
                    per_page=per_page)


def organised_share(*, division: Division, period: d.Period) -> dict:
    """The organised share of ``division`` in ``period`` (see ``definitions.ORGANISED_SHARE``)."""
    p = Placement.__table__.c
    outside = sa.and_(p.start_date <= period.as_of, sa.or_(p.end_date.is_(None), p.end_date >= period.start),
                      p.registered_county_code.is_not(None), sa.func.substr(p.workplace_code, 1, 2) != "54")
    prefix = scope_prefix(division)
    # Only persons with a placement in the area are ranked (attribution still looks at all their placements).
    in_area = sa.select(p.person_id).where(outside, p.registered_county_code.startswith(prefix, autoescape=True))
    ranked = sa.select(p.person_id, p.registered_county_code.label("county"), sa.func.row_number().over(
        partition_by=p.person_id, order_by=(p.start_date, p.id)).label("n")) \
        .where(outside, p.person_id.in_(in_area)).subquery("ranked")
    persons = sa.select(ranked.c.person_id).where(
        ranked.c.n == 1, ranked.c.county.startswith(prefix, autoescape=True)).subquery("persons")
    first, last = d.organised_departure_window(period)
    since = datetime.combine(first, time(), TIBET_TIME)
    until = datetime.combine(last + timedelta(days=1), time(), TIBET_TIME)
    organised = sa.select(ExportBatchWorker.person_id).join(ExportBatch).where(
        ExportBatch.status.in_(("departed", "arrived")), ExportBatch.departed_at >= since,
        ExportBatch.departed_at < until)
    total, organised_n = db.session.execute(sa.select(
        sa.func.count(), sa.func.count().filter(persons.c.person_id.in_(organised))).select_from(persons)).one()
    return {
        "division": division, "period": period.key, "as_of": period.as_of, "outside_tibet_persons": total,
        "organised_persons": organised_n,
        "share_pct": round(100 * organised_n / total, 1) if total else None,
        "departures_from": first, "departures_to": last,
    }
