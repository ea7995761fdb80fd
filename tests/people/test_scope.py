"""Who may read and edit which persons and households (officials see their division's subtree)."""
import pytest

CHENGGUAN, DINGRI, NYEMO = "540102", "540223", "540123"  # Lhasa, Shigatse, Lhasa


@pytest.fixture
def people(person):
    return {"lhasa": person(CHENGGUAN, name="Lhasa One"), "nyemo": person(NYEMO, name="Nyemo One"),
            "dingri": person(DINGRI, name="Dingri One", status="poverty_alleviated")}


def test_a_county_official_reads_and_edits_only_their_county(official, people):
    client = official(CHENGGUAN)
    r = client.get(f"/api/v1/persons/{people['lhasa']}")
    assert r.status_code == 200 and r.json["name"] == "Lhasa One"
    for pid in (people["nyemo"], people["dingri"]):
        assert client.get(f"/api/v1/persons/{pid}").status_code == 404
        assert client.patch(f"/api/v1/persons/{pid}", json={"name": "Changed"}).status_code == 404
        assert client.put(f"/api/v1/persons/{pid}/id-number", json={"id_number": "x"}).status_code == 404
    # Out of scope looks exactly like absent: the id's existence is not revealed.
    missing = client.get("/api/v1/persons/999999")
    assert missing.status_code == 404 and missing.json == client.get(f"/api/v1/persons/{people['dingri']}").json
    assert client.patch(f"/api/v1/persons/{people['lhasa']}", json={"name": "Changed"}).json["name"] == "Changed"


def test_a_prefecture_official_reads_its_counties(official, people):
    client = official("540100")
    assert client.get(f"/api/v1/persons/{people['lhasa']}").status_code == 200
    assert client.get(f"/api/v1/persons/{people['nyemo']}").status_code == 200
    assert client.get(f"/api/v1/persons/{people['dingri']}").status_code == 404
    names = {p["name"] for p in client.get("/api/v1/persons").json["items"]}
    assert names == {"Lhasa One", "Nyemo One"}


def test_the_region_sees_all(official, people):
    client = official("540000")
    body = client.get("/api/v1/persons").json
    assert body["total"] == 3 and {p["id"] for p in body["items"]} == set(people.values())
    assert client.get(f"/api/v1/persons/{people['dingri']}").json["household_status"] == "poverty_alleviated"


def test_workers_and_other_staff_cannot_use_the_person_endpoints(worker, make_user, login_client, people):
    user, client = worker()
    assert client.get(f"/api/v1/persons/{people['lhasa']}").status_code == 403
    assert client.get(f"/api/v1/persons/{user.person_id}").status_code == 403  # not even themselves here
    assert client.get("/api/v1/persons").status_code == 403
    assert client.get("/api/v1/households").status_code == 403
    assert client.post("/api/v1/households", json={"registered_county_code": CHENGGUAN}).status_code == 403
    centre = login_client(make_user("centre_staff"))
    assert centre.get(f"/api/v1/persons/{people['lhasa']}").status_code == 403


def test_a_worker_cannot_reach_another_person_through_the_services(app, worker, people):
    from labour.errors import NotFound
    from labour.people import selectors, services

    user, _ = worker()
    with app.app_context():
        with pytest.raises(NotFound):
            selectors.person_get(user=user, person_id=people["lhasa"])
        with pytest.raises(NotFound):
            services.skill_set(actor=user, person_id=people["lhasa"], occupation_code="mason")


def test_household_status_is_set_by_officials(official, household):
    client = official(CHENGGUAN)
    r = client.post("/api/v1/households?lang=en", json={"registered_county_code": CHENGGUAN, "village": "Nyang",
                                                          "status": "monitored"})
    assert r.status_code == 201 and r.json["status_label"] == "Monitored household"
    hid = r.json["id"]
    r = client.patch(f"/api/v1/households/{hid}", json={"status": "poverty_alleviated"})
    assert r.status_code == 200 and r.json["status"] == "poverty_alleviated"
    r = client.post("/api/v1/persons", json={"name": "Member", "household_id": hid, "education": "junior_secondary"})
    assert r.status_code == 201 and r.json["household_status"] == "poverty_alleviated"
    detail = client.get(f"/api/v1/households/{hid}").json
    assert [(m["name"], m["is_school_leaver"]) for m in detail["members"]] == [("Member", True)]


def test_officials_cannot_create_or_move_outside_their_area(official, household):
    client = official(CHENGGUAN)
    r = client.post("/api/v1/households", json={"registered_county_code": DINGRI})
    assert r.status_code == 403
    own = client.post("/api/v1/households", json={"registered_county_code": CHENGGUAN}).json["id"]
    assert client.patch(f"/api/v1/households/{own}", json={"registered_county_code": DINGRI}).status_code == 403
    foreign = household(DINGRI)
    assert client.get(f"/api/v1/households/{foreign}").status_code == 404
    assert client.patch(f"/api/v1/households/{foreign}", json={"status": "monitored"}).status_code == 404
    r = client.post("/api/v1/persons", json={"name": "X", "household_id": foreign})
    assert r.status_code == 422 and "household_id" in r.json["errors"]
    assert client.get("/api/v1/households").json["total"] == 1


def test_person_list_filters(official, person, household):
    client = official("540100")
    person(CHENGGUAN, name="Tenzin Dorje", status="poverty_alleviated", education="junior_secondary")
    person(CHENGGUAN, name="Tenzin Lhamo", education="junior_secondary", in_study=True)
    person(NYEMO, name="Nyima", status="monitored", education="senior_secondary")
    person(DINGRI, name="Tenzin Far", education="junior_secondary")
    person(NYEMO, name="Unknown Schooling")

    def names(query):
        r = client.get("/api/v1/persons" + query)
        assert r.status_code == 200, r.json
        return sorted(p["name"] for p in r.json["items"])

    assert names("?county=540102") == ["Tenzin Dorje", "Tenzin Lhamo"]
    assert names("?status=monitored") == ["Nyima"]
    assert names("?school_leaver=true") == ["Nyima", "Tenzin Dorje"]
    assert names("?school_leaver=false") == ["Tenzin Lhamo", "Unknown Schooling"]
    assert names("?q=tenzin") == ["Tenzin Dorje", "Tenzin Lhamo"]
    assert names("?q=%25") == []  # a literal %, not a wildcard
    page = client.get("/api/v1/persons?per_page=3&page=2").json
    assert (page["total"], page["pages"], len(page["items"])) == (4, 2, 1)
    assert client.get("/api/v1/persons?county=540223").status_code == 403  # a county outside the area
    assert client.get("/api/v1/persons?county=540100").status_code == 422  # a prefecture, not a county
    for bad in ("?countyy=540102", "?county=abc", "?status=rich", "?per_page=500", "?school_leaver=maybe"):
        r = client.get("/api/v1/persons" + bad)
        assert r.status_code == 400 and r.json["errors"], bad


def test_admin_sees_persons_without_a_household(make_user, login_client, worker, person, official):
    user, _ = worker()  # registered, no county yet: outside every official's area
    person(CHENGGUAN)
    admin = login_client(make_user("admin"))
    assert admin.get("/api/v1/persons").json["total"] == 2
    assert admin.get(f"/api/v1/persons/{user.person_id}").status_code == 200
    region = official("540000")
    assert region.get("/api/v1/persons").json["total"] == 1
    assert region.get(f"/api/v1/persons/{user.person_id}").status_code == 404
