"""A worker's journey in Tibetan (browse, filter, apply, see the status), and applying offline."""
import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start


def _applications(app, position_id):
    from labour.applications.models import Application

    with app.app_context():
        return db.session.scalars(sa.select(Application).where(Application.position_id == position_id)).all()


def test_a_worker_browses_filters_applies_and_sees_the_status_in_tibetan(
        app, page, make_employer, make_position, make_worker, messages, shot):
    employer = make_employer()
    eco, _staff = make_position(employer, kind="eco_post", title="ཤིང་སྡོང་སྲུང་སྐྱོབ་པ། 护林员")
    make_position(employer, kind="general", title="Sewing machine operator")
    worker = make_worker()
    bo = messages("bo")

    start(page, "bo")
    assert page.evaluate("document.documentElement.lang") == "bo"
    page.wait_for_selector("[data-position]")
    assert page.locator("[data-position]").count() == 2
    shot(page, "worker-jobs", "bo")

    # Filter by kind: only the ecological post stays.
    page.get_by_label(bo("Kind of job")).select_option("eco_post")
    page.get_by_role("button", name=bo("Show jobs")).click()
    expect(page.locator("[data-position]")).to_have_count(1)
    card = page.locator(f"[data-position='{eco}']")
    assert "སྲུང་སྐྱོབ" in card.inner_text()

    login(page, worker)
    page.goto(f"/#/jobs/{eco}")
    page.get_by_role("button", name=bo("Apply"), exact=True).click()             # tap 1
    page.get_by_role("button", name=bo("Send my application")).click()          # tap 2
    page.wait_for_selector("#apply .badge")
    assert len(_applications(app, eco)) == 1
    shot(page, "worker-applied", "bo")

    page.goto("/#/applications")
    status = page.locator("[data-application] .status").first
    status.wait_for()
    with app.test_request_context("/?lang=bo"):
        from flask_babel import gettext

        assert status.inner_text() == gettext("Submitted") != "Submitted"
    shot(page, "worker-applications", "bo")


def test_the_job_list_scrolls_on_endlessly(page, make_employer, make_position):
    employer = make_employer()
    for n in range(27):
        make_position(employer, title=f"Job {n}")
    start(page, "zh_Hans")
    cards = page.locator("[data-position]")
    expect(cards).to_have_count(20)  # the first page
    page.mouse.wheel(0, 20_000)
    cards.nth(20).scroll_into_view_if_needed()
    expect(cards).to_have_count(27)
    assert len(set(cards.evaluate_all("els => els.map((e) => e.dataset.position)"))) == 27


def test_a_worker_registers_enrols_reads_the_inbox_and_the_recommendations(
        app, page, make_cohort, make_employer, make_position, messages, shot):
    from labour.accounts.models import User
    from labour.enrolments import services
    from labour.enrolments.models import Enrolment

    cohort_id, staff = make_cohort(status="open")
    make_position(make_employer(), kind="work_for_relief", title="Village road repair")
    bo = messages("bo")
    start(page, "bo")
    page.goto("/#/register")
    page.get_by_label(bo("Name"), exact=True).fill("བཀྲ་ཤིས་སྒྲོལ་མ།")
    page.get_by_label(bo("Phone number"), exact=True).fill("13912345678")
    page.get_by_label(bo("Password"), exact=True).fill("yak-butter-tea")
    page.get_by_role("button", name=bo("Create an account")).click()
    page.wait_for_url("**/#/jobs")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.phone == "13912345678"))
        assert user.role == "worker" and user.locale == "bo"

    page.goto("/#/training")
    page.get_by_role("button", name=bo("Ask for a place")).click()
    expect(page.get_by_role("heading", name=bo("My training"))).to_be_visible()
    with app.app_context():
        enrolment = db.session.scalar(sa.select(Enrolment))
        assert enrolment.status == "applied"
        services.enrolment_accept(actor=staff, enrolment_id=enrolment.id)  # the centre offers a place

    page.goto("/#/inbox")
    expect(page.locator("#main .card")).to_have_count(1)
    shot(page, "worker-inbox", "bo")
    page.goto("/#/training")
    page.get_by_role("button", name=bo("Take the place")).click()
    expect(page.get_by_role("button", name=bo("Take the place"))).to_have_count(0)
    with app.app_context():
        db.session.expire_all()
        assert db.session.get(Enrolment, enrolment.id).status == "confirmed"

    page.goto("/#/for-you")
    expect(page.get_by_role("heading", name=bo("Jobs for you"))).to_be_visible()
    expect(page.locator("#main .card, #main p.muted").first).to_be_visible()
    shot(page, "worker-recommendations", "bo")


def test_the_language_can_be_switched_at_any_time(page, make_employer, make_position, messages, shot):
    make_position(make_employer())
    start(page, "bo")
    page.wait_for_selector("[data-position]")
    assert page.locator("[data-position] .badge").first.inner_text() == "སྤྱིར་བཏང་ལས་གནས"  # kind label from the API
    page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("[data-position] .badge").first).to_have_text("一般岗位")
    shot(page, "worker-jobs", "zh_Hans")
    assert page.locator("link[rel=manifest]").get_attribute("href") == "/manifest.zh_Hans.webmanifest"
    page.reload()  # remembered
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.wait_for_selector("[data-position]")


def test_tibetan_digits_are_optional(page, make_employer, make_position, make_worker, messages):
    make_position(make_employer())
    bo = messages("bo")
    start(page, "bo")
    login(page, make_worker())
    page.goto("/#/me")
    page.get_by_label(bo("Tibetan digits")).check()
    page.goto("/#/jobs")
    expect(page.locator("[data-position] .wage").first).to_contain_text("༤,༠༠༠")
