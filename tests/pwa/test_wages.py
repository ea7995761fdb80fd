"""A worker reports unpaid wages from the phone, sees the employer flagged on its job, and confirms payment."""
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start


def _reports(app):
    from labour.wages.models import WageReport

    with app.app_context():
        return [(r.status, str(r.amount_owed)) for r in db.session.scalars(sa.select(WageReport))]


def test_a_worker_reports_unpaid_wages_and_then_confirms_payment(
        app, page, make_employer, make_position, make_worker, official, messages, shot):
    from labour.accounts.models import User
    from labour.placements.services import placement_record

    employer = make_employer()
    position, _staff = make_position(employer)
    worker = make_worker()
    with app.app_context():
        placement_record(actor=db.session.get(User, official("540000").id), person_id=worker.person_id,
                         channel="self_found", workplace_code="540102", employer_id=employer,
                         start_date=date.today() - timedelta(days=90), evidence_note="labour contract seen")
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, worker)
    page.goto("/#/me")
    page.get_by_role("link", name=zh("Wages")).click()
    page.wait_for_selector("[data-placement]")
    paid, unpaid = page.get_by_role("button", name=zh("I was paid")), page.get_by_role("button", name=zh("Report unpaid wages"))
    for button in (paid, unpaid):
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44  # one-tap targets
    unpaid.click()
    page.get_by_label(zh("Amount owed to you (yuan)")).fill("1500")
    page.get_by_label(zh("Note (optional)")).fill("Not paid since spring")
    page.get_by_role("button", name=zh("Send report")).click()
    page.wait_for_selector("[data-report]")
    assert _reports(app) == [("arrears", "1500.00")]
    shot(page, "worker-wages", "zh_Hans")

    # The employer's job is flagged, with an icon and a text, on the job's page and on its card (the list the
    # phone showed before is served from its cache first, refreshed behind it: the next visit shows the flag).
    page.goto(f"/#/jobs/{position}")
    expect(page.locator(".arrears")).to_have_text(zh("Workers report unpaid wages at this employer"))
    expect(page.locator(".arrears svg")).to_have_count(1)
    page.goto("/#/jobs")
    flag = page.locator(f"[data-position='{position}'] .arrears")
    for _ in range(20):  # until the service worker's copy of the list is the refreshed one
        page.wait_for_selector("[data-position]")
        if flag.count():
            break
        page.wait_for_timeout(250)
        page.reload()
    expect(flag).to_be_visible()

    page.goto("/#/wages")
    page.locator("[data-report]").get_by_role("button", name=zh("I was paid")).click()
    expect(page.locator("[data-report]")).to_have_count(0)
    assert _reports(app) == [("paid", "1500.00")]
