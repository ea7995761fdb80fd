"""Holders of posts: the one-post-per-household rule at its edges (and with ECO_POSTS_PER_HOUSEHOLD = 2),
ending an assignment, and replacing a holder in one transaction."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from labour.db import db
from labour.people.idnumber import local_today
from tests.ecoposts.conftest import CHENGGUAN, LHARI, SENI, YEAR

HOUSEHOLD_FULL_1 = "This household already holds as many ecological-protection posts as allowed (1)."


def _holder(as_official, post):
    return as_official(SENI).get(f"/api/v1/eco-posts/{post}").json["holder"]


def test_second_post_to_the_same_household_is_refused(make_post, make_person, assign, as_official, household_of):
    first, second = make_post(), make_post(post_type="forest")
    tashi = make_person(SENI, name="扎西")
    dolma = make_person(household_id=household_of(tashi), name="卓玛")  # same household
    assert assign(first, tashi).status_code == 201
    r = as_official(SENI).post(f"/api/v1/eco-posts/{second}/assignments?lang=en", json={"person_id": dolma})
    assert r.status_code == 409, r.json
    assert r.json["code"] == "household_limit" and r.json["message"] == HOUSEHOLD_FULL_1
    assert r.json["errors"] == {"person_id": [HOUSEHOLD_FULL_1]}
    zh = as_official(SENI).post(f"/api/v1/eco-posts/{second}/assignments", json={"person_id": dolma})
    assert zh.status_code == 409 and zh.headers["Content-Language"] == "zh-Hans" and "person_id" in zh.json["errors"]
    assert _holder(as_official, second) is None  # nothing half-written
    # A person of another household in the county is fine.
    assert assign(second, make_person(SENI)).status_code == 201


def test_one_current_post_per_person_and_per_post(make_post, make_person, assign, posts_per_household):
    posts_per_household(3)
    first, second = make_post(), make_post()
    tashi = make_person(SENI)
    assert assign(first, tashi).status_code == 201
    r = assign(second, tashi)
    assert r.status_code == 409 and r.json["code"] == "person_holds_post" and "person_id" in r.json["errors"]
    r = assign(first, make_person(SENI))
    assert r.status_code == 409 and r.json["code"] == "post_held"


def test_the_setting_at_two_allows_two_and_refuses_a_third(make_post, make_person, assign, household_of,
                                                           posts_per_household, as_official):
    posts_per_household(2)
    posts = [make_post(), make_post(), make_post()]
    first = make_person(SENI)
    household = household_of(first)
    members = [first, make_person(household_id=household), make_person(household_id=household)]
    assert assign(posts[0], members[0]).status_code == 201
    assert assign(posts[1], members[1]).status_code == 201
    r = as_official(SENI).post(f"/api/v1/eco-posts/{posts[2]}/assignments?lang=en", json={"person_id": members[2]})
    assert r.status_code == 409 and r.json["code"] == "household_limit"
    assert r.json["message"].endswith("(2).")
    # Ending one of the two frees a slot for the third member.
    holder = _holder(as_official, posts[0])["assignment_id"]
    r = as_official(SENI).post(f"/api/v1/eco-assignments/{holder}/end", json={"reason": "Moved to town"})
    assert r.status_code == 200 and r.json["current"] is False
    assert assign(posts[2], members[2]).status_code == 201


def test_an_ended_assignment_frees_the_slot(make_post, make_person, assign, household_of, as_official):
    first, second = make_post(), make_post()
    tashi = make_person(SENI)
    dolma = make_person(household_id=household_of(tashi))
    assignment = assign(first, tashi).json["id"]
    seni = as_official(SENI)
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/end?lang=en", json={"reason": "Found work in Lhasa"})
    assert r.status_code == 200, r.json
    assert (r.json["end_date"], r.json["end_reason"]) == (local_today().isoformat(), "Found work in Lhasa")
    assert _holder(as_official, first) is None
    r = seni.post(f"/api/v1/eco-assignments/{assignment}/end", json={"reason": "again"})
    assert r.status_code == 409 and r.json["code"] == "assignment_ended"
    assert assign(second, dolma).status_code == 201
    # The ended assignment stays in the post's history.
    history = seni.get(f"/api/v1/eco-posts/{first}/assignments").json
    assert [(a["person"]["id"], a["current"]) for a in history] == [(tashi, False)]


def test_replacing_the_holder(make_post, make_person, assign, as_official, household_of):
    post = make_post()
    tashi, norbu = make_person(SENI, name="扎西"), make_person(SENI, name="诺布")
    old = assign(post, tashi).json["id"]
    day = date(YEAR, 6, 1)
    r = as_official(SENI).post(f"/api/v1/eco-posts/{post}/replacement",
                               json={"person_id": norbu, "reason": "Moved away", "date": day.isoformat()})
    assert r.status_code == 201, r.json
    assert (r.json["person"]["id"], r.json["start_date"], r.json["current"]) == (norbu, day.isoformat(), True)
    ended = as_official(SENI).get(f"/api/v1/eco-assignments/{old}").json
    assert (ended["current"], ended["end_date"], ended["end_reason"]) == (False, day.isoformat(), "Moved away")
    assert _holder(as_official, post)["person"]["id"] == norbu
    history = as_official(SENI).get(f"/api/v1/eco-posts/{post}/assignments").json
    assert [a["person"]["id"] for a in history] == [norbu, tashi]
    # The old holder's household is free again.
    assert assign(make_post(), make_person(household_id=household_of(tashi))).status_code == 201


def test_a_refused_replacement_changes_nothing(make_post, make_person, assign, as_official, household_of):
    post, other = make_post(), make_post()
    tashi = make_person(SENI)
    busy = make_person(SENI)
    assert assign(other, busy).status_code == 201
    sibling = make_person(household_id=household_of(busy))  # their household already holds a post
    old = assign(post, tashi).json["id"]
    seni = as_official(SENI)
    for body, status, field in (
        ({"person_id": sibling, "reason": "Moved away"}, 409, "person_id"),
        ({"person_id": busy, "reason": "Moved away"}, 409, "person_id"),
        ({"person_id": make_person(LHARI), "reason": "Moved away"}, 422, "person_id"),  # another county
        ({"person_id": make_person(CHENGGUAN), "reason": "Moved away"}, 422, "person_id"),  # outside the area
        ({"person_id": tashi, "reason": "Moved away"}, 422, "person_id"),
        ({"person_id": 2**31 - 1, "reason": "Moved away"}, 422, "person_id"),
        ({"person_id": make_person(SENI)}, 422, "reason"),
        ({"person_id": make_person(SENI), "reason": "  "}, 422, "reason"),
        ({"person_id": make_person(SENI), "reason": "x", "date": (local_today() + timedelta(days=1)).isoformat()},
         422, "date"),
        ({"person_id": make_person(SENI), "reason": "x", "date": date(YEAR, 1, 9).isoformat()}, 422, "date"),
    ):
        r = seni.post(f"/api/v1/eco-posts/{post}/replacement", json=body)
        assert r.status_code == status, (body, r.json)
        assert field in r.json["errors"], (body, r.json)
        current = seni.get(f"/api/v1/eco-assignments/{old}").json
        assert current["current"] and current["end_reason"] is None, body
    vacant = make_post()
    r = seni.post(f"/api/v1/eco-posts/{vacant}/replacement", json={"person_id": make_person(SENI), "reason": "x"})
    assert r.status_code == 409 and r.json["code"] == "post_vacant"


@pytest.mark.parametrize("body, field", [
    ({}, "person_id"),
    ({"person_id": "12"}, "person_id"),
    ({"person_id": 0}, "person_id"),
    ({"person_id": 2**31 - 1}, "person_id"),
    ({"person_id": None}, "person_id"),
    ({"start_date": "2020-13-01"}, "start_date"),
    ({"start_date": (local_today() + timedelta(days=1)).isoformat()}, "start_date"),
    ({"start_date": "1999-12-31"}, "start_date"),
])
def test_assignment_rules(make_post, make_person, as_official, body, field):
    post = make_post()
    body = {"person_id": make_person(SENI), **body} if field != "person_id" or body else body
    r = as_official(SENI).post(f"/api/v1/eco-posts/{post}/assignments", json=body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]


def test_assignment_scope(make_post, make_person, as_official, worker_holder):
    post = make_post()
    # A person outside the official's area is no such person; the post itself is not found elsewhere.
    r = as_official(SENI).post(f"/api/v1/eco-posts/{post}/assignments", json={"person_id": make_person(CHENGGUAN)})
    assert r.status_code == 422 and "person_id" in r.json["errors"]
    r = as_official(LHARI).post(f"/api/v1/eco-posts/{post}/assignments", json={"person_id": make_person(LHARI)})
    assert r.status_code == 404
    worker, person, _ = worker_holder()
    assert worker.post(f"/api/v1/eco-posts/{post}/assignments", json={"person_id": person}).status_code == 403
    r = as_official("540600").post(f"/api/v1/eco-posts/{post}/assignments", json={"person_id": person})
    assert r.status_code == 201


def test_a_person_without_household_cannot_hold_a_post(app, make_post, as_official):
    from labour.people.models import Person

    with app.app_context():
        person = Person(name="无户")
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    r = as_official("540000").post(f"/api/v1/eco-posts/{make_post()}/assignments", json={"person_id": person_id})
    assert r.status_code == 422 and "person_id" in r.json["errors"]


def test_the_database_keeps_the_household_rule(app, make_post, make_person, assign, household_of):
    """Even a write that skips the service cannot give a household a second current slot-1 post."""
    from labour.ecoposts.models import EcoAssignment

    first, second = make_post(), make_post()
    tashi = make_person(SENI)
    dolma = make_person(household_id=household_of(tashi))
    assert assign(first, tashi).status_code == 201
    with app.app_context():
        db.session.add(EcoAssignment(post_id=second, person_id=dolma, household_id=household_of(tashi), slot=1,
                                     start_date=date(YEAR, 2, 1)))
        with pytest.raises(IntegrityError, match="uq_eco_assignment_household_slot"):
            db.session.commit()
        db.session.rollback()
        # A current assignment always holds a slot; an ended one never does.
        db.session.add(EcoAssignment(post_id=second, person_id=dolma, household_id=household_of(tashi), slot=None,
                                     start_date=date(YEAR, 2, 1)))
        with pytest.raises(IntegrityError, match="slot_while_current"):
            db.session.commit()
        db.session.rollback()
        # Two current holders of one post.
        db.session.add(EcoAssignment(post_id=first, person_id=make_person(SENI), household_id=household_of(dolma),
                                     slot=2, start_date=date(YEAR, 2, 1)))
        with pytest.raises(IntegrityError, match="uq_eco_assignment_post_current"):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EcoAssignment)) == 1


def test_the_setting_is_read_from_the_environment(tmp_path):
    from api.config import load_config

    assert load_config({}, instance_path=str(tmp_path))["ECO_POSTS_PER_HOUSEHOLD"] == 1
    assert load_config({"ECO_POSTS_PER_HOUSEHOLD": "2"}, instance_path=str(tmp_path))["ECO_POSTS_PER_HOUSEHOLD"] == 2


def test_concurrent_assignments_to_one_household_give_one_post(app, make_post, make_person, household_of,
                                                               as_official):
    """Two officials assign two members of one household at the same moment: the database lets one through."""
    import threading

    posts = [make_post(), make_post()]
    first = make_person(SENI)
    members = [first, make_person(household_id=household_of(first))]
    clients = [as_official(SENI), as_official("540600")]
    barrier, results = threading.Barrier(2), [None, None]

    def run(i):
        barrier.wait()
        r = clients[i].post(f"/api/v1/eco-posts/{posts[i]}/assignments", json={"person_id": members[i]})
        results[i] = (r.status_code, r.json.get("code"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r[0]) == [(201, None), (409, "household_limit")], results


def test_tenures_do_not_overlap(make_post, make_person, assign, as_official):
    """A holder back-dated into the time of the previous holder (or of their own previous post) would be paid
    a month twice: refused."""
    post, other = make_post(), make_post()
    tashi, norbu = make_person(SENI), make_person(SENI)
    old = assign(post, tashi, start=date(YEAR, 1, 10)).json["id"]
    seni = as_official(SENI)
    assert seni.post(f"/api/v1/eco-assignments/{old}/end",
                     json={"reason": "Left", "end_date": date(YEAR, 6, 1).isoformat()}).status_code == 200
    r = assign(post, norbu, start=date(YEAR, 5, 31))
    assert r.status_code == 422 and "start_date" in r.json["errors"]
    r = assign(other, tashi, start=date(YEAR, 3, 1))  # Tashi's own earlier post
    assert r.status_code == 422 and "start_date" in r.json["errors"]
    assert assign(post, norbu, start=date(YEAR, 6, 1)).status_code == 201
    assert assign(other, tashi, start=date(YEAR, 6, 1)).status_code == 201
