"""Training cohorts in matching: the rules and scores on arrays, then worker → cohorts and cohort → candidates
through HTTP, and completed training feeding the position scores."""
from datetime import date, timedelta

import numpy as np
import pytest
import sqlalchemy as sa

from labour.db import db
from labour.matching import weights as W
from labour.matching.cohorts import (Cohorts, cohort_components, cohort_eligible, recommend_cohorts,
                                     recommend_trainees)
from labour.matching.features import GROUP_BITS, LANGUAGE_BITS, NO_MAX_AGE
from labour.people.models import EDUCATION_RANK
from tests.training import TODAY, admin, centre_staff, enrol, make_centre, make_cohort, make_worker  # noqa: F401


def cohorts_of(vocab, *rows):
    """Cohort arrays from dicts (defaults: construction, Chengguan, 10 seats, no limits, taught in Tibetan)."""
    base = dict(occupation="construction_worker", place="540102", seats=10, min_age=-1, max_age=NO_MAX_AGE,
                min_education=None, groups=(), language="bo", job=0)
    rows = [{**base, **r} for r in rows]
    return Cohorts(
        ids=np.arange(1, len(rows) + 1, dtype=np.int64),
        occupation=np.array([vocab.occupation_index[r["occupation"]] for r in rows], np.int16),
        place=np.array([vocab.place_index[r["place"]] for r in rows], np.int16),
        seats=np.array([r["seats"] for r in rows], np.int32),
        min_age=np.array([r["min_age"] for r in rows], np.int16),
        max_age=np.array([r["max_age"] for r in rows], np.int16),
        min_education=np.array([EDUCATION_RANK[r["min_education"]] if r["min_education"] else -1 for r in rows],
                               np.int8),
        groups=np.array([sum(GROUP_BITS[g] for g in r["groups"]) for r in rows], np.uint8),
        language=np.array([LANGUAGE_BITS[r["language"]] for r in rows], np.uint8),
        job=np.array([r["job"] for r in rows], np.int8))


def no_demand(vocab):
    return np.zeros(len(vocab.occupations), np.int64)


@pytest.mark.parametrize("worker, cohort, ok", [
    ({}, {}, True),
    ({}, dict(seats=0), False),                                              # no seat left
    (dict(birth_date=date(1970, 1, 1)), dict(min_age=16, max_age=45), False),  # too old
    (dict(birth_date=None), dict(min_age=16, max_age=45), False),             # an age limit needs a birth date
    (dict(birth_date=None), {}, True),
    (dict(education="primary"), dict(min_education="junior_secondary"), False),
    (dict(education=None), dict(min_education="junior_secondary"), False),
    ({}, dict(groups=("monitored",)), False),                                 # only for a group the worker is not in
    (dict(status="monitored"), dict(groups=("monitored", "poverty_alleviated")), True),
    (dict(languages=["zh"]), dict(language="bo"), False),                     # taught in a language not spoken
    (dict(languages=[]), dict(language="bo"), True),                          # languages not stated: not held back
    (dict(certificates=["construction_worker"]), {}, False),                 # already certified in the trade
    (dict(trained=["construction_worker"]), {}, False),                      # already trained in the trade
    (dict(certificates=["electrician"]), {}, True),
])
def test_each_eligibility_rule(vocab, make_workers, worker, cohort, ok):
    workers = make_workers(worker)
    cohorts = cohorts_of(vocab, cohort)
    assert bool(cohort_eligible(workers, cohorts, [0], [0])[0]) is ok


def test_components_and_reasons(vocab, make_workers):
    from labour.matching.cohorts import cohort_reasons

    workers = make_workers(dict(skills=[("construction_worker", 3)], status="poverty_alleviated"),
                           dict(county="540602"), dict(county="330000"))
    cohorts = cohorts_of(vocab, dict(job=1), dict(occupation="electrician", groups=("poverty_alleviated",)))
    demand = no_demand(vocab)
    demand[vocab.occupation_index["construction_worker"]] = 7
    parts = cohort_components(vocab, workers, cohorts, demand, [0, 0, 1, 2], [0, 1, 0, 0])
    assert parts["experience"].tolist() == [W.COHORT_EXPERIENCE, 0, 0, 0]
    assert parts["job"].tolist() == [W.COHORT_JOB, 0, W.COHORT_JOB, W.COHORT_JOB]
    assert parts["demand"].tolist() == [W.COHORT_DEMAND, 0, W.COHORT_DEMAND, W.COHORT_DEMAND]
    # Nearness counts fully: same county, elsewhere in Tibet, and "outside" for an unknown place.
    assert parts["distance"].tolist() == [W.DISTANCE_HOME[0], W.DISTANCE_HOME[0], W.DISTANCE_HOME[2],
                                          W.DISTANCE_HOME[3]]
    assert parts["priority"].tolist() == [W.PRIORITY["poverty_alleviated"],
                                          W.PRIORITY["poverty_alleviated"] + W.PRIORITY_TARGETED, 0, 0]
    msgids = [m.msgid for m in cohort_reasons(vocab, workers, cohorts, demand, 0, 0)]
    assert msgids == ["same county", "places reserved for graduates", "builds on %(years)s years as %(occupation)s",
                      "%(places)s open places for %(occupation)s", "priority: poverty-alleviated household"]
    masked = [m.msgid for m in cohort_reasons(vocab, workers, cohorts, demand, 0, 0, sensitive=False)]
    assert "priority group" in masked and "priority: poverty-alleviated household" not in masked


