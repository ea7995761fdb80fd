"""Matching through HTTP: a worker's recommendations, a position's candidates, and the daily batch run."""
import time

import pytest
import sqlalchemy as sa

from labour.applications.models import Application
from labour.db import db


def test_recommendations_are_explained_in_the_reader_language(make_matchable_worker, make_position, login_client,
                                                              catalog):
    position = make_position(title="Substation electrician")
    make_position(title="Hod carrier", occupation_code="construction_worker", workplace_code="540602")
    client = login_client(make_matchable_worker(min_wage=4000))

    body = client.get("/api/v1/me/recommendations?lang=en").json
    assert body["missing"] == [] and body["hint"] is None
    first = body["items"][0]
    assert first["position"]["id"] == position and first["position"]["title"] == "Substation electrician"
    assert first["position"]["occupation"]["code"] == "electrician"
    assert sum(first["components"].values()) == first["score"] > 0
    assert first["components"]["occupation"] == 40 and first["components"]["distance"] == 20
    assert first["reasons"][:2] == ["certified electrician", "same county"]
    assert "priority: poverty-alleviated household" in first["reasons"]  # the worker may see their own status

    # Tibetan: the occupation has no Tibetan name in the reference data, so its Chinese name stands in.
    bo = client.get("/api/v1/me/recommendations?lang=bo").json["items"][0]["reasons"]
    assert bo[0] == catalog("bo", "certified %(occupation)s") % {"occupation": "电工"}
    assert bo[1] == catalog("bo", "same county")
    assert catalog("bo", "wage meets the minimum asked") in bo
    zh = client.get("/api/v1/me/recommendations", headers={"Accept-Language": "zh-CN"}).json["items"][0]["reasons"]
    assert zh[0] == catalog("zh_Hans", "certified %(occupation)s") % {"occupation": "电工"}
    assert zh[1] == catalog("zh_Hans", "same county")
    assert catalog("zh_Hans", "priority: poverty-alleviated household") in zh


def test_limit_and_positions_already_applied_for(make_matchable_worker, make_position, login_client, app):
    positions = [make_position(title=f"Electrician {i}") for i in range(4)]
    user = make_matchable_worker()
    client = login_client(user)
    assert len(client.get("/api/v1/me/recommendations?limit=2").json["items"]) == 2
    assert client.post(f"/api/v1/positions/{positions[0]}/applications", json={}).status_code == 201
    ids = [item["position"]["id"] for item in client.get("/api/v1/me/recommendations").json["items"]]
    assert sorted(ids) == sorted(positions[1:])


def test_incomplete_profile_gets_a_hint_not_an_error(make_user, make_position, login_client):
    make_position()
    client = login_client(make_user("worker"))  # registered, no household county yet
    response = client.get("/api/v1/me/recommendations?lang=en")
    assert response.status_code == 200
    assert response.json["items"] == [] and response.json["missing"] == ["registered_county_code"]
    # A new string: English until the lead translates it; it names what to fill in.
    assert "county" in response.json["hint"]
    assert client.get("/api/v1/me/recommendations?lang=bo").json["hint"]


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=abc", "limit"), ("limit=1000", "limit"),
                                          ("sort=score", "sort"), ("limit=5&page=2", "page")])
def test_malformed_queries_are_400_naming_the_parameter(make_matchable_worker, make_position, login_client, query,
                                                        field, staff_of, app):
    position = make_position()
    worker = login_client(make_matchable_worker())
    for client, path in ((worker, "/api/v1/me/recommendations"),
                         (login_client(staff_of(_employer_of(app, position))), f"/api/v1/positions/{position}/candidates")):
        response = client.get(f"{path}?{query}&lang=en")
        assert response.status_code == 400, (path, response.json)
        assert response.json["code"] == "bad_request" and list(response.json["errors"]) == [field]


def _employer_of(app, position_id):
    from labour.positions.models import Position

    with app.app_context():
        return db.session.get(Position, position_id).employer_id


def test_only_workers_have_recommendations(make_user, make_employer, login_client):
    others = [make_user("official", division_code="540000"), make_user("admin"),
              make_user("employer_staff", employer_id=make_employer())]
    for user in others:
        assert login_client(user).get("/api/v1/me/recommendations").status_code == 403


def test_anonymous_is_401(client):
    assert client.get("/api/v1/me/recommendations").status_code == 401
    assert client.get("/api/v1/positions/1/candidates").status_code == 401
    assert client.post("/api/v1/matching/runs").status_code == 401


def test_candidates_hide_sensitive_data_from_employers(app, make_matchable_worker, make_position, staff_of,
                                                       make_employer, make_user, login_client, catalog):
    position = make_position()
    workers = [make_matchable_worker(status=s) for s in ("poverty_alleviated", "monitored", "other")]
    employer = login_client(staff_of(_employer_of(app, position)))
    response = employer.get(f"/api/v1/positions/{position}/candidates?lang=en")
    assert response.status_code == 200
    items = response.json["items"]
    assert {i["candidate"]["id"] for i in items} == {w.person_id for w in workers}
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    text = str(response.json)
    for secret in ("5401**********0017", "not-a-real-ciphertext", "poverty", "monitored", "household_status",
                   "id_number"):
        assert secret not in text
    for item in items:
        phone = item["candidate"]["phone"]
        assert phone and "*" in phone and phone not in {w.phone for w in workers}
    assert any("priority group" in i["reasons"] for i in items)
    bo = employer.get(f"/api/v1/positions/{position}/candidates?lang=bo").json["items"]
    assert any(catalog("bo", "priority group") in i["reasons"] for i in bo)
    assert all(catalog("bo", "priority: poverty-alleviated household") not in i["reasons"] for i in bo)

    # Officials over the employer see the household reasons, for the workers of their own area only.
    official = login_client(make_user("official", division_code="540100"))
    seen = official.get(f"/api/v1/positions/{position}/candidates?lang=en").json["items"]
    assert any("priority: monitored household" in i["reasons"] for i in seen)
    make_matchable_worker(county="540602")  # Nagqu: outside a Lhasa official's area
    ids = {i["candidate"]["id"] for i in official.get(f"/api/v1/positions/{position}/candidates").json["items"]}
    assert ids == {w.person_id for w in workers}

    # Another employer, an official elsewhere, a worker: no such position (or not allowed at all).
    stranger = login_client(staff_of(make_employer(name="Other Builders")))
    assert stranger.get(f"/api/v1/positions/{position}/candidates").status_code == 404
    nagqu = login_client(make_user("official", division_code="540600"))
    assert nagqu.get(f"/api/v1/positions/{position}/candidates").status_code == 404
    assert login_client(workers[0]).get(f"/api/v1/positions/{position}/candidates").status_code == 403
    assert employer.get("/api/v1/positions/999999/candidates").status_code == 404


