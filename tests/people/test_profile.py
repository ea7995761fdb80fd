"""A worker's own profile through HTTP."""
import sqlalchemy as sa


def test_a_new_worker_sees_their_profile(worker):
    user, client = worker(name="Dawa")
    r = client.get("/api/v1/me/profile")
    assert r.status_code == 200
    body = r.json
    assert body["id"] == user.person_id and body["name"] == "Dawa" and body["phone"] == user.phone
    assert body["id_number_masked"] is None and body["household"] is None and body["is_school_leaver"] is False


def test_only_workers_have_a_profile(make_user, login_client, client):
    assert client.get("/api/v1/me/profile").status_code == 401
    official = login_client(make_user("official", division_code="540102"))
    assert official.get("/api/v1/me/profile").status_code == 403


def test_profile_update_with_labels_and_location(worker):
    _, client = worker()
    r = client.patch("/api/v1/me/profile?lang=en", json={
        "name": " Pema ", "gender": "female", "birth_date": "2004-05-01", "education": "senior_secondary",
        "in_study": False, "languages": ["bo", "zh", "bo"], "willing_outside_tibet": True,
        "preferred_prefectures": ["540100", "540200"], "min_monthly_wage": "4500.5", "available_from": "2025-03-01",
        "registered_county_code": "540223", "township": "Gangga", "village": "No. 3"})
    assert r.status_code == 200, r.json
    body = r.json
    assert body["name"] == "Pema" and body["gender_label"] == "Female"
    assert body["education_label"] == "Senior secondary school" and body["is_school_leaver"] is True
    assert body["languages"] == ["bo", "zh"] and body["language_labels"] == ["Tibetan", "Chinese"]
    assert [p["code"] for p in body["preferred_prefectures"]] == ["540100", "540200"]
    assert body["min_monthly_wage"] == "4500.50"
    assert body["registered_county"]["code"] == "540223" and body["prefecture"]["code"] == "540200"
    assert body["household"]["status"] == "other" and body["household"]["village"] == "No. 3"
    assert body["household_status_label"] == "Other household"


def test_school_leaver_is_derived_from_education_and_study(worker):
    _, client = worker()
    cases = [({"education": "junior_secondary", "in_study": False}, True),
             ({"education": "junior_secondary", "in_study": True}, False),
             ({"education": "vocational_secondary", "in_study": False}, True),
             ({"education": "college", "in_study": False}, False),
             ({"education": "primary", "in_study": False}, False),
             ({"education": None}, False)]
    for change, expected in cases:
        r = client.patch("/api/v1/me/profile", json=change)
        assert r.status_code == 200 and r.json["is_school_leaver"] is expected, change


def test_a_worker_cannot_set_their_household_status(worker, app):
    from labour.people.models import Household

    _, client = worker()
    assert client.patch("/api/v1/me/profile", json={"registered_county_code": "540102"}).status_code == 200
    r = client.patch("/api/v1/me/profile", json={"status": "poverty_alleviated"})
    assert r.status_code == 422 and "status" in r.json["errors"]
    r = client.patch("/api/v1/me/profile", json={"household": {"status": "monitored"}})
    assert r.status_code == 422
    with app.app_context():
        from labour.db import db
        assert db.session.scalar(sa.select(Household.status)) == "other"


def test_a_worker_cannot_move_a_shared_household(worker, app, admin):
    from labour.people import services

    user, client = worker()
    client.patch("/api/v1/me/profile", json={"registered_county_code": "540102"})
    with app.app_context():
        hid = services.profile_update(user=user).household_id
        services.person_create(actor=admin, name="Sister", household_id=hid)
    r = client.patch("/api/v1/me/profile", json={"registered_county_code": "540223"})
    assert r.status_code == 422 and "registered_county_code" in r.json["errors"]
    assert client.get("/api/v1/me/profile").json["registered_county"]["code"] == "540102"


def test_location_needs_a_county_in_tibet(worker):
    _, client = worker()
    for code in ("540100", "330000", "999999"):  # a prefecture, a province, unknown
        r = client.patch("/api/v1/me/profile", json={"registered_county_code": code})
        assert r.status_code == 422 and "registered_county_code" in r.json["errors"], code
    r = client.patch("/api/v1/me/profile", json={"village": "Only a village"})
    assert r.status_code == 422 and "registered_county_code" in r.json["errors"]
    r = client.patch("/api/v1/me/profile", json={"preferred_prefectures": ["540102"]})
    assert r.status_code == 422 and "preferred_prefectures" in r.json["errors"]


