"""The monthly approval flow. Every step is a conditional UPDATE on the version's state, so two officials
acting at once cannot both move it; a step out of order is a 409."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.accounts.models import User
from labour.approvals.models import MonthlyReport, ReportVersion
from labour.db import atomic, db, utcnow
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.stats import definitions as d
from labour.stats.selectors import county_metrics

_OUT_OF_ORDER = N_("The month cannot take this step in its current state.")


def snapshot(*, county_code: str, month: date) -> dict:
    """The county's figures for the month, computed now from the placements (not the rollup)."""
    period = d.period_of(year=month.year, month=month.month, today=d.month_end(month.year, month.month))
    counties, _ = county_metrics(period, prefix=county_code, live=True)
    metrics = counties.get(county_code) or {m: 0 for m in d.METRICS}
    return {"as_of": period.as_of.isoformat(), "metrics": metrics}


def _county(actor: User, county_code: str) -> Division:
    """The county an official submits for: their own county (officials of other levels: 403)."""
    if actor.role != "official":
        raise PermissionDenied()
    division = db.session.get(Division, county_code) if isinstance(county_code, str) else None
    if division is None or division.level != "county":
        raise Invalid.field("county", N_("Choose a county in Tibet."))
    if not code_in_scope(actor.division, division.code):
        raise PermissionDenied(N_("That division is outside your area."))
    if actor.division.level != "county":
        raise PermissionDenied(N_("Only the county submits its month."))
    return division


def _month(year: int, month: int, today: date) -> date:
    first = date(year, month, 1)
    if d.month_end(year, month) >= today:
        raise Invalid.field("month", N_("A month can be submitted once it has ended."))
    return first


def _report(actor: User, report_id: int, *, lock: bool = True) -> MonthlyReport:
    query = sa.select(MonthlyReport).where(MonthlyReport.id == report_id)
    report = db.session.scalar(query.with_for_update(of=MonthlyReport) if lock else query) \
        if isinstance(report_id, int) and 0 < report_id < 2**31 else None
    if report is None or actor.role != "official" or not code_in_scope(actor.division, report.county_code):
        raise NotFound(N_("No such monthly report."))
    return report


def _new_version(report: MonthlyReport, *, number: int, actor: User, reason: str) -> ReportVersion:
    version = ReportVersion(report_id=report.id, number=number, state="submitted", reason=reason,
                            figures=snapshot(county_code=report.county_code, month=report.month),
                            submitted_by_id=actor.id, submitted_at=utcnow())
    db.session.add(version)
    return version


def report_submit(*, actor: User, county_code: str, year: int, month: int, today: date,
                  reason: str = "") -> MonthlyReport:
    """The county submits a month (again, after it was returned). The figures are frozen into the version."""
    county = _county(actor, county_code)
    first = _month(year, month, today)
    try:
        with atomic():
            report = db.session.scalar(sa.select(MonthlyReport).where(
                MonthlyReport.county_code == county.code, MonthlyReport.month == first)
                .with_for_update(of=MonthlyReport))
            if report is None:
                report = MonthlyReport(county_code=county.code, month=first, current_version=1)
                db.session.add(report)
                db.session.flush()
                _new_version(report, number=1, actor=actor, reason=(reason or "").strip()[:500])
            else:
                state = _state(report)
                if state == "accepted":
                    raise Conflict(N_("This month is accepted; record a correction instead."),
                                   code="month_accepted")
                if state != "returned":
                    raise Conflict(N_("This month is already submitted."), code="month_submitted")
                number = report.current_version + 1
                _new_version(report, number=number, actor=actor, reason=(reason or "").strip()[:500])
                report.current_version = number
    except IntegrityError:  # a concurrent submission of the same month won
        raise Conflict(N_("This month is already submitted."), code="month_submitted") from None
    return _reloaded(report.id)


def report_correct(*, actor: User, report_id: int, reason: str) -> MonthlyReport:
    """A correction of an accepted month: a new version with who and why. The accepted version stays the
    published figure until the correction is accepted in turn."""
    if not reason or not reason.strip():
        raise Invalid.field("reason", N_("Say why the figures are corrected."))
    with atomic():
        report = _report(actor, report_id)
        _county(actor, report.county_code)
        if _state(report) != "accepted":
            raise Conflict(N_("Only an accepted month is corrected; this one is still in review."),
                           code="month_not_accepted")
        number = report.current_version + 1
        _new_version(report, number=number, actor=actor, reason=reason.strip()[:500])
        report.current_version = number
    return _reloaded(report.id)


def _state(report: MonthlyReport) -> str:
    return db.session.scalar(sa.select(ReportVersion.state).where(ReportVersion.report_id == report.id,
                                                                 ReportVersion.number == report.current_version))


def _step(*, actor: User, report_id: int, level: str, old: tuple[str, ...], values: dict,
          message: str) -> MonthlyReport:
    with atomic():
        report = _report(actor, report_id)
        if actor.division.level != level:
            raise PermissionDenied(message)
        moved = db.session.execute(
            sa.update(ReportVersion)
            .where(ReportVersion.report_id == report.id, ReportVersion.number == report.current_version,
                   ReportVersion.state.in_(old))
            .values(**values).execution_options(synchronize_session=False)).rowcount
        if moved != 1:
            raise Conflict(_OUT_OF_ORDER, errors={"state": [N_("Not allowed from the current state.")]},
                           code="illegal_transition")
        if values.get("state") == "accepted":
            report.published_version = report.current_version
    return _reloaded(report.id)


def report_approve(*, actor: User, report_id: int) -> MonthlyReport:
    """The prefecture approves a submitted month of one of its counties."""
    return _step(actor=actor, report_id=report_id, level="prefecture", old=("submitted",),
                 values={"state": "approved", "approved_by_id": actor.id, "approved_at": utcnow()},
                 message=N_("Only the prefecture approves a county's month."))


def report_accept(*, actor: User, report_id: int) -> MonthlyReport:
    """The region accepts an approved month: its snapshot becomes the published figure."""
    return _step(actor=actor, report_id=report_id, level="region", old=("approved",),
                 values={"state": "accepted", "accepted_by_id": actor.id, "accepted_at": utcnow()},
                 message=N_("Only the region accepts a month."))


def report_return(*, actor: User, report_id: int, note: str) -> MonthlyReport:
    """The prefecture (a submitted month) or the region (an approved one) sends it back to the county."""
    if not note or not note.strip():
        raise Invalid.field("note", N_("Say what needs to change."))
    if actor.role != "official" or actor.division.level not in ("prefecture", "region"):
        raise PermissionDenied(N_("Only the prefecture or the region returns a month."))
    old = ("submitted",) if actor.division.level == "prefecture" else ("approved",)
    return _step(actor=actor, report_id=report_id, level=actor.division.level, old=old,
                 values={"state": "returned", "returned_by_id": actor.id, "returned_at": utcnow(),
                         "return_note": note.strip()[:500]},
                 message=N_("Only the prefecture or the region returns a month."))


def _reloaded(report_id: int) -> MonthlyReport:
    db.session.expire_all()
    return db.session.get(MonthlyReport, report_id)