def test_candidates_leave_out_applicants_and_workers_holding_an_offer(app, make_matchable_worker, make_position,
                                                                      staff_of, login_client):
    position = make_position()
    other = make_position(title="Other")
    applied, offered, free = (make_matchable_worker() for _ in range(3))
    with app.app_context():
        db.session.add(Application(position_id=position, person_id=applied.person_id, status="submitted"))
        db.session.add(Application(position_id=other, person_id=offered.person_id, status="offered"))
        db.session.commit()
    client = login_client(staff_of(_employer_of(app, position)))
    ids = [i["candidate"]["id"] for i in client.get(f"/api/v1/positions/{position}/candidates").json["items"]]
    assert ids == [free.person_id]


def _wait(client, task_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/tasks/{task_id}?lang=en").json
        if body["state"] not in ("queued", "running"):
            return body
        time.sleep(0.05)
    raise AssertionError("the run did not finish")


def test_batch_run_end_to_end(app, make_user, login_client):
    from labour.population.generate import generate
    from labour.population.load import population_load
    from labour.positions.models import Position

    with app.app_context():
        population_load(generate(31, 300, 30))
        # The generator's positions close on fixed dates: keep them open for today's run.
        db.session.execute(sa.update(Position).where(Position.status == "open").values(deadline=None))
        db.session.commit()
    county = login_client(make_user("official", division_code="540602"))
    assert county.post("/api/v1/matching/runs").status_code == 403
    prefecture = login_client(make_user("official", division_code="540600"))
    assert prefecture.post("/api/v1/matching/runs").status_code == 403
    assert login_client(make_user("worker")).post("/api/v1/matching/runs").status_code == 403

    region = login_client(make_user("official", division_code="540000"))
    response = region.post("/api/v1/matching/runs?lang=en")
    assert response.status_code == 202
    task = response.json
    assert task["kind"] == "matching.batch_assignment" and task["label"] == "Propose positions to free workers"
    assert set(task) == set(region.get(f"/api/v1/tasks/{task['id']}").json)
    done = _wait(region, task["id"])
    assert done["state"] == "succeeded" and done["progress"] == 100, done
    assert done["stage"] == "Writing proposals"
    with app.app_context():
        statuses = db.session.scalars(sa.select(Application.status)).all()
    assert statuses and set(statuses) == {"offered"}
    assert done["result"]["proposed"] == len(statuses) and set(done["result"]) == {"counties", "eligible", "proposed"}

    # Once a day: asking again returns the same task and adds nothing.
    again = region.post("/api/v1/matching/runs")
    assert again.status_code == 202 and again.json["id"] == task["id"]

    report = region.get(f"/api/v1/matching/runs/{task['id']}/report?lang=en").json
    assert report["state"] == "succeeded" and report["proposed"] == len(statuses)
    assert all(0 <= line["proposed"] <= line["eligible"] for line in report["counties"])
    assert all(line["county"]["code"] == line["county_code"] for line in report["counties"])
    nagqu = prefecture.get(f"/api/v1/matching/runs/{task['id']}/report").json["counties"]
    assert nagqu and all(line["county_code"].startswith("5406") for line in nagqu)
    assert len(nagqu) < len(report["counties"])
    assert region.get("/api/v1/matching/runs/nonexistent/report").status_code == 404
    assert login_client(make_user("worker")).get(f"/api/v1/matching/runs/{task['id']}/report").status_code == 403

    # A run that failed may be started again the same day: a new attempt under its own key, then that one.
    from labour.tasks.models import Task

    with app.app_context():
        db.session.execute(sa.update(Task).where(Task.id == task["id"]).values(state="failed", lease_expires_at=None))
        db.session.commit()
    retry = region.post("/api/v1/matching/runs")
    assert retry.status_code == 202 and retry.json["id"] != task["id"]
    assert _wait(region, retry.json["id"])["state"] == "succeeded"
    assert region.post("/api/v1/matching/runs").json["id"] == retry.json["id"]
    with app.app_context():
        assert db.session.get(Task, retry.json["id"]).key.endswith(":2")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == len(statuses)
    assert region.get(f"/api/v1/matching/runs/{retry.json['id']}/report").json["state"] == "succeeded"

    # A second run (another day's key) proposes nothing new: every free worker's ground is taken.
    from jobs.matching.tasks import batch_assignment
    from labour.positions.selectors import local_today

    with app.app_context():
        result = batch_assignment(day=local_today().isoformat())
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == len(statuses)
    assert result is None or result["proposed"] == 0
