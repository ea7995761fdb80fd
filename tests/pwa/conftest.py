"""Browser tests: the real app served by werkzeug in a thread, driven by Playwright with Debian's chromium.

Screenshots go to tests/artifacts/ (kept by CI as test artifacts).
"""
import json
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from labour.db import db

from tests.officials import official, make_person, place, refresh  # noqa: F401
from tests.training import *  # noqa: F401,F403

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


class _Counting:
    """WSGI middleware counting requests in flight, so a test ends only when the server is quiet."""

    def __init__(self, app):
        self.app, self.active, self.lock = app, 0, threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.active += 1
        body = None
        try:
            body = self.app(environ, start_response)
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()
            with self.lock:
                self.active -= 1


@pytest.fixture(scope="session")
def _server(app):
    counting = _Counting(app)
    server = make_server("127.0.0.1", 0, counting, threaded=True)
    server.counting = counting
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(_server):
    return f"http://127.0.0.1:{_server.server_port}"


@pytest.fixture(autouse=True)
def _quiet_afterwards(app, _server):
    """Before the tables are emptied: no request in flight, no background task running, no open transaction
    of another connection (TRUNCATE would wait for it, or deadlock)."""
    yield
    deadline = time.monotonic() + 20
    with app.app_context():
        while time.monotonic() < deadline:
            db.session.rollback()
            busy = db.session.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND state IN ('active', 'idle in transaction')"))
            tasks = db.session.scalar(sa.text("SELECT count(*) FROM task WHERE state IN ('queued', 'running')"))
            if _server.counting.active == 0 and not busy and not tasks:
                break
            time.sleep(0.1)
        db.session.rollback()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh phone: small screen, touch, no stored data; the service worker allowed."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 800},
                                  device_scale_factor=1, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    bad = [e for e in errors if "Failed to load resource" not in e and "ERR_INTERNET_DISCONNECTED" not in e]
    assert bad == [], f"errors in the page: {bad}"


@pytest.fixture
def shot():
    """Save a full-page screenshot as a test artifact: shot(page, "worker-jobs", "bo")."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, locale):
        path = ARTIFACTS / f"{name}.{locale}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def messages(client):
    """The PWA's messages of a locale, as the app loads them (English where none is translated)."""

    def get(locale):
        table = json.loads(client.get(f"/i18n/{locale}.json").get_data())
        return lambda msgid: table.get(msgid, msgid)

    return get


def start(page, locale="bo"):
    """Open the app on a new phone and choose the language on the first screen."""
    page.goto("/")
    label = {"bo": "བོད་ཡིག", "zh_Hans": "中文"}[locale]
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_selector("#tabs a")  # the language is set and the first screen drawn


def login(page, user, password="correct horse"):
    page.goto("/#/login")
    page.locator("input[name=login]").fill(user.phone or user.username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "#/login" not in url)
