"""Applications: a worker applies and may withdraw; the employer moves the application on and hires.

Every service returns the changed application, the hook for notifications (the caller turns the change into an
event). Status changes are conditional updates on the status read, so two concurrent changes cannot both win.
"""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.accounts.models import User
from labour.applications.models import EMPLOYER_TRANSITIONS, WORKER_WITHDRAWABLE, Application
from labour.cohorts.selectors import graduate_offer, held_for_training
from labour.db import atomic, db
from labour.errors import Conflict, NotFound, PermissionDenied
from labour.i18n import N_
from labour.notifications.services import notification_add
from labour.placements.services import placement_add_for_hire
from labour.positions.models import Position
from labour.positions.selectors import local_today

_POSITION_FULL = N_("All places of this position are filled.")
_CHANGED_MEANWHILE = N_("The application was changed meanwhile; reload it.")


def _worker_person_id(actor: User) -> int:
    if actor.role != "worker" or actor.person_id is None:
        raise PermissionDenied(N_("Only workers can apply."))
    return actor.person_id


def _set_status(application_id: int, *, old: str, new: str, **values) -> None:
    """Move the application from ``old`` to ``new``, or fail if someone else moved it first."""
    result = db.session.execute(
        sa.update(Application).where(Application.id == application_id, Application.status == old)
        .values(status=new, **values).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(_CHANGED_MEANWHILE, code="application_changed")


def application_submit(*, actor: User, position_id: int, note: str = "", today: date | None = None) -> Application:
    """A worker applies to an open position before its deadline while places are left. Applying again after
    withdrawing resubmits the same application; applying twice otherwise is a conflict."""
    person_id = _worker_person_id(actor)
    today = today or local_today()
    note = (note or "").strip()[:500]
    with atomic():
        position = db.session.get(Position, position_id)
        if position is None or position.status == "draft" or position.employer.status != "vetted":
            raise NotFound(N_("No such position."))
        if position.status == "filled" or position.filled >= position.headcount:
            raise Conflict(_POSITION_FULL, code="position_full")
        if position.status != "open" or (position.deadline is not None and position.deadline < today):
            raise Conflict(N_("This position is closed."), code="position_closed")
        if position.relief_project_id is not None:  # a doorstep project job may hire locals first
            from labour.people.models import Person
            from labour.relief.services import local_first_check

            local_first_check(position=position, person=db.session.get(Person, person_id), today=today)
        existing = db.session.scalar(sa.select(Application).where(Application.position_id == position_id,
                                                                  Application.person_id == person_id))
        if existing is not None:
            if existing.status != "withdrawn":
                raise Conflict(N_("You have already applied for this position."), code="already_applied")
            _set_status(existing.id, old="withdrawn", new="submitted", note=note)
            application_id = existing.id
        else:
            application = Application(position_id=position_id, person_id=person_id, status="submitted", note=note)
            db.session.add(application)
            try:
                db.session.flush()
            except IntegrityError:  # the same worker applying twice at the same moment
                raise Conflict(N_("You have already applied for this position."), code="already_applied") from None
            application_id = application.id
    return _reloaded(application_id)


def application_withdraw(*, actor: User, application_id: int) -> Application:
    """The worker takes back their application while it is still open (submitted, shortlisted or offered)."""
    person_id = _worker_person_id(actor)
    with atomic():
        application = db.session.get(Application, application_id)
        if application is None or application.person_id != person_id:
            raise NotFound(N_("No such application."))
        if application.status not in WORKER_WITHDRAWABLE:
            raise Conflict(N_("This application can no longer be withdrawn."), code="illegal_transition")
        _set_status(application.id, old=application.status, new="withdrawn")
    return _reloaded(application_id)


def application_transition(*, actor: User, application_id: int, status: str, today: date | None = None) -> Application:
    """The employer's staff shortlist, offer, reject or hire (see ``EMPLOYER_TRANSITIONS``).

    Hiring is one transaction: a conditional update takes a place (never more than the headcount, whoever hires
    at the same moment), the application moves from offered to hired, and the placement is recorded.
    """
    if actor.role != "employer_staff" or actor.employer_id is None:
        raise PermissionDenied()
    with atomic():
        application = db.session.get(Application, application_id)
        if application is None or application.position.employer_id != actor.employer_id:
            raise NotFound(N_("No such application."))
        old = application.status
        if status not in EMPLOYER_TRANSITIONS.get(old, ()):
            raise Conflict(N_("The application cannot move to this status from its current one."),
                           errors={"status": [N_("Not allowed from the current status.")]}, code="illegal_transition")
        if status == "hired":
            _hire(application, actor=actor, today=today or local_today())
        else:
            _set_status(application.id, old=old, new=status)
        _tell_worker(application_id=application.id, person_id=application.person_id, position=application.position,
                     status=status)
    return _reloaded(application_id)


def _hire(application: Application, *, actor: User, today: date) -> None:
    """Take one place, conditionally, in SQL. An offer already made is honoured after the position closes
    (deadline passed or closed by the employer); only a full position refuses the hire."""
    position_id = application.position_id
    # Places reserved for order-based trainees are kept for them: anyone else only fits in the rest.
    graduate = db.session.scalar(sa.select(graduate_offer(application.id)))
    room = Position.headcount if graduate else Position.headcount - held_for_training(Position.id)
    taken = db.session.execute(
        sa.update(Position)
        .where(Position.id == position_id, Position.filled < room, Position.status.in_(("open", "closed")))
        .values(filled=Position.filled + 1,
                status=sa.case((Position.filled + 1 >= Position.headcount, "filled"), else_=Position.status))
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        filled, headcount = db.session.execute(
            sa.select(Position.filled, Position.headcount).where(Position.id == position_id)).one()
        if filled >= headcount:
            raise Conflict(_POSITION_FULL, code="position_full")
        if not graduate and filled >= headcount - db.session.scalar(sa.select(held_for_training(position_id))):
            raise Conflict(N_("The remaining places are kept for the trainees of an order-based course."),
                           code="places_reserved")
        raise Conflict(N_("This position is closed."), code="position_closed")
    _set_status(application.id, old="offered", new="hired")
    placement_add_for_hire(application=application, position=application.position, recorded_by_id=actor.id,
                           today=today)


def application_offer_for_training(*, position: Position, person_id: int, note: str = "") -> Application:
    """Offer ``position`` to a graduate of an order-based cohort, inside the caller's transaction
    (``labour.enrolments.services.certificates_issue``); the employer then hires as for any offer.

    An earlier application of the person to the position becomes the offer (unless already hired); the
    worker, if they have an account, is told.
    """
    application = db.session.scalar(sa.select(Application).where(Application.position_id == position.id,
                                                                 Application.person_id == person_id))
    if application is None:
        application = Application(position_id=position.id, person_id=person_id, status="offered",
                                  note=(note or "")[:500])
        db.session.add(application)
        db.session.flush()
    elif application.status not in ("offered", "hired"):
        _set_status(application.id, old=application.status, new="offered")
    else:
        return application
    _tell_worker(application_id=application.id, person_id=person_id, position=position, status="offered")
    return application


def _tell_worker(*, application_id: int, person_id: int, position: Position, status: str) -> None:
    """Notify the applicant, if they have an account, in the caller's transaction (once per status)."""
    user_id = db.session.scalar(sa.select(User.id).where(User.person_id == person_id))
    if user_id is not None:
        notification_add(event="application_status_changed", recipient_id=user_id,
                         subject=f"application:{application_id}:{status}",
                         params={"position": position.title, "status": status})


def _reloaded(application_id: int) -> Application:
    """The application as committed (core updates bypass the identity map)."""
    return db.session.get(Application, application_id, populate_existing=True)
