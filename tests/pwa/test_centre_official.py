"""A training centre takes attendance with one tap per trainee; an official reads the dashboard and drills down."""
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start


def test_a_centre_takes_attendance_with_one_tap_per_trainee(
        app, page, make_cohort, trainees, messages, shot):
    from labour.cohorts.services import cohort_transition

    cohort_id, staff = make_cohort(status="open", sessions=3)
    people = trainees(cohort_id, staff, 3)
    with app.app_context():
        cohort_transition(actor=staff, cohort_id=cohort_id, status="running")
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, staff)
    page.locator(f"[data-cohort='{cohort_id}']").click()
    first_session = page.locator("[data-session]").first
    first_session.click()
    buttons = page.locator("[data-trainee]")
    expect(buttons).to_have_count(3)
    present_ids = [people[0][1], people[2][1]]
    for enrolment_id in present_ids:  # one tap each
        page.locator(f"[data-trainee='{enrolment_id}']").click()
    expect(page.locator("[data-trainee][aria-pressed='true']")).to_have_count(2)
    shot(page, "centre-attendance", "zh_Hans")
    page.get_by_role("button", name=zh("Save attendance")).click()
    expect(page.locator("table tbody tr")).to_have_count(3)

    from labour.enrolments.models import Attendance

    with app.app_context():
        rows = db.session.execute(sa.select(Attendance.enrolment_id, Attendance.present)).all()
    assert sorted(e for e, present in rows if present) == sorted(present_ids)
    assert [e for e, present in rows if not present] == [people[1][1]]
    page.goto(f"/#/centre/cohorts/{cohort_id}")
    expect(page.locator("[data-session] .badge.ok")).to_have_count(1)  # this session's attendance is taken


def test_a_centre_accepts_and_declines_enrolment_requests(app, page, make_cohort, make_worker, messages):
    from labour.enrolments import services

    cohort_id, staff = make_cohort(status="open")
    applicants = [make_worker(), make_worker()]
    with app.app_context():
        ids = [services.enrolment_apply(actor=w, cohort_id=cohort_id).id for w in applicants]
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, staff)
    page.goto(f"/#/centre/cohorts/{cohort_id}")
    page.locator(f"[data-enrolment='{ids[0]}']").get_by_role("button", name=zh("Accept")).click()
    expect(page.locator(f"[data-enrolment='{ids[0]}']")).to_have_count(0)
    page.locator(f"[data-enrolment='{ids[1]}']").get_by_role("button", name=zh("Decline")).click()
    expect(page.locator("[data-enrolment]")).to_have_count(0)
    from labour.enrolments.models import Enrolment

    with app.app_context():
        states = dict(db.session.execute(sa.select(Enrolment.id, Enrolment.status)).all())
    assert states == {ids[0]: "accepted", ids[1]: "rejected"}


def test_an_official_reads_the_dashboard_and_drills_down(
        app, page, official, make_person, place, refresh, messages, shot):
    from labour.targets.services import target_set

    year = date.today().year
    region = official("540000")
    lhasa = [make_person("540102") for _ in range(2)]
    nagqu = make_person("540602")
    for person in lhasa + [nagqu]:
        place(person, workplace="330000", start=date(year, 1, 5))
    with app.app_context():
        from labour.accounts.models import User

        actor = db.session.get(User, region.id)
        target_set(actor=actor, division_code="540000", year=year, metric="outbound_poverty_alleviated", value=10)
    refresh(year=year, today=date.today())

    for locale in ("bo", "zh_Hans"):
        tr = messages(locale)
        page.context.clear_cookies()
        page.goto("/offline")  # a page without the app, which would save its language again while starting
        page.evaluate("() => localStorage.clear()")
        start(page, locale)
        login(page, region)
        expect(page.get_by_role("heading", name=tr("Dashboard"))).to_be_visible()
        bar = page.locator("[role=progressbar]").first
        expect(bar).to_have_attribute("aria-valuenow", "30")  # 3 of 10
        rows = page.locator("#by-division tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() == 7  # the region's prefectures
        expect(page.locator("img.chart")).to_have_count(2)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => [...document.querySelectorAll('img.chart')].every((i) => i.naturalWidth > 0)")
        shot(page, "official-dashboard", locale)

    # Drill down to Lhasa: its counties, Chengguan with 2 persons.
    page.goto(f"/#/dashboard?division=540100&year={year}")
    cell = page.locator("#by-division tbody tr", has_text="城关").locator("td.n").first
    expect(cell).to_have_text("2")
