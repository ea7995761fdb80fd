"""Applying offline: the application waits in the IndexedDB outbox and reaches the server exactly once when the
phone is back online, also when an answer is lost on the way. The service worker: shell, lists, offline page."""
import time

import sqlalchemy as sa
from playwright.sync_api import expect

from labour.db import db
from tests.pwa.conftest import login, start

OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("labour-pwa", 1);
  open.onsuccess = () => {
    const req = open.result.transaction("outbox").objectStore("outbox").getAll();
    req.onsuccess = () => { resolve(req.result); open.result.close(); };
  };
  open.onerror = () => reject(open.error);
})"""


def _count(app, position_id):
    from labour.applications.models import Application

    with app.app_context():
        db.session.remove()
        return db.session.scalar(sa.select(sa.func.count()).select_from(Application)
                                 .where(Application.position_id == position_id))


def _wait_for(predicate, page, timeout=15):
    """Poll ``predicate``; wait through the page so Playwright keeps delivering its events (a plain sleep in the
    sync API would hold back the very responses the predicate may be waiting for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(100)
    return predicate()


def test_an_application_made_offline_is_sent_once_when_back_online(
        app, context, page, make_employer, make_position, make_worker, messages, shot):
    position, _staff = make_position(make_employer(), kind="aid_tibet", title="Hotel housekeeping, Nyingchi")
    worker = make_worker()
    bo = messages("bo")
    start(page, "bo")
    login(page, worker)
    page.goto(f"/#/jobs/{position}")
    apply = page.get_by_role("button", name=bo("Apply"), exact=True)
    apply.wait_for()

    context.set_offline(True)
    expect(page.locator("#net")).to_be_visible()
    apply.click()
    page.get_by_role("button", name=bo("Send my application")).click()
    expect(page.locator("#apply .warn")).to_have_text(bo("Saved on this phone. It will be sent when you are online."))
    queued = page.evaluate(OUTBOX)
    assert [item["positionId"] for item in queued] == [position] and len(queued[0]["key"]) >= 32
    assert _count(app, position) == 0
    shot(page, "worker-offline-queued", "bo")

    page.goto("/#/applications")
    expect(page.get_by_text(bo("Waiting for a connection"))).to_have_count(1)

    context.set_offline(False)  # the "online" event sends the outbox
    assert _wait_for(lambda: _count(app, position) == 1, page)
    expect(page.locator("[data-application]")).to_have_count(1)
    assert page.evaluate(OUTBOX) == []
    time.sleep(0.5)
    assert _count(app, position) == 1  # and no second copy follows


def test_a_lost_answer_is_resent_with_the_same_key_and_creates_nothing_new(
        app, context, page, make_employer, make_position, make_worker, messages):
    position, _staff = make_position(make_employer())
    worker = make_worker()
    bo = messages("bo")
    start(page, "bo")
    login(page, worker)
    page.goto(f"/#/jobs/{position}")
    keys = []

    def lose_the_answer(route):
        keys.append(route.request.headers["idempotency-key"])
        response = route.fetch()          # the server receives it and creates the application
        assert response.status == 201
        route.abort("connectionreset")    # but the phone never hears back

    replays = []  # answers the page receives (the aborted first one never arrives)
    page.on("response", lambda r: replays.append((r.request.headers.get("idempotency-key"), r.status,
                                                    r.headers.get("idempotent-replayed")))
            if r.request.method == "POST" and "/applications" in r.url else None)
    page.route("**/api/v1/positions/*/applications", lose_the_answer, times=1)
    page.get_by_role("button", name=bo("Apply"), exact=True).click()
    page.get_by_role("button", name=bo("Send my application")).click()
    expect(page.locator("#apply .warn, #apply .badge")).to_be_visible()
    assert _count(app, position) == 1

    if not replays:  # the app retries at once while online; else at the next "online" event
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
    assert _wait_for(lambda: replays, page)
    assert replays == [(keys[0], 201, "true")]  # the same key: the server replays its first answer
    expect(page.locator("#apply .badge")).to_be_visible()
    assert page.evaluate(OUTBOX) == []
    assert _count(app, position) == 1


def test_the_service_worker_serves_the_shell_lists_and_the_offline_page(
        app, context, page, make_employer, make_position, messages, shot):
    make_position(make_employer(), title="Road maintenance worker")
    start(page, "zh_Hans")
    page.wait_for_selector("[data-position]")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # now controlled by the service worker, which caches the list as it passes
    page.wait_for_selector("[data-position]")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")
    assert page.evaluate("() => caches.keys()") and any(
        k.startswith("shell-") for k in page.evaluate("() => caches.keys()"))

    # Installable: Chromium finds nothing missing (manifest, icons, a service worker that answers fetches).
    cdp = context.new_cdp_session(page)
    errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    assert [e for e in errors if e != "in-incognito"] == []  # Playwright's contexts are always incognito
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.zh_Hans.webmanifest") and not manifest["errors"]
    cdp.detach()

    context.set_offline(True)
    page.reload()  # shell from the cache, the job list from the last copy
    page.wait_for_selector("[data-position]")
    assert "Road maintenance worker" in page.locator("#job-list").inner_text()
    expect(page.locator("#net")).to_be_visible()
    shot(page, "offline-jobs", "zh_Hans")

    page.goto("/no-such-page")
    assert "当前没有网络" in page.locator("body").inner_text()
    shot(page, "offline-page", "zh_Hans")
    context.set_offline(False)


def test_a_worker_opens_the_app_offline_and_applies_from_the_cached_job(
        app, context, page, make_employer, make_position, make_worker, messages):
    position, _staff = make_position(make_employer(), kind="local_project", title="Greenhouse builder")
    bo = messages("bo")
    start(page, "bo")
    login(page, make_worker())
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # controlled by the service worker from now on
    page.goto(f"/#/jobs/{position}")
    page.get_by_role("button", name=bo("Apply"), exact=True).wait_for()  # the job passes through the cache

    context.set_offline(True)
    page.reload()  # no network at all: the shell, the user and the job come from the phone
    page.get_by_role("button", name=bo("Apply"), exact=True).click()
    page.get_by_role("button", name=bo("Send my application")).click()
    expect(page.locator("#apply .warn")).to_be_visible()
    assert _count(app, position) == 0

    context.set_offline(False)
    assert _wait_for(lambda: _count(app, position) == 1, page)
    expect(page.locator("#apply .badge")).to_be_visible()
    assert page.evaluate(OUTBOX) == []
