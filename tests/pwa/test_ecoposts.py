"""An ecological-protection post holder opens "My eco-post" from the profile, records a duty and sees the
payments; the screen passes the accessibility audit (labels on every control, tap targets of 44 px)."""
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start
from tests.pwa.test_accessibility import AUDIT, CLEAN


def _holder(app, worker):
    """A post in the worker's county held since last January, with January appraised (reward 150) and paid."""
    from labour.accounts.models import User
    from labour.ecoposts.services import (appraisal_create, assignment_create, payment_generate, payment_mark_paid,
                                          post_create)

    year = date.today().year - 1
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.role == "admin"))
        post = post_create(actor=admin, post_type="grassland", division_code="540602", title="草原管护员 3村",
                           base_payment="1000", appraisal_period="monthly", village="3村")
        assignment = assignment_create(actor=admin, post_id=post.id, person_id=worker.person_id,
                                       start_date=date(year, 1, 10))
        appraisal_create(actor=admin, assignment_id=assignment.id, period=f"{year}-01", score=92, reward="150.5")
        payment = payment_generate(actor=admin, assignment_id=assignment.id, period=f"{year}-01")
        payment_mark_paid(actor=admin, payment_id=payment.id)
        return assignment.id


def test_a_holder_records_a_duty_and_sees_the_payments(app, page, make_user, make_worker, messages, shot):
    make_user("admin")
    worker = make_worker()
    assignment = _holder(app, worker)
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, worker)
    page.goto("/#/me")
    page.get_by_role("link", name=zh("My eco-post")).click()
    page.wait_for_selector("#duty-form")
    assert "草原管护员 3村" in page.inner_text("#main")
    expect(page.locator("#eco-payments .wage")).to_have_text("¥1,150.50")
    assert page.evaluate(AUDIT) == CLEAN

    page.get_by_label(zh("Kind of work")).select_option("monitoring")
    page.get_by_label(zh("Note")).fill("Counted 12 gazelles")
    page.get_by_role("button", name=zh("Record the duty")).click()
    expect(page.locator("#main")).to_contain_text("Counted 12 gazelles")
    shot(page, "worker-eco-post", "zh_Hans")
    from labour.ecoposts.models import EcoDuty

    with app.app_context():
        duties = db.session.scalars(sa.select(EcoDuty).where(EcoDuty.assignment_id == assignment)).all()
        assert [(d.kind, d.note, d.duty_date) for d in duties] == [("monitoring", "Counted 12 gazelles", date.today())]
