"""The employer's side: candidates without sensitive data, the status rules, hiring and its headcount guarantee."""
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db


@pytest.fixture
def applied(app, make_position, make_worker, login_client, staff_of):
    """A position with one application; returns (position id, application id, staff client, worker)."""
    from labour.positions.models import Position

    def make(**position):
        pid = make_position(**position)
        worker = make_worker()
        aid = login_client(worker).post(f"/api/v1/positions/{pid}/applications", json={}).json["id"]
        with app.app_context():
            staff = staff_of(db.session.get(Position, pid).employer_id)
        return pid, aid, login_client(staff), worker

    return make


def _counts(app, pid):
    from labour.placements.models import Placement
    from labour.positions.models import Position

    with app.app_context():
        position = db.session.get(Position, pid)
        placements = db.session.scalar(sa.select(sa.func.count()).select_from(Placement)
                                       .where(Placement.position_id == pid))
        return position.filled, position.status, placements


def test_candidates_never_show_id_number_household_or_full_phone(applied, make_user, login_client):
    pid, aid, staff, worker = applied()
    r = staff.get(f"/api/v1/positions/{pid}/applications?lang=en")
    assert r.status_code == 200 and r.json["total"] == 1
    text = r.get_data(as_text=True)
    candidate = r.json["items"][0]["candidate"]
    assert candidate["phone"] == worker.phone[:3] + "****" + worker.phone[-4:]
    assert worker.phone not in text
    # The registered county is fine to show (local hiring); the ID number, even masked, and the household
    # (poverty) status are not.
    for secret in ("5406**", "0017", "id_number", "household", "poverty", "Poverty"):
        assert secret not in text, secret
    assert candidate["registered_county"]["code"] == "540602"
    assert candidate["age"] >= 18 and candidate["education"] == "senior_secondary"
    assert candidate["gender_label"] == "Female" and candidate["languages"] == ["bo", "zh"]
    # Officials over the employer see the same list; a worker and other employers do not.
    assert login_client(make_user("official", division_code="540100")).get(
        f"/api/v1/positions/{pid}/applications").status_code == 200
    assert login_client(make_user("official", division_code="540200")).get(
        f"/api/v1/positions/{pid}/applications").status_code == 404
    assert login_client(worker).get(f"/api/v1/positions/{pid}/applications").status_code == 403


def test_candidate_list_of_another_employer_is_not_found(applied, make_employer, staff_of, login_client):
    pid, _, _, _ = applied()
    rival = login_client(staff_of(make_employer(name="Rival")))
    assert rival.get(f"/api/v1/positions/{pid}/applications").status_code == 404


def test_shortlist_offer_hire_records_a_placement(app, applied):
    from labour.placements.models import Placement

    start = date.today() + timedelta(days=20)
    pid, aid, staff, worker = applied(kind="aid_tibet", start_date=start)
    for status in ("shortlisted", "offered", "hired"):
        r = staff.patch(f"/api/v1/applications/{aid}", json={"status": status})
        assert r.status_code == 200 and r.json["status"] == status, r.json
    assert _counts(app, pid) == (1, "open", 1)
    with app.app_context():
        placement = db.session.scalar(sa.select(Placement).where(Placement.application_id == aid))
        assert placement.channel == "aid_tibet" and placement.person_id == worker.person_id
        assert placement.workplace_code == "330000" and placement.start_date == start
        assert str(placement.monthly_wage) == "4500.00"


def test_general_positions_count_as_self_found_and_start_today_at_the_latest(app, applied):
    from labour.placements.models import Placement

    pid, aid, staff, _ = applied(kind="general")
    staff.patch(f"/api/v1/applications/{aid}", json={"status": "offered"})
    staff.patch(f"/api/v1/applications/{aid}", json={"status": "hired"})
    with app.app_context():
        placement = db.session.scalar(sa.select(Placement).where(Placement.application_id == aid))
        assert placement.channel == "self_found" and placement.start_date >= date.today() - timedelta(days=1)


@pytest.mark.parametrize("path, status", [
    ((), "hired"),                              # submitted cannot jump to hired
    ((), "submitted"),
    (("rejected",), "offered"),                 # rejected is final
    (("offered", "hired"), "rejected"),         # hired is final
    (("shortlisted",), "shortlisted"),
])
def test_illegal_transitions_are_409(applied, move, path, status):
    _, aid, staff, _ = applied()
    move(aid, *path)
    r = staff.patch(f"/api/v1/applications/{aid}", json={"status": status})
    expected = 422 if status == "submitted" else 409  # not a status the employer can ever set
    assert r.status_code == expected, r.json
    if expected == 409:
        assert r.json["code"] == "illegal_transition"


def test_worker_cannot_move_and_employer_cannot_withdraw(applied, login_client):
    _, aid, staff, worker = applied()
    assert login_client(worker).patch(f"/api/v1/applications/{aid}", json={"status": "offered"}).status_code == 403
    assert staff.post(f"/api/v1/applications/{aid}/withdraw").status_code == 403


