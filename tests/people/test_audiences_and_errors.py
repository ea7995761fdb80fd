"""What each audience receives, localised errors, and bad input that must never become a 500."""
import pytest


def test_candidate_schema_hides_sensitive_fields(app, admin, person, id_number):
    from api.people.schemas import CandidateSchema, PersonSchema, StaffPersonSchema
    from labour.db import db
    from labour.people import services
    from labour.people.models import Person

    number = id_number("54010219900307123")
    pid = person("540223", status="poverty_alleviated", phone="13912345678", id_number=number,
                 education="senior_secondary", languages=["bo"])
    with app.test_request_context("/?lang=en"):
        services.skill_set(actor=admin, person_id=pid, occupation_code="mason", years=2)
        candidate = CandidateSchema().dump(db.session.get(Person, pid))
        full = PersonSchema().dump(db.session.get(Person, pid))
        staff = StaffPersonSchema().dump(db.session.get(Person, pid))
    text = repr(candidate)
    assert number not in text and number[-4:] not in text and "5401" not in text
    assert "poverty" not in text and "status" not in text and "household" not in text
    assert candidate["phone"] == "139****5678"
    assert candidate["age"] >= 34 and candidate["is_school_leaver"] is True
    assert candidate["registered_county"]["code"] == "540223" and candidate["prefecture"]["code"] == "540200"
    assert candidate["skills"] == [{"occupation": {"code": "mason", "name": "mason", "name_fallback": False},
                                    "years": 2}]
    # The owner's view carries the masked number, the full phone, the birth date and the status.
    assert full["id_number_masked"] == "5401**********" + number[-4:] and full["phone"] == "13912345678"
    assert full["household_status"] == "poverty_alleviated" and full["birth_date"] == "1990-03-07"
    assert number not in repr(full)
    # Officials' and admins' view: the phone masked and an age instead of the birth date (reveal: tests/audit).
    assert staff["phone"] == "139****5678" and "birth_date" not in staff and staff["age"] >= 34
    assert staff["household_status"] == "poverty_alleviated" and staff["revealed"] is None
    assert number not in repr(staff)


def test_id_errors_follow_the_negotiated_language(app, worker, id_number):
    from flask_babel import force_locale, gettext

    _, client = worker()
    bad = id_number("54010219990230123")
    answers = {}
    for header, tag in (("bo", "bo"), ("zh-CN", "zh-Hans")):
        r = client.put("/api/v1/me/profile/id-number", json={"id_number": bad}, headers={"Accept-Language": header})
        assert r.status_code == 422 and r.headers["Content-Language"] == tag
        assert list(r.json["errors"]) == ["id_number"]
        answers[tag] = r.json["errors"]["id_number"][0]
    with app.test_request_context():
        for locale, tag in (("bo", "bo"), ("zh_Hans", "zh-Hans")):
            with force_locale(locale):
                expected = gettext("The birth date %(value)s in the ID number does not exist.") % {"value": "19990230"}
            assert answers[tag] == expected
    assert "19990230" in answers["bo"]


BAD_PROFILE = [
    {"name": 123}, {"name": ""}, {"name": "x" * 10000}, {"name": None}, {"gender": "other"},
    {"birth_date": "2024-02-30"}, {"birth_date": "3000-01-01"}, {"birth_date": "1850-01-01"}, {"birth_date": 5},
    {"education": "phd"}, {"in_study": "perhaps"}, {"languages": "bo"}, {"languages": ["klingon"]},
    {"languages": [["bo"]]}, {"preferred_prefectures": [540100]}, {"preferred_prefectures": ["x" * 5000]},
    {"preferred_prefectures": ["540100"] * 100}, {"min_monthly_wage": "abc"}, {"min_monthly_wage": "NaN"},
    {"min_monthly_wage": "1e999999"}, {"min_monthly_wage": -1}, {"min_monthly_wage": "9" * 400},
    {"available_from": "soon"}, {"registered_county_code": ["540102"]}, {"registered_county_code": None},
    {"registered_county_code": "5401020"}, {"township": "t" * 5000}, {"village": {"a": 1}}, {"unknown": 1},
]


@pytest.mark.parametrize("body", BAD_PROFILE, ids=[next(iter(b)) + str(i) for i, b in enumerate(BAD_PROFILE)])
def test_bad_profile_input_is_a_422_naming_the_field(worker, body):
    _, client = worker()
    r = client.patch("/api/v1/me/profile", json=body)
    assert r.status_code == 422, (body, r.json)
    assert set(r.json["errors"]) == set(body)


def test_other_bad_input_never_500(worker, official, person):
    _, me = worker()
    staff = official("540000")
    pid = person("540102")
    requests = [
        (me.put, "/api/v1/me/profile/id-number", {"id_number": 540102199003071230}),
        (me.put, "/api/v1/me/profile/id-number", {"id_number": "5" * 100000}),
        (me.put, "/api/v1/me/profile/id-number", {}),
        (me.post, "/api/v1/me/profile/skills", {"occupation_code": "mason", "years": 10**30}),
        (me.post, "/api/v1/me/profile/skills", {"occupation_code": "mason", "years": -1}),
        (me.post, "/api/v1/me/profile/skills", {"occupation_code": "m" * 5000}),
        (me.post, "/api/v1/me/profile/certificates", {"occupation_code": "mason", "level": "god", "number": "1",
                                                       "issued_on": "2020-01-01"}),
        (staff.post, "/api/v1/persons", {"name": "X", "household_id": 10**20}),
        (staff.post, "/api/v1/persons", {"name": "X", "household_id": 99999}),
        (staff.post, "/api/v1/persons", {"name": "X", "household_id": "one"}),
        (staff.patch, f"/api/v1/persons/{pid}", {"phone": "12345"}),
        (staff.patch, f"/api/v1/persons/{pid}", {"household_id": None}),
        (staff.post, "/api/v1/households", {"registered_county_code": "999999"}),
        (staff.post, "/api/v1/households", {"registered_county_code": "540102", "status": "rich"}),
    ]
    for method, url, body in requests:
        r = method(url, json=body)
        assert r.status_code == 422 and r.json["errors"], (url, body, r.status_code, r.json)
    assert staff.get("/api/v1/persons/99999999999999999999").status_code == 404
    assert staff.get("/api/v1/households/99999999999999999999").status_code == 404
    assert me.delete("/api/v1/me/profile/certificates/99999999999999999999").status_code == 404
    assert me.delete("/api/v1/me/profile/skills/" + "x" * 3000).status_code == 404
    assert me.patch("/api/v1/me/profile", data="not json", content_type="application/json").status_code == 400
    assert me.patch("/api/v1/me/profile", json=["a", "list"]).status_code == 422


def test_creating_a_person_replays_under_the_same_idempotency_key(official, household):
    client = official("540102")
    hid = household("540102")
    headers = {"Idempotency-Key": "offline-1"}
    first = client.post("/api/v1/persons", json={"name": "Once", "household_id": hid}, headers=headers)
    again = client.post("/api/v1/persons", json={"name": "Once", "household_id": hid}, headers=headers)
    assert first.status_code == again.status_code == 201 and first.json["id"] == again.json["id"]
    assert client.get("/api/v1/persons").json["total"] == 1
