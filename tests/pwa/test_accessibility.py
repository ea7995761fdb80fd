"""Tap targets of at least 44 px, a label on every control, alternative text, icons for job kinds; Lighthouse."""
import json
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.pwa.conftest import CHROMIUM, login, start

AUDIT = """() => {
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const small = [...document.querySelectorAll('button, input, select, textarea, a.button, a.card, .tabs a')]
    .filter(visible).filter((el) => el.type !== 'hidden')
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => el.type === 'checkbox' ? r.height < 24 : (r.height < 44 || r.width < 44))
    .map(([el, r]) => `${el.tagName} ${el.textContent.trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  const unlabelled = [...document.querySelectorAll('input, select, textarea')].filter(visible)
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map((el) => el.name || el.outerHTML.slice(0, 60));
  const nameless = [...document.querySelectorAll('button, a')].filter(visible)
    .filter((el) => !(el.textContent.trim() || el.getAttribute('aria-label'))).map((el) => el.outerHTML.slice(0, 60));
  const noAlt = [...document.querySelectorAll('img')].filter((el) => !el.getAttribute('alt')).map((el) => el.src);
  const svgs = [...document.querySelectorAll('svg')]
    .filter((el) => el.getAttribute('aria-hidden') !== 'true' && !el.getAttribute('aria-label')).length;
  return { small, unlabelled, nameless, noAlt, svgs };
}"""
CLEAN = {"small": [], "unlabelled": [], "nameless": [], "noAlt": [], "svgs": 0}


def test_worker_screens_pass_the_audit(page, make_employer, make_position, make_worker, messages):
    employer = make_employer()
    ids = [make_position(employer, kind=kind)[0] for kind in ("aid_tibet", "eco_post", "work_for_relief")]
    bo = messages("bo")
    start(page, "bo")
    page.wait_for_selector("[data-position]")
    assert page.evaluate(AUDIT) == CLEAN
    # Every job card shows the icon of its kind, named for screen readers.
    icons = page.locator("[data-position] svg[role=img]")
    expect(icons).to_have_count(3)
    assert len({icons.nth(i).inner_html() for i in range(3)}) == 3  # three kinds, three pictures
    page.goto("/#/login")
    page.wait_for_selector("input[name=login]")
    assert page.evaluate(AUDIT) == CLEAN
    login(page, make_worker())
    page.goto(f"/#/jobs/{ids[0]}")
    page.get_by_role("button", name=bo("Apply"), exact=True).wait_for()
    assert page.evaluate(AUDIT) == CLEAN
    page.goto("/#/me")
    page.wait_for_selector("input[name=name]")
    assert page.evaluate(AUDIT) == CLEAN


def test_the_attendance_screen_passes_the_audit(app, page, make_cohort, trainees):
    from labour.cohorts.services import cohort_transition

    cohort_id, staff = make_cohort(status="open", sessions=2)
    trainees(cohort_id, staff, 2)
    with app.app_context():
        cohort_transition(actor=staff, cohort_id=cohort_id, status="running")
    start(page, "bo")
    login(page, staff)
    page.goto(f"/#/centre/cohorts/{cohort_id}")
    page.wait_for_selector("[data-session]")
    assert page.evaluate(AUDIT) == CLEAN
    page.locator("[data-session]").first.click()
    page.wait_for_selector("[data-trainee]")
    assert page.evaluate(AUDIT) == CLEAN


def test_text_has_enough_contrast(page):
    """WCAG AA: 4.5:1 for body text, muted text and text on the brand colour."""
    start(page, "zh_Hans")
    colours = page.evaluate("""() => {
      const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
      return { body: [css('body', 'color'), 'rgb(255, 255, 255)'], bar: [css('.brand', 'color'), css('.bar', 'backgroundColor')],
               tab: [css('.tabs a', 'color'), 'rgb(255, 255, 255)'] };
    }""")

    def luminance(rgb):
        values = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for name, (fg, bg) in colours.items():
        a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (a + 0.05) / (b + 0.05) >= 4.5, name


@pytest.mark.parametrize("locale", ["bo", "zh_Hans"])
def test_lighthouse_scores_the_job_list_accessible(live_server, make_employer, make_position, locale, tmp_path):
    """Lighthouse 12 (npm) against the worker's job list, where Node.js is present; score >= 0.9."""
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("Node.js is not installed")
    make_position(make_employer())
    report = tmp_path / "lighthouse.json"
    run = subprocess.run(
        [npx, "-y", "lighthouse@12", f"{live_server}/?lang={locale}#/jobs", "--only-categories=accessibility",
         f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         "--output=json", f"--output-path={report}", "--quiet"],
        capture_output=True, text=True, timeout=300)
    if not report.exists():  # npm could not fetch Lighthouse here: nothing was measured
        pytest.skip(f"lighthouse did not run: {run.stderr[-300:]}")
    result = json.loads(report.read_text())
    failed = [name for name, audit in result["audits"].items()
              if audit.get("score") is not None and audit["score"] < 1]
    assert result["categories"]["accessibility"]["score"] >= 0.9, failed
