"""Placements: a person in work. Hires through the system create one here."""
from datetime import date

from labour.applications.models import Application
from labour.db import db
from labour.placements.models import CHANNEL_FOR_POSITION_KIND, Placement
from labour.positions.models import Position


def placement_add_for_hire(*, application: Application, position: Position, recorded_by_id: int | None,
                           today: date) -> Placement:
    """The placement of a hired applicant, inside the caller's transaction (``application_transition``).

    Work starts on the position's start date, or today if that has passed or is not set. The wage recorded is
    the bottom of the position's range: what the person is sure to earn.
    """
    start = max(position.start_date or today, today)
    placement = Placement(
        person_id=application.person_id, employer_id=position.employer_id, position_id=position.id,
        application_id=application.id, channel=CHANNEL_FOR_POSITION_KIND[position.kind],
        workplace_code=position.workplace_code, start_date=start, monthly_wage=position.wage_min,
        recorded_by_id=recorded_by_id,
    )
    db.session.add(placement)
    return placement
