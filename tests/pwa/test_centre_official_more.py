"""The remaining centre and official screens: create and edit a cohort, upload a roster with a progress bar,
issue certificates, monthly approval, zero-employment households, and an export with a progress bar."""
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start
from tests.rosters.test_rosters import roster_rows, to_csv


def test_a_centre_creates_and_edits_a_cohort(app, page, centre_staff, messages):
    from labour.cohorts.models import Cohort

    staff = centre_staff()
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, staff)
    page.get_by_role("link", name=zh("New cohort")).click()
    page.get_by_label(zh("Title")).fill("藏式家具木工培训班")
    page.get_by_label(zh("Commissioning body"), exact=True).fill("拉萨市人力资源和社会保障局")
    page.get_by_label(zh("Occupation code")).fill("factory_worker")
    page.get_by_label(zh("County code")).fill("540102")
    page.get_by_label(zh("Start date")).fill((date.today() + timedelta(days=10)).isoformat())
    page.get_by_label(zh("End date")).fill((date.today() + timedelta(days=40)).isoformat())
    page.get_by_label(zh("Seats")).fill("25")
    page.get_by_role("button", name=zh("Save")).click()
    page.wait_for_url("**/#/centre/cohorts/*")
    with app.app_context():
        cohort = db.session.scalar(sa.select(Cohort))
        assert (cohort.title, cohort.capacity, cohort.mode, cohort.status) == ("藏式家具木工培训班", 25, "commissioned", "planned")
    page.get_by_role("link", name=zh("Edit"), exact=True).click()
    page.get_by_label(zh("Seats")).fill("30")
    page.get_by_role("button", name=zh("Save")).click()
    page.wait_for_url(f"**/#/centre/cohorts/{cohort.id}")
    # A bad value is answered in place, naming the field.
    page.get_by_role("link", name=zh("Edit"), exact=True).click()
    page.get_by_label(zh("Seats")).fill("100000")
    page.get_by_role("button", name=zh("Save")).click()
    expect(page.locator("[role=alert]")).to_contain_text("capacity")
    with app.app_context():
        db.session.expire_all()
        assert db.session.get(Cohort, cohort.id).capacity == 30


def test_a_centre_uploads_a_roster_with_a_progress_bar(app, page, make_cohort, messages, tmp_path, shot):
    from labour.enrolments.models import Enrolment

    cohort_id, staff = make_cohort(status="open", capacity=30)
    path = tmp_path / "roster.csv"
    path.write_bytes(to_csv(roster_rows(12)))
    bo = messages("bo")
    start(page, "bo")
    login(page, staff)
    page.goto(f"/#/centre/cohorts/{cohort_id}")
    page.get_by_label(bo("CSV or Excel file")).set_input_files(str(path))
    page.get_by_role("button", name=bo("Upload"), exact=True).click()
    bar = page.locator("progress")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("value", "100", timeout=60_000)
    expect(page.locator("form [role=status] .ok")).to_be_visible()
    shot(page, "centre-roster", "bo")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment)) == 12


def test_a_centre_issues_certificates(app, page, make_cohort, trainees, run_sessions, messages):
    from labour.cohorts.services import cohort_transition
    from labour.enrolments.services import assessments_record
    from labour.people.models import Certificate

    cohort_id, staff = make_cohort(status="open", sessions=2)
    people = trainees(cohort_id, staff, 2)
    (good, _), (absent, _) = [(e, u) for u, e in people]
    with app.app_context():
        cohort_transition(actor=staff, cohort_id=cohort_id, status="running")
    run_sessions(cohort_id, staff, [[good], [good]])
    with app.app_context():
        assessments_record(actor=staff, cohort_id=cohort_id, results=[
            {"enrolment_id": good, "result": "passed"}, {"enrolment_id": absent, "result": "passed"}])
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, staff)
    page.goto(f"/#/centre/cohorts/{cohort_id}")
    page.get_by_role("button", name=zh("Complete the course")).click()
    page.get_by_role("button", name=zh("Issue certificates to all who qualify")).click()
    expect(page.get_by_role("status").filter(has_text=zh("Certificates issued: {n}").replace("{n}", "1"))).to_be_visible()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 1


def _placed_region(app, official, make_person, place, refresh):
    year = date.today().year
    for county in ("540102", "540102", "540602"):
        place(make_person(county), workplace="330000", start=date(year, 1, 5))
    refresh(year=year, today=date.today())
    return official("540000"), year


def test_an_official_exports_the_report_with_a_progress_bar(app, page, official, make_person, place, refresh,
                                                          messages, shot):
    from labour.exports.models import Export as StatsExport

    region, year = _placed_region(app, official, make_person, place, refresh)
    zh = messages("zh_Hans")
    start(page, "zh_Hans")
    login(page, region)
    page.get_by_label(zh("Format")).select_option("csv")
    page.get_by_role("button", name=zh("Export the monthly report")).click()
    link = page.get_by_role("link", name=zh("Download the report"))
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator("section progress")).to_have_attribute("value", "100")
    shot(page, "official-export", "zh_Hans")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and "540100" in response.text() or "拉萨" in response.text()
    with app.app_context():
        export = db.session.scalar(sa.select(StatsExport))
        assert (export.division_code, export.year, export.format, export.locale) == ("540000", year, "csv", "zh_Hans")


def test_an_official_sees_zero_employment_households_and_approves_a_month(
        app, page, official, make_person, messages):
    from labour.approvals.services import report_submit

    make_person("540602", status="monitored")  # of working age, no placement: a zero-employment household
    county = official("540602")
    today = date.today()
    last_month = (today.replace(day=1) - timedelta(days=1))
    with app.app_context():
        from labour.accounts.models import User

        report_submit(actor=db.session.get(User, county.id), county_code="540602", year=last_month.year,
                      month=last_month.month, today=today)
    prefecture = official("540600")
    bo = messages("bo")
    start(page, "bo")
    login(page, prefecture)
    page.goto("/#/zero")
    expect(page.locator("[data-household]")).to_have_count(1)
    page.goto("/#/approvals")
    report = page.locator("[data-report]")
    expect(report).to_have_count(1)
    report.get_by_role("button", name=bo("Approve")).click()
    expect(page.locator("[data-report] button")).to_have_count(0)  # approved: the region acts next
    from labour.approvals.models import MonthlyReport

    with app.app_context():
        assert db.session.scalar(sa.select(MonthlyReport)).state == "approved"