def test_recommend_best_first_and_trainees_in_rows_only(vocab, make_workers):
    workers = make_workers(dict(status="monitored"), dict(), dict(county="540602", status="poverty_alleviated"),
                           dict(languages=["zh"]))
    cohorts = cohorts_of(vocab, dict(), dict(job=2), dict(place="540602"), dict(seats=0))
    found = recommend_cohorts(vocab, workers, 0, cohorts, no_demand(vocab), k=10)
    assert [c.id for c in found] == [2, 1, 3]  # a job tied first; the full cohort is left out
    assert all(sum(c.components.values()) == c.score for c in found)
    assert [c.id for c in recommend_cohorts(vocab, workers, 0, cohorts, no_demand(vocab), k=10, exclude={2})] == [1, 3]
    # Candidates: the Tibetan-only course leaves out the Chinese speaker; centres see both household groups alike.
    seen = recommend_trainees(vocab, workers, cohorts, 0, no_demand(vocab), k=10)
    assert [t.id for t in seen] == [1, 2, 3]
    assert seen[0].score - seen[1].score == W.PRIORITY_GROUP
    full = recommend_trainees(vocab, workers, cohorts, 0, no_demand(vocab), k=10, sensitive=True)
    assert full[0].score - full[1].score == W.PRIORITY["monitored"]
    assert [t.id for t in recommend_trainees(vocab, workers, cohorts, 0, no_demand(vocab), k=10,
                                             rows=np.array([1, 2]))] == [2, 3]


# --- through HTTP -------------------------------------------------------------------------------------------

@pytest.fixture
def worker_in_chengguan(app, make_worker):
    from labour.people.models import Person

    def make(**kwargs):
        user = make_worker(county="540102", **kwargs)
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.languages = ["bo"]
            db.session.commit()
        return user

    return make


def test_worker_gets_cohorts_with_reasons_in_each_language(login_client, make_cohort, worker_in_chengguan, catalog,
                                                           enrol):
    near, staff = make_cohort(title="Textiles near home")
    far, _ = make_cohort(title="Textiles in Shigatse", county_code="540202")
    make_cohort(title="Chinese-taught", language="zh")
    make_cohort(title="Only for monitored households", eligible_groups=["monitored"])
    user = worker_in_chengguan(status="poverty_alleviated")
    client = login_client(user)

    body = client.get("/api/v1/me/cohort-recommendations?lang=en").json
    assert [item["cohort"]["id"] for item in body["items"]] == [near, far]
    first = body["items"][0]
    assert first["cohort"]["title"] == "Textiles near home"
    assert sum(first["components"].values()) == first["score"]
    assert first["reasons"][0] == "same county"
    assert "priority: poverty-alleviated household" in first["reasons"]
    bo = client.get("/api/v1/me/cohort-recommendations?lang=bo").json["items"][0]["reasons"]
    assert bo[0] == catalog("bo", "same county")
    zh = client.get("/api/v1/me/cohort-recommendations?lang=zh_Hans").json["items"][0]["reasons"]
    assert catalog("zh_Hans", "priority: poverty-alleviated household") in zh

    enrol(near, user, staff, confirm=False)  # asked to join: no longer recommended
    assert [i["cohort"]["id"] for i in client.get("/api/v1/me/cohort-recommendations").json["items"]] == [far]
    assert client.get("/api/v1/me/cohort-recommendations?limit=0").status_code == 400


