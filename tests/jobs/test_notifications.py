"""The inbox over HTTP, rendering in the recipient's language, and the SMS outbox with its retries."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from jobs.notifications.tasks import deliver_notification, notifications_deliver_due
from labour.db import db, utcnow
from labour.notifications import services
from labour.notifications.models import Delivery, Notification, RecordedSms
from tests.jobs.conftest import make_app
from tests.jobs.senders import LabSender

SOURCE = "Your application for %(position)s is now: %(status)s."


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    """Two small compiled catalogs whose texts say which catalog they came from."""
    root = tmp_path_factory.mktemp("translations")
    for locale in ("bo", "zh_Hans"):
        catalog = Catalog(locale=locale)
        catalog.add(SOURCE, f"[{locale}] %(position)s: %(status)s")
        catalog.add("Offered", f"[{locale}] offered")
        catalog.add("Application status changed", f"[{locale}] status")
        (root / locale / "LC_MESSAGES").mkdir(parents=True)
        with open(root / locale / "LC_MESSAGES" / "messages.mo", "wb") as out:
            write_mo(out, catalog)
    return root


@pytest.fixture(scope="module")
def lab_app(app, catalogs):
    """In-process engine, the lab SMS sender (plugged in by configuration) and the test catalogs."""
    lab = make_app(sender="tests.jobs.senders:LabSender", BABEL_TRANSLATION_DIRECTORIES=str(catalogs))
    yield lab
    lab.extensions["jobs"].engine.shutdown()


def _records(app):
    with app.app_context():
        rows = [(r.phone, r.locale, r.text) for r in db.session.scalars(sa.select(RecordedSms).order_by(RecordedSms.id))]
        db.session.remove()
        return rows


def test_inbox_lists_marks_read_and_counts_unread(make_worker_user, notification_for, login_client, client):
    user, other = make_worker_user(), make_worker_user()
    ids = [notification_for(user, status=s) for s in ("submitted", "shortlisted", "offered")]
    others = notification_for(other)
    me = login_client(user)
    page = me.get("/api/v1/me/notifications?lang=en").json
    assert (page["total"], page["unread"]) == (3, 3)
    assert page["items"][0]["id"] == ids[-1]  # newest first
    assert page["items"][0]["message"] == "Your application for Road crew is now: Offered."
    assert page["items"][0]["event_label"] == "Application status changed" and page["items"][0]["read"] is False

    read = me.post(f"/api/v1/me/notifications/{ids[0]}/read")
    assert read.status_code == 200 and read.json["read"] is True
    assert me.get("/api/v1/me/notifications").json["unread"] == 2
    assert me.get("/api/v1/me/notifications?unread=true").json["total"] == 2
    assert me.get("/api/v1/me/notifications?unread=false").json["total"] == 1
    assert me.post(f"/api/v1/me/notifications/{others}/read").status_code == 404  # not yours
    assert me.post("/api/v1/me/notifications/999999/read").status_code == 404

    done = me.post("/api/v1/me/notifications/read-all")
    assert done.status_code == 200 and done.json == {"marked": 2, "unread": 0}
    assert me.get("/api/v1/me/notifications").json["unread"] == 0
    assert login_client(other).get("/api/v1/me/notifications").json["unread"] == 1

    bad = me.get("/api/v1/me/notifications?unred=true")
    assert bad.status_code == 400 and "unred" in bad.json["errors"]
    assert client.get("/api/v1/me/notifications").status_code == 401


def test_the_same_event_is_notified_once(ctx, make_worker_user):
    user = make_worker_user()
    kwargs = dict(event="application_status_changed", recipient_id=user.id, subject="application:9:hired",
                  params={"position": "Guard", "status": "hired"})
    assert services.notify(**kwargs) is not None
    assert services.notify(**kwargs) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delivery)) == 1
    with pytest.raises(ValueError):
        services.notify(event="no_such_event", recipient_id=user.id, subject="x")


def test_sms_only_where_the_event_and_the_recipient_allow_it(ctx, make_worker_user, make_user):
    worker, staff = make_worker_user(), make_user("official", division_code="540100")
    services.notify(event="cohort_place_confirmed", recipient_id=worker.id, subject="enrolment:1",
                    params={"cohort": "Excavator operators", "start_date": "2026-05-01"})
    services.notify(event="application_status_changed", recipient_id=staff.id, subject="application:1:hired",
                    params={"position": "Guard", "status": "hired"})  # staff account without a phone
    services.notify(event="position_closing_soon", recipient_id=worker.id, subject="position:3",
                    params={"position": "Guard", "deadline": "2026-05-01", "places": 2})  # inbox only
    deliveries = db.session.scalars(sa.select(Delivery)).all()
    assert [d.notification.event for d in deliveries] == ["cohort_place_confirmed"]


def test_sms_is_rendered_in_each_recipients_language(lab_app, make_worker_user, notification_for):
    tibetan, chinese = make_worker_user(locale="bo"), make_worker_user(locale="zh_Hans")
    unset, english = make_worker_user(locale=None), make_worker_user(locale="en")
    for user in (tibetan, chinese, unset, english):
        with lab_app.app_context():
            deliver_notification(notification_id=notification_for(user))
    texts = {phone: (locale, text) for phone, locale, text in _records(lab_app)}
    assert texts[tibetan.phone] == ("bo", "[bo] Road crew: [bo] offered")
    assert texts[chinese.phone] == ("zh_Hans", "[zh_Hans] Road crew: [zh_Hans] offered")
    assert texts[unset.phone] == ("zh_Hans", "[zh_Hans] Road crew: [zh_Hans] offered")  # the default language
    assert texts[english.phone] == ("en", "Your application for Road crew is now: Offered.")


@pytest.fixture
def babel_cache(lab_app):
    """flask-babel caches catalogs per locale for the whole process, not per app: keep the test catalogs
    out of the other tests' way."""
    from flask_babel import get_babel

    cache = get_babel(lab_app).instance.domain_instance.cache
    cache.clear()
    yield
    cache.clear()


