from datetime import date

import sqlalchemy as sa

from labour.accounts.models import User
from labour.approvals.models import MonthlyReport, ReportVersion
from labour.db import db
from labour.divisions.selectors import code_in_scope, scope_prefix
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate


def report_get(*, user: User, report_id: int) -> MonthlyReport:
    report = db.session.get(MonthlyReport, report_id) if 0 < report_id < 2**31 else None
    if report is None or not (user.role == "admin" or (
            user.role == "official" and code_in_scope(user.division, report.county_code))):
        raise NotFound(N_("No such monthly report."))
    return report


def report_list(*, user: User, year: int | None = None, month: int | None = None, county: str | None = None,
                state: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Monthly reports of the reader's area, newest month first."""
    if user.role not in ("official", "admin"):
        raise PermissionDenied()
    query = sa.select(MonthlyReport)
    if user.role == "official":
        query = query.where(MonthlyReport.county_code.startswith(scope_prefix(user.division), autoescape=True))
    if county is not None:
        query = query.where(MonthlyReport.county_code == county)
    if year is not None:
        query = query.where(MonthlyReport.month >= date(year, 1, 1), MonthlyReport.month <= date(year, 12, 1))
    if month is not None:
        query = query.where(sa.extract("month", MonthlyReport.month) == month)
    if state is not None:
        current = sa.select(ReportVersion.state).where(
            ReportVersion.report_id == MonthlyReport.id,
            ReportVersion.number == MonthlyReport.current_version).scalar_subquery()
        query = query.where(current == state)
    return paginate(query.order_by(MonthlyReport.month.desc(), MonthlyReport.county_code), page=page,
                    per_page=per_page)


def reports_of_month(*, prefix: str, month: date) -> dict[str, MonthlyReport]:
    """{county code: report} for the counties under ``prefix`` that submitted ``month``."""
    return {r.county_code: r for r in db.session.scalars(sa.select(MonthlyReport).where(
        MonthlyReport.month == month, MonthlyReport.county_code.startswith(prefix, autoescape=True)))}
