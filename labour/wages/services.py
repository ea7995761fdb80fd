"""Wage confirmation: the worker reports each month (paid, or arrears with the amount owed), the employer marks
arrears settled, the worker confirms; and the monthly reminder to workers who have not reported."""
import re
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour import fields
from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.employers.models import Employer
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.people.selectors import valid_id
from labour.placements.models import Placement
from labour.positions.selectors import local_today
from labour.stats.definitions import month_end
from labour.wages.models import OPEN_STATUSES, REPORTED_STATUSES, WageReport

MAX_NOTE = 500
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value, field: str = "month") -> date:
    """'YYYY-MM' → the first day of that month."""
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise Invalid.field(field, N_("Give the month as YYYY-MM."))
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    return month_start(month_start(today) - timedelta(days=1))


def covers_month(placement: Placement, month: date) -> bool:
    """Whether the placement was in force during some day of ``month``."""
    return placement.start_date <= month_end(month.year, month.month) and (placement.end_date is None or placement.end_date >= month)


def _own_placement(actor: User, placement_id) -> Placement:
    placement = db.session.get(Placement, placement_id) if valid_id(placement_id) else None
    if placement is None or placement.person_id != actor.person_id:
        raise Invalid.field("placement_id", N_("No such placement."))
    return placement


def _check_month(placement: Placement, month: date, today: date) -> None:
    if month > month_start(today):
        raise Invalid.field("month", N_("This month has not begun yet."))
    if month < month_start(placement.start_date):
        raise Invalid.field("month", N_("This job had not started in that month."))
    if placement.end_date is not None and month > placement.end_date:
        raise Invalid.field("month", N_("This job had ended before that month."))


def _amount(status: str, amount_owed, note) -> tuple[Decimal | None, str]:
    note = fields.text(note, "note", max_length=MAX_NOTE, required=False)
    if status == "paid":
        if amount_owed is not None:
            raise Invalid.field("amount_owed", N_("Give an amount only when wages are owed."))
        return None, note
    if amount_owed is None:
        raise Invalid.field("amount_owed", N_("Say how much you are owed."))
    return fields.decimal(amount_owed, "amount_owed", minimum=Decimal("0.01")), note


def wage_report_submit(*, actor: User, placement_id: int, month: str, status: str, amount_owed=None,
                       note: str | None = None, today: date | None = None) -> tuple[WageReport, bool]:
    """The worker reports one month of one of their placements: paid, or arrears (amount owed > 0, a note).

    One report per placement and month. A second report only turns open arrears (also those the employer
    marked settled) into paid; anything else is a 409. Returns the report and whether it was created.
    """
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied()
    today = today or local_today()
    fields.choice(status, REPORTED_STATUSES, "status")
    first = parse_month(month)
    owed, note = _amount(status, amount_owed, note)
    with atomic():
        placement = _own_placement(actor, placement_id)
        _check_month(placement, first, today)
        existing = _locked(placement.id, first)
        if existing is None:
            report = WageReport(placement_id=placement.id, employer_id=placement.employer_id, month=first,
                                status=status, amount_owed=owed, note=note, reported_by_id=actor.id,
                                paid_at=utcnow() if status == "paid" else None)
            try:
                with db.session.begin_nested():
                    db.session.add(report)
                    db.session.flush()
                return report, True
            except IntegrityError:  # the same month reported at the same moment (two taps, two phones)
                existing = _locked(placement.id, first)
        if existing.status in OPEN_STATUSES and status == "paid":
            existing.status, existing.paid_at = "paid", utcnow()
            if note:
                existing.note = note
            return existing, False
        raise Conflict(N_("You have already reported on this month."), code="wage_report_exists",
                       errors={"month": [Message(N_("You have already reported on this month."))]})


def _locked(placement_id: int, month: date) -> WageReport | None:
    return db.session.scalar(sa.select(WageReport).where(WageReport.placement_id == placement_id,
                                                         WageReport.month == month)
                             .with_for_update(of=WageReport))


def wage_arrears_settle(*, actor: User, report_id: int) -> WageReport:
    """The employer's staff say the wages owed are paid; the worker is asked to confirm (the arrears stay open
    until they do)."""
    from labour.notifications.services import notification_add

    if actor.role != "employer_staff" or actor.employer_id is None:
        raise PermissionDenied()
    with atomic():
        report = db.session.scalar(sa.select(WageReport).where(WageReport.id == report_id)
                                   .with_for_update(of=WageReport))
        if report is None or report.employer_id != actor.employer_id:
            raise NotFound(N_("No such wage report."))
        if report.status != "arrears":
            raise Conflict(N_("Only wages reported owed can be marked settled."), code="not_in_arrears",
                           errors={"status": [Message(N_("Only wages reported owed can be marked settled."))]})
        report.status, report.settled_at, report.settled_by_id = "settled", utcnow(), actor.id
        worker_id = db.session.scalar(sa.select(User.id).where(User.person_id == report.placement.person_id,
                                                               User.role == "worker", User.is_active.is_(True)))
        if worker_id is not None:
            employer = db.session.get(Employer, report.employer_id)
            notification_add(event="wage_arrears_settled", recipient_id=worker_id,
                             subject=f"wage_report:{report.id}:settled",
                             params={"employer": employer.name, "month": report.month_label,
                                     "amount": str(report.amount_owed)})
    return report


def wage_confirmation_remind(*, today: date | None = None, batch_size: int = 500) -> int:
    """Tell each worker who had a placement in force last month and has not reported on it that a report is
    due: event ``wage_confirmation_due``, subject ``wages:YYYY-MM``. Once per worker and month, however often
    this runs (workers already told are left out by the query, and the notification key holds anyway).
    Returns how many notifications were added."""
    from labour.notifications.models import Notification
    from labour.notifications.services import notification_add

    month = previous_month(today or local_today())
    label = month.strftime("%Y-%m")
    subject = f"wages:{label}"
    unreported = sa.select(WageReport.id).where(WageReport.placement_id == Placement.id,
                                                WageReport.month == month).exists()
    told = sa.select(Notification.id).where(Notification.event == "wage_confirmation_due",
                                            Notification.recipient_id == User.id,
                                            Notification.subject == subject).exists()
    due = list(db.session.scalars(
        sa.select(User.id).distinct().join(Placement, Placement.person_id == User.person_id)
        .where(User.role == "worker", User.is_active.is_(True),
               Placement.start_date <= month_end(month.year, month.month),
               sa.or_(Placement.end_date.is_(None), Placement.end_date >= month),
               ~unreported, ~told)
        .order_by(User.id)))
    db.session.rollback()  # end the read transaction before the batches
    added = 0
    for start in range(0, len(due), batch_size):
        with atomic():
            for user_id in due[start:start + batch_size]:
                if notification_add(event="wage_confirmation_due", recipient_id=user_id, subject=subject,
                                    params={"month": label}) is not None:
                    added += 1
    return added


__all__ = ["parse_month", "previous_month", "wage_report_submit", "wage_arrears_settle",
           "wage_confirmation_remind"]
