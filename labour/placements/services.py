"""Placements: a person in work. Hires through the system create one here; officials record the work people
found outside the system (with a note of the evidence)."""
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from labour import fields
from labour.accounts.models import User
from labour.applications.models import Application
from labour.db import atomic, db
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.employers.models import Employer
from labour.enrolments.models import Enrolment
from labour.errors import Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.people.models import Person
from labour.placements.models import CHANNEL_FOR_POSITION_KIND, CHANNELS, Placement
from labour.positions.models import Position



def placement_add_for_hire(*, application: Application, position: Position, recorded_by_id: int | None,
                           today: date) -> Placement:
    """The placement of a hired applicant, inside the caller's transaction (``application_transition``).

    Work starts on the position's start date, or today if that has passed or is not set. The wage recorded is
    the bottom of the position's range: what the person is sure to earn. The person's registered county is
    copied onto the placement, so that statistics keep attributing it there after a move.
    """
    start = max(position.start_date or today, today)
    # An offer made to a graduate of an order-based cohort (see ``certificates_issue``) is order-based training.
    from_training = db.session.scalar(sa.select(Enrolment.id).where(Enrolment.application_id == application.id))
    placement = Placement(
        person_id=application.person_id, employer_id=position.employer_id, position_id=position.id,
        application_id=application.id,
        channel="order_training" if from_training else CHANNEL_FOR_POSITION_KIND[position.kind],
        workplace_code=position.workplace_code, start_date=start, monthly_wage=position.wage_min,
        recorded_by_id=recorded_by_id, registered_county_code=_registered_county(application.person_id),
    )
    db.session.add(placement)
    return placement


def _registered_county(person_id: int) -> str | None:
    person = db.session.get(Person, person_id)
    return person.registered_county_code if person is not None else None


def _wage(value) -> Decimal | None:
    return None if value is None else fields.decimal(value, "monthly_wage")


def placement_record(*, actor: User, person_id: int, channel: str, workplace_code: str, start_date: date,
                     evidence_note: str, end_date: date | None = None, monthly_wage=None,
                     employer_id: int | None = None, position_id: int | None = None) -> Placement:
    """An official records work that a person of their area found or got outside the system.

    The evidence note says how it is known (a contract, a phone call with the employer, a village
    committee's list); it is required, because these placements count in official figures.
    """
    if actor.role != "official":
        raise PermissionDenied()
    if channel not in CHANNELS:
        raise Invalid.field("channel", N_("Must be one of: %(choices)s."), choices=", ".join(CHANNELS))
    if not evidence_note or not evidence_note.strip():
        raise Invalid.field("evidence_note", N_("Say how this work is known."))
    if end_date is not None and end_date < start_date:
        raise Invalid.field("end_date", N_("The end date cannot be before the start date."))
    wage = _wage(monthly_wage)
    with atomic():
        person = db.session.get(Person, person_id) if isinstance(person_id, int) and 0 < person_id < 2**31 else None
        # Another area's person is "not found": ids are sequential, a 403 would confirm they exist.
        if person is None or not code_in_scope(actor.division, person.registered_county_code):
            raise NotFound(N_("No such person."))
        workplace = db.session.get(Division, workplace_code) if isinstance(workplace_code, str) else None
        if workplace is None:
            raise Invalid.field("workplace_code", N_("Unknown division: %(value)s."), value=workplace_code)
        if workplace.level not in ("county", "province"):
            raise Invalid.field("workplace_code", N_("Give a county in Tibet or a province outside Tibet."))
        if employer_id is not None and db.session.get(Employer, employer_id) is None:
            raise Invalid.field("employer_id", N_("No such employer."))
        if position_id is not None:
            position = db.session.get(Position, position_id)
            if position is None:
                raise Invalid.field("position_id", N_("No such position."))
            if employer_id is not None and position.employer_id != employer_id:
                raise Invalid.field("position_id", N_("This position belongs to another employer."))
            employer_id = position.employer_id
        placement = Placement(
            person_id=person.id, employer_id=employer_id, position_id=position_id, channel=channel,
            workplace_code=workplace.code, start_date=start_date, end_date=end_date, monthly_wage=wage,
            evidence_note=evidence_note.strip()[:500], recorded_by_id=actor.id,
            registered_county_code=person.registered_county_code)
        db.session.add(placement)
    return placement