def test_withdrawn_application_cannot_be_hired(applied, move, login_client):
    _, aid, staff, worker = applied()
    move(aid, "offered")
    assert login_client(worker).post(f"/api/v1/applications/{aid}/withdraw").status_code == 200
    r = staff.patch(f"/api/v1/applications/{aid}", json={"status": "hired"})
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"


def test_last_place_fills_the_position_and_headcount_edits_follow(app, applied, make_worker, login_client, move):
    pid, aid, staff, _ = applied(headcount=1)
    second = login_client(make_worker()).post(f"/api/v1/positions/{pid}/applications", json={}).json["id"]
    move(aid, "offered")
    move(second, "offered")
    assert staff.patch(f"/api/v1/applications/{aid}", json={"status": "hired"}).status_code == 200
    assert _counts(app, pid) == (1, "filled", 1)
    r = staff.patch(f"/api/v1/applications/{second}", json={"status": "hired"})
    assert r.status_code == 409 and r.json["code"] == "position_full"
    assert _counts(app, pid) == (1, "filled", 1)
    # The employer adds a place: the position opens again and the second offer can be taken up.
    assert staff.patch(f"/api/v1/positions/{pid}", json={"headcount": 2}).json["status"] == "open"
    assert staff.patch(f"/api/v1/applications/{second}", json={"status": "hired"}).status_code == 200
    assert _counts(app, pid) == (2, "filled", 2)
    r = staff.patch(f"/api/v1/positions/{pid}", json={"headcount": 1})
    assert r.status_code == 422 and "headcount" in r.json["errors"]


def test_an_offer_is_honoured_after_the_position_closes(app, applied, move):
    """Closing (by the employer or at the deadline) stops applications, not offers already made."""
    pid, aid, staff, _ = applied()
    move(aid, "offered")
    assert staff.post(f"/api/v1/positions/{pid}/close").status_code == 200
    r = staff.patch(f"/api/v1/applications/{aid}", json={"status": "hired"})
    assert r.status_code == 200
    filled, status, placements = _counts(app, pid)
    assert (filled, placements) == (1, 1) and status in ("closed", "filled")


def _parallel(calls):
    """Run the callables at the same moment, one thread each; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_concurrent_hires_never_exceed_the_headcount(app, make_position, make_worker, login_client, staff_of, move):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the concurrency guarantee is tested on PostgreSQL")
    from labour.positions.models import Position

    pid = make_position(headcount=3)
    applications = []
    for _ in range(12):
        applications.append(login_client(make_worker()).post(f"/api/v1/positions/{pid}/applications",
                                                             json={}).json["id"])
        move(applications[-1], "offered")
    with app.app_context():
        staff = staff_of(db.session.get(Position, pid).employer_id)
    clients = [login_client(staff) for _ in applications]  # each thread its own client and session
    results = _parallel([
        (lambda c=c, a=a: c.patch(f"/api/v1/applications/{a}", json={"status": "hired"}))
        for c, a in zip(clients, applications)
    ])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 3 + [409] * 9
    assert {r.json["code"] for r in results if r.status_code == 409} == {"position_full"}
    assert _counts(app, pid) == (3, "filled", 3)
    hired = {r.json["id"] for r in results if r.status_code == 200}
    with app.app_context():
        from labour.applications.models import Application
        from labour.placements.models import Placement

        assert set(db.session.scalars(sa.select(Application.id).where(Application.status == "hired"))) == hired
        assert set(db.session.scalars(sa.select(Placement.application_id))) == hired


def test_concurrent_replays_of_one_key_apply_once(app, make_position, make_worker, login_client):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("tested on PostgreSQL")
    pid = make_position()
    worker = make_worker()
    clients = [login_client(worker) for _ in range(6)]
    results = _parallel([
        (lambda c=c: c.post(f"/api/v1/positions/{pid}/applications", json={"note": "offline"},
                            headers={"Idempotency-Key": "pwa-queue-42"}))
        for c in clients
    ])
    created = [r for r in results if r.status_code == 201]
    assert created and {r.json["id"] for r in created} == {created[0].json["id"]}
    # The rest were replays or saw the first still running (409 naming the key); none ran a second time.
    assert all(r.status_code == 201 or (r.status_code == 409 and "Idempotency-Key" in r.json["errors"])
               for r in results)
    assert sum(1 for r in created if "Idempotent-Replayed" not in r.headers) == 1
    assert login_client(worker).get("/api/v1/me/applications").json["total"] == 1


def test_the_worker_is_told_of_each_status_change_in_their_language(applied, move, login_client):
    pid, aid, staff, worker = applied()
    move(aid, "shortlisted")
    move(aid, "offered")
    inbox = login_client(worker).get("/api/v1/me/notifications?lang=zh_Hans").json
    texts = [n["message"] for n in inbox["items"]]
    assert inbox["unread"] == 2 and len(texts) == 2
    assert any("已发录用意向" in t for t in texts) and any("已入围" in t for t in texts)
