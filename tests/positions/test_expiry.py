"""Employers hear once that an open position with places left is about to close."""
from datetime import date, timedelta

from labour.db import db


def test_closing_soon_is_told_once_per_position_and_deadline(app, make_position, make_employer, staff_of,
                                                             login_client):
    from labour.positions.services import positions_closing_soon_notify

    today = date.today()
    employer = make_employer()
    make_position(employer_id=employer, deadline=today + timedelta(days=2), title="Closes soon")
    make_position(employer_id=employer, deadline=today + timedelta(days=20), title="Not yet")
    with app.app_context():
        assert positions_closing_soon_notify(today=today) == 1
        assert positions_closing_soon_notify(today=today) == 0  # a second run tells nobody again
        db.session.remove()
    inbox = login_client(staff_of(employer)).get("/api/v1/me/notifications?lang=en").json
    assert inbox["total"] == 1 and "Closes soon" in inbox["items"][0]["message"]
