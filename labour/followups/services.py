"""Follow-ups: retention check-ins 1, 3, 6 and 12 months after a placement starts, recorded by the centre
that trained the person or an official, and reminded by a daily task."""
from datetime import date, timedelta

import sqlalchemy as sa

from labour.accounts.models import User
from labour.cohorts.models import Cohort
from labour.db import atomic, db, utcnow
from labour.employers.models import Employer
from labour.enrolments.models import Enrolment
from labour.errors import Conflict, Invalid, NotFound
from labour.followups.models import FOLLOWUP_MONTHS, Followup
from labour.followups.selectors import add_months, due_since, followup_allowed
from labour.i18n import Message, N_
from labour.notifications.services import notification_add
from labour.people.idnumber import local_today
from labour.people.selectors import valid_id
from labour.placements.models import Placement
from labour.fields import decimal, text

# A check-in may be recorded from a week before it is due.
EARLY_DAYS = 7
# The reminder looks back this far, so a scheduler that was down for a while still reminds (once).
REMIND_WINDOW_DAYS = 90


def followup_record(*, actor: User, placement_id: int, month: int, still_employed: bool, monthly_wage=None,
                    note: str = "", today: date | None = None) -> Followup:
    """Record (or correct) the check-in ``month`` months after the placement started."""
    if month not in FOLLOWUP_MONTHS:
        raise Invalid.field("month", N_("Must be one of: %(choices)s."), choices=", ".join(map(str, FOLLOWUP_MONTHS)))
    if not isinstance(still_employed, bool):
        raise Invalid.field("still_employed", N_("Not a valid boolean."))
    if monthly_wage is not None:
        if not still_employed:
            raise Invalid.field("monthly_wage", N_("Give a wage only for someone still employed."))
        monthly_wage = decimal(monthly_wage, "monthly_wage")
    note = text(note, "note", max_length=500, required=False)
    today = today or local_today()
    with atomic():
        placement = db.session.get(Placement, placement_id, with_for_update={"of": Placement}) \
            if valid_id(placement_id) else None
        if placement is None or actor.role not in ("centre_staff", "official", "admin") or \
                not followup_allowed(actor, placement):
            raise NotFound(N_("No such placement."))
        due_on = add_months(placement.start_date, month)
        if today < due_on - timedelta(days=EARLY_DAYS):
            raise Conflict(Message(N_("This check-in is not due until %(date)s."), date=due_on.isoformat()),
                           code="followup_not_due")
        followup = db.session.scalar(sa.select(Followup).where(Followup.placement_id == placement.id,
                                                               Followup.month == month))
        if followup is None:
            followup = Followup(placement_id=placement.id, month=month, due_on=due_on)
            db.session.add(followup)
        followup.still_employed = still_employed
        followup.monthly_wage = monthly_wage
        followup.note = note
        followup.recorded_by_id = actor.id
        followup.recorded_at = utcnow()
    return followup


def _recipients(placement: Placement) -> list[int]:
    """Staff of every centre that trained the person, and the officials of the person's county."""
    centres = sa.select(Cohort.centre_id).join(Enrolment, Enrolment.cohort_id == Cohort.id).where(
        Enrolment.person_id == placement.person_id, Enrolment.status == "confirmed")
    county = placement.person.registered_county_code
    return list(db.session.scalars(
        sa.select(User.id).where(User.is_active.is_(True), sa.or_(
            sa.and_(User.role == "centre_staff", User.centre_id.in_(centres)),
            sa.and_(User.role == "official", User.division_code == county) if county else sa.false()))
        .order_by(User.id)))


def followups_remind(*, today: date | None = None, batch_size: int = 200) -> int:
    """Tell the people who record check-ins which ones fell due (in the last ``REMIND_WINDOW_DAYS``) and are
    not recorded. Each check-in is notified once per recipient, however often this runs. Returns how many
    notifications were added."""
    today = today or local_today()
    due = due_since(today=today, since=today - timedelta(days=REMIND_WINDOW_DAYS))
    added = 0
    for start in range(0, len(due), batch_size):
        with atomic():
            for placement_id, month in due[start:start + batch_size]:
                placement = db.session.get(Placement, placement_id)
                if placement is None:
                    continue
                employer = db.session.get(Employer, placement.employer_id) if placement.employer_id else None
                for user_id in _recipients(placement):
                    if notification_add(
                            event="followup_due", recipient_id=user_id, subject=f"placement:{placement.id}:{month}",
                            params={"person": placement.person.name, "months": month,
                                    "employer": employer.name if employer else ""}) is not None:
                        added += 1
    return added