def test_inbox_text_follows_the_readers_language(lab_app, babel_cache, make_worker_user, notification_for):
    from labour.accounts import services as accounts

    user = make_worker_user(locale="bo")
    notification_for(user)
    with lab_app.app_context():
        _, token = accounts.login(login=user.phone, password="correct horse", kind="bearer")
    client = lab_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    item = client.get("/api/v1/me/notifications").json["items"][0]  # the saved preference: bo
    assert (item["message"], item["event_label"]) == ("[bo] Road crew: [bo] offered", "[bo] status")
    assert client.get("/api/v1/me/notifications?lang=zh_Hans").json["items"][0]["message"].startswith("[zh_Hans]")


def test_a_refused_sms_is_retried_later_then_given_up(lab_app, make_worker_user, notification_for):
    user = make_worker_user()
    notification_id = notification_for(user)
    LabSender.refused.add(user.phone)
    try:
        with lab_app.app_context():
            assert deliver_notification(notification_id=notification_id) == {"pending": 1}
            delivery = db.session.scalar(sa.select(Delivery).where(Delivery.notification_id == notification_id))
            assert delivery.attempts == 1 and delivery.last_error == "number refused by the provider"
            assert delivery.next_attempt_at > utcnow() + timedelta(seconds=50)
            assert notifications_deliver_due() == {}  # not due yet
            delivery_id, first_retry = delivery.id, delivery.next_attempt_at
            db.session.remove()

            LabSender.refused.discard(user.phone)
            assert services.delivery_attempt(delivery_id=delivery_id) == "skipped"  # still not due
            db.session.execute(sa.update(Delivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
            assert notifications_deliver_due() == {"sent": 1}  # the periodic sweep retries it
            assert first_retry is not None

        other = make_worker_user(suffix="9999")  # always refused
        other_id = notification_for(other)
        with lab_app.app_context():
            delivery_id = db.session.scalar(sa.select(Delivery.id).where(Delivery.notification_id == other_id))
            moment, outcomes = utcnow(), []
            for _ in range(services.MAX_ATTEMPTS + 1):
                outcomes.append(services.delivery_attempt(delivery_id=delivery_id, now=moment))
                moment += timedelta(hours=3)
            assert outcomes == ["pending"] * (services.MAX_ATTEMPTS - 1) + ["failed", "skipped"]
            assert db.session.get(Delivery, delivery_id).attempts == services.MAX_ATTEMPTS
    finally:
        LabSender.refused.discard(user.phone)
    assert [phone for phone, *_ in _records(lab_app)] == [user.phone]  # sent once, the refused never
