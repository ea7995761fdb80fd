"""Reading enrolments: a cohort's trainees and waiting list for its centre and officials, a worker's own, and
attendance figures."""
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import sqlalchemy as sa

from labour.accounts.models import User
from labour.audit.services import audit_commit
from labour.cohorts.models import Cohort, CohortSession
from labour.cohorts.selectors import cohort_for_staff
from labour.db import db
from labour.enrolments.models import Attendance, Enrolment
from labour.errors import NotFound, PermissionDenied
from labour.i18n import N_
from labour.pagination import Page, paginate
from labour.people.selectors import valid_id


def enrolment_list_for_cohort(*, user: User, cohort_id: int, status: str | None = None, page: int = 1,
                              per_page: int = 20) -> Page:
    """The cohort's enrolments for its centre and officials over it. The waiting list (``status=applied``)
    comes in the order places are given: monitored households, poverty-alleviated households, school leavers,
    everyone else; first come first within each group."""
    cohort = cohort_for_staff(user=user, cohort_id=cohort_id)
    query = sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id)
    if status is not None:
        query = query.where(Enrolment.status == status)
    if status == "applied":
        query = query.order_by(Enrolment.priority, Enrolment.created_at, Enrolment.id)
    else:
        query = query.order_by(Enrolment.id)
    found = paginate(query, page=page, per_page=per_page)
    # Each trainee's waiting-list priority group is a household status: the read is audit-logged.
    audit_commit(actor=user, action="trainees.read", object_kind="person",
                 object_ids=[e.person_id for e in found.items], context=f"cohort:{cohort.id}")
    return found


def waiting_list_query(cohort_id: int) -> sa.Select:
    return (sa.select(Enrolment.id).where(Enrolment.cohort_id == cohort_id, Enrolment.status == "applied")
            .order_by(Enrolment.priority, Enrolment.created_at, Enrolment.id))


def my_enrolments(*, actor: User, page: int = 1, per_page: int = 20) -> Page:
    if actor.role != "worker":
        raise PermissionDenied()
    query = (sa.select(Enrolment).where(Enrolment.person_id == actor.person_id)
             .order_by(Enrolment.updated_at.desc(), Enrolment.id.desc()))
    return paginate(query, page=page, per_page=per_page)


def enrolment_get(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id) if valid_id(enrolment_id) else None
    if enrolment is None:
        raise NotFound(N_("No such enrolment."))
    return enrolment


@dataclass
class AttendanceLine:
    enrolment: Enrolment
    present: int
    held: int
    total: int
    threshold: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Percent of the sessions held so far, rounded down (so 79.99 never shows as 80)."""
        if not self.held:
            return None
        return (Decimal(100 * self.present) / self.held).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    @property
    def behind(self) -> bool:
        """Below the completion threshold over the sessions held so far: warn the trainee and the centre."""
        return self.held > 0 and 100 * self.present < self.threshold * self.held

    @property
    def can_still_complete(self) -> bool:
        """Attending every remaining session would still reach the threshold."""
        return 100 * (self.present + self.total - self.held) >= self.threshold * self.total


def present_counts(cohort_id: int) -> dict[int, int]:
    """enrolment id -> sessions attended."""
    rows = db.session.execute(
        sa.select(Attendance.enrolment_id, sa.func.count())
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort_id, Attendance.present.is_(True))
        .group_by(Attendance.enrolment_id))
    return dict(rows.all())


def attendance_summary(cohort: Cohort) -> list[AttendanceLine]:
    """Each confirmed trainee's attendance so far (one query for the counts)."""
    counts = present_counts(cohort.id)
    held = sum(1 for s in cohort.sessions if s.attendance_taken_at is not None)
    trainees = db.session.scalars(sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                             Enrolment.status == "confirmed")
                                  .order_by(Enrolment.id))
    return [AttendanceLine(enrolment=e, present=counts.get(e.id, 0), held=held, total=len(cohort.sessions),
                           threshold=cohort.completion_threshold) for e in trainees]


def attendance_for_staff(*, user: User, cohort_id: int) -> list[AttendanceLine]:
    return attendance_summary(cohort_for_staff(user=user, cohort_id=cohort_id))