def test_own_id_number_fills_birth_date_and_gender_and_is_masked(worker, id_number):
    _, client = worker()
    number = id_number("54010219900307123")
    r = client.put("/api/v1/me/profile/id-number", json={"id_number": number.lower()})
    assert r.status_code == 200, r.json
    assert r.json["id_number_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert r.json["birth_date"] == "1990-03-07" and r.json["gender"] == "male"
    assert number not in r.get_data(as_text=True)
    assert number not in client.get("/api/v1/me/profile").get_data(as_text=True)
    # Birth date and gender now follow the number.
    r = client.patch("/api/v1/me/profile", json={"birth_date": "1991-03-07"})
    assert r.status_code == 422 and "birth_date" in r.json["errors"]
    r = client.patch("/api/v1/me/profile", json={"gender": "female"})
    assert r.status_code == 422 and "gender" in r.json["errors"]


def test_an_id_number_contradicting_the_profile_is_refused(worker, id_number):
    _, client = worker()
    client.patch("/api/v1/me/profile", json={"birth_date": "1990-03-08"})
    r = client.put("/api/v1/me/profile/id-number", json={"id_number": id_number("54010219900307123")})
    assert r.status_code == 422 and "id_number" in r.json["errors"]
    assert client.get("/api/v1/me/profile").json["id_number_masked"] is None


def test_replacing_a_mistyped_id_number_moves_the_derived_fields(worker, id_number):
    _, client = worker()
    client.put("/api/v1/me/profile/id-number", json={"id_number": id_number("54010219900307123")})
    r = client.put("/api/v1/me/profile/id-number", json={"id_number": id_number("54010219910307124")})
    assert r.status_code == 200
    assert r.json["birth_date"] == "1991-03-07" and r.json["gender"] == "female"


def test_id_number_errors_are_422_naming_the_field(worker, id_number):
    _, client = worker()
    for bad in ("12345", id_number("54010219990230123"), id_number("54010219900307123")[:17] + "Z",
                id_number("99010219900307123")):
        r = client.put("/api/v1/me/profile/id-number", json={"id_number": bad})
        assert r.status_code == 422 and list(r.json["errors"]) == ["id_number"], bad


def test_skills_against_the_occupation_list(worker):
    _, client = worker()
    r = client.post("/api/v1/me/profile/skills?lang=zh_Hans", json={"occupation_code": "electrician", "years": 3})
    assert r.status_code == 201 and r.json == {
        "occupation": {"code": "electrician", "name": "电工", "name_fallback": False}, "years": 3}
    r = client.post("/api/v1/me/profile/skills", json={"occupation_code": "electrician", "years": 5})
    assert r.status_code == 201
    client.post("/api/v1/me/profile/skills", json={"occupation_code": "mason"})
    skills = client.get("/api/v1/me/profile?lang=en").json["skills"]
    assert [(s["occupation"]["name"], s["years"]) for s in skills] == [("electrician", 5), ("mason", 0)]
    r = client.post("/api/v1/me/profile/skills", json={"occupation_code": "astronaut"})
    assert r.status_code == 422 and "occupation_code" in r.json["errors"]
    assert client.delete("/api/v1/me/profile/skills/mason").status_code == 204
    assert client.delete("/api/v1/me/profile/skills/mason").status_code == 404
    assert [s["occupation"]["code"] for s in client.get("/api/v1/me/profile").json["skills"]] == ["electrician"]


def test_certificates(worker):
    _, client = worker()
    _, other = worker()
    cert = {"occupation_code": "electrician", "level": "intermediate", "number": "E-2024-001",
            "issued_on": "2024-06-01", "issuer": "Lhasa vocational centre"}
    r = client.post("/api/v1/me/profile/certificates?lang=en", json=cert)
    assert r.status_code == 201 and r.json["level_label"] == "Intermediate (level 4)"
    cid = r.json["id"]
    r = other.post("/api/v1/me/profile/certificates", json=cert)
    assert r.status_code == 409 and "number" in r.json["errors"]
    assert other.delete(f"/api/v1/me/profile/certificates/{cid}").status_code == 404  # not theirs
    r = client.post("/api/v1/me/profile/certificates", json={**cert, "number": "X", "occupation_code": "nope"})
    assert r.status_code == 422 and "occupation_code" in r.json["errors"]
    r = client.post("/api/v1/me/profile/certificates", json={**cert, "number": "Y", "issued_on": "2999-01-01"})
    assert r.status_code == 422 and "issued_on" in r.json["errors"]
    assert len(client.get("/api/v1/me/profile").json["certificates"]) == 1
    assert client.delete(f"/api/v1/me/profile/certificates/{cid}").status_code == 204
    assert client.get("/api/v1/me/profile").json["certificates"] == []
