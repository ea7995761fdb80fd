"""The monthly reminder: each worker with a placement in force last month who has not reported on it is told
once (event ``wage_confirmation_due``, subject ``wages:YYYY-MM``), however often the job runs."""
from datetime import timedelta

from tests.wages.conftest import LAST_MONTH, TODAY, month_of, months_ago


def test_the_domain_function_tells_each_worker_due_once(app, employer, worker, placed, notes):
    from labour.wages.services import wage_confirmation_remind

    firm = employer()
    due, _ = worker()  # two placements, neither reported: one reminder
    placed(due, firm["id"])
    placed(due, firm["id"], start=months_ago(2))
    half, half_phone = worker()  # reported on one of two placements: still due for the other
    reported = placed(half, firm["id"])
    placed(half, firm["id"])
    done, done_phone = worker()  # reported (arrears count as an answer)
    done_placement = placed(done, firm["id"])
    ended_last_month, _ = worker()  # worked a few days of last month: still owed that month's wages
    placed(ended_last_month, firm["id"], start=months_ago(4), end=months_ago(1) + timedelta(days=2))
    long_gone, _ = worker()
    placed(long_gone, firm["id"], start=months_ago(6), end=months_ago(2) + timedelta(days=27))
    new, _ = worker()  # started this month
    placed(new, firm["id"], start=TODAY.replace(day=1))
    worker()  # no placement at all

    assert half_phone.post("/api/v1/me/wages", json={"placement_id": reported, "month": LAST_MONTH,
                                                     "status": "paid"}).status_code == 201
    assert done_phone.post("/api/v1/me/wages", json={"placement_id": done_placement, "month": LAST_MONTH,
                                                     "status": "arrears", "amount_owed": "50"}).status_code == 201
    subject = f"wages:{LAST_MONTH}"
    with app.app_context():
        assert wage_confirmation_remind(today=TODAY, batch_size=2) == 3
        assert wage_confirmation_remind(today=TODAY) == 0  # a rerun tells nobody twice
    assert notes("wage_confirmation_due") == {(u.id, "wage_confirmation_due", subject)
                                              for u in (due, half, ended_last_month)}
    with app.app_context():  # next month, the month just reported on is due again for those still working
        later = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)
        assert wage_confirmation_remind(today=later) == 4  # due, half, done, and new (worked this month)
    assert {s for _, _, s in notes("wage_confirmation_due")} == {subject, f"wages:{month_of(TODAY)}"}


def test_the_reminder_reads_in_the_workers_language(app, employer, worker, placed, make_user):
    from jobs.wages.tasks import wages_remind
    from labour.notifications.models import Delivery
    from labour.db import db

    firm = employer()
    user, phone = worker(locale="en")
    placed(user, firm["id"])
    with app.app_context():
        assert wages_remind() == {"notified": 1}
        assert wages_remind() == {"notified": 0}
        assert db.session.query(Delivery).count() == 1  # an SMS too: the worker's channel
    [note] = phone.get("/api/v1/me/notifications?lang=en").json["items"]
    assert note["event"] == "wage_confirmation_due"
    assert note["message"].startswith(f"Were you paid for {LAST_MONTH}?")