def test_cohort_candidates_for_centre_and_officials(app, login_client, make_user, make_cohort, worker_in_chengguan,
                                                    centre_staff, enrol):
    cohort, staff = make_cohort()
    monitored = worker_in_chengguan(status="monitored")
    alleviated = worker_in_chengguan(status="poverty_alleviated")
    other = worker_in_chengguan()
    applied = worker_in_chengguan()
    enrol(cohort, applied, staff, confirm=False)

    centre = login_client(staff).get(f"/api/v1/cohorts/{cohort}/candidates?lang=en").json["items"]
    ids = [c["candidate"]["id"] for c in centre]
    assert applied.person_id not in ids
    assert set(ids) == {monitored.person_id, alleviated.person_id, other.person_id}
    # Centres see one "priority group": the same score for both household groups, no household reasons.
    by_id = {c["candidate"]["id"]: c for c in centre}
    assert by_id[monitored.person_id]["score"] == by_id[alleviated.person_id]["score"]
    assert all("priority group" in by_id[p]["reasons"] for p in (monitored.person_id, alleviated.person_id))
    assert not any("household" in r for c in centre for r in c["reasons"])
    assert all("id_number" not in c["candidate"] for c in centre)

    lhasa = make_user("official", division_code="540100")
    full = login_client(lhasa).get(f"/api/v1/cohorts/{cohort}/candidates?lang=en").json["items"]
    assert full[0]["candidate"]["id"] == monitored.person_id
    assert "priority: monitored household" in full[0]["reasons"]
    nagqu = make_user("official", division_code="540600")
    assert login_client(nagqu).get(f"/api/v1/cohorts/{cohort}/candidates").status_code == 404
    other_centre = centre_staff(None)
    assert login_client(other_centre).get(f"/api/v1/cohorts/{cohort}/candidates").status_code in (403, 404)
    assert login_client(monitored).get(f"/api/v1/cohorts/{cohort}/candidates").status_code == 403


def test_completed_training_feeds_the_position_scores(app, login_client, make_cohort, worker_in_chengguan, enrol):
    """A completed course marks the trade as trained (no second course in it; 'trained as' on positions)."""
    from labour.enrolments.models import Enrolment
    from labour.matching.loader import load_vocabulary, load_workers

    cohort, staff = make_cohort()
    user = worker_in_chengguan()
    enrolment = enrol(cohort, user, staff)
    with app.app_context():
        db.session.execute(sa.update(Enrolment).where(Enrolment.id == enrolment).values(completed=True))
        db.session.commit()
        vocab = load_vocabulary()
        workers = load_workers(vocab, today=TODAY, person_ids=[user.person_id])
        bit = np.uint64(1) << np.uint64(vocab.occupation_index["factory_worker"])
        assert workers.trained[0] & bit
    again, _ = make_cohort(title="Textiles again")
    assert again not in [i["cohort"]["id"] for i in
                         login_client(user).get("/api/v1/me/cohort-recommendations").json["items"]]


def test_graduates_of_an_order_based_cohort_rank_the_reserved_position_first(app, login_client, make_cohort,
                                                                             worker_in_chengguan, enrol,
                                                                             make_position):
    """The loader reads reservations of order-based cohorts for certified graduates only."""
    from labour.cohorts.models import Cohort, Reservation
    from labour.enrolments.models import Enrolment
    from labour.people.models import Certificate
    from labour.positions.models import Position

    plain = make_position(title="Electrician, no reservation")
    reserved = make_position(title="Electrician, reserved", workplace_code="540602")  # farther away
    cohort, staff = make_cohort()
    graduate, dropout = worker_in_chengguan(), worker_in_chengguan()
    enrolments = {user: enrol(cohort, user, staff) for user in (graduate, dropout)}
    with app.app_context():
        # Made order-based for the position's employer here; the rules of creating one are tested in tests/cohorts.
        row = db.session.get(Cohort, cohort)
        row.mode, row.employer_id = "order_based", db.session.get(Position, reserved).employer_id
        row.commissioner_kind = row.commissioner_name = None
        db.session.add(Reservation(cohort_id=cohort, position_id=reserved, places=2))
        for user, enrolment_id in enrolments.items():
            enrolment = db.session.get(Enrolment, enrolment_id)
            enrolment.completed = True
            if user is graduate:
                certificate = Certificate(person_id=user.person_id, occupation_code="factory_worker",
                                          level="basic", number="OB-1", issued_on=TODAY)
                db.session.add(certificate)
                db.session.flush()
                enrolment.certificate_id = certificate.id
        db.session.commit()

    def first(user):
        items = login_client(user).get("/api/v1/me/recommendations?lang=en").json["items"]
        return items[0]["position"]["id"], items[0]["reasons"]

    position, reasons = first(graduate)
    assert position == reserved and reasons[0] == "priority: order-based training graduate"
    assert first(dropout)[0] == plain  # completed without a certificate: no reserved place
