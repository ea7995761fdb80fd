"""Aid-Tibet positions carry their partner: set on create and update, shown, filtered in the public list."""
from tests.drives.conftest import AID_POSITION


def test_partner_set_shown_and_filtered(partners, partner_employer, employer_client, aid_position, client):
    beijing, jiangsu = partners["Beijing"], partners["Jiangsu"]
    employer = partner_employer(beijing)
    staff = employer_client(employer)
    tagged = aid_position(employer, aid_partner_id=jiangsu)
    defaulted = aid_position(employer)  # a partner enterprise's position defaults to its own partner
    detail = client.get(f"/api/v1/positions/{tagged}?lang=en").json
    assert detail["aid_partner"] == {"id": jiangsu, "name": "Jiangsu"}
    assert client.get(f"/api/v1/positions/{defaulted}").json["aid_partner"]["id"] == beijing
    assert client.get(f"/api/v1/positions/{defaulted}?lang=zh_Hans").json["aid_partner"]["name"] == "北京市"

    r = client.get(f"/api/v1/positions?partner={jiangsu}")
    assert r.status_code == 200 and [p["id"] for p in r.json["items"]] == [tagged]
    assert r.json["items"][0]["aid_partner"]["id"] == jiangsu
    assert [p["id"] for p in client.get(f"/api/v1/positions?partner={beijing}").json["items"]] == [defaulted]
    assert client.get(f"/api/v1/positions?partner={partners['Shanghai']}").json["items"] == []

    # Moving the partner on update.
    r = staff.patch(f"/api/v1/positions/{tagged}", json={"aid_partner_id": beijing})
    assert r.status_code == 200 and r.json["aid_partner"]["id"] == beijing
    assert client.get(f"/api/v1/positions?partner={jiangsu}").json["total"] == 0


def test_unknown_or_malformed_partner_filter_is_400(client):
    for value in ("2147483647", "abc", "0"):
        r = client.get(f"/api/v1/positions?partner={value}")
        assert r.status_code == 400, value
        assert "partner" in r.json["errors"]


def test_partner_only_on_aid_tibet_positions(partners, partner_employer, employer_client, aid_position):
    employer = partner_employer(partners["Beijing"])
    staff = employer_client(employer)
    r = staff.post("/api/v1/positions", json={**AID_POSITION, "kind": "general", "aid_partner_id": partners["Beijing"]})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    r = staff.post("/api/v1/positions", json={**AID_POSITION, "aid_partner_id": 999999})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    r = staff.post("/api/v1/positions", json={**AID_POSITION, "aid_partner_id": "1"})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    # A general position of the enterprise has no partner.
    r = staff.post("/api/v1/positions", json={**AID_POSITION, "kind": "general"})
    assert r.status_code == 201 and r.json["aid_partner"] is None

    position = aid_position(employer)
    # Leaving the aid-Tibet kind keeps no partner behind: refused until the partner is cleared in the same edit.
    r = staff.patch(f"/api/v1/positions/{position}", json={"kind": "general"})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]
    r = staff.patch(f"/api/v1/positions/{position}", json={"kind": "general", "aid_partner_id": None})
    assert r.status_code == 200 and r.json["aid_partner"] is None and r.json["kind"] == "general"
    r = staff.patch(f"/api/v1/positions/{position}", json={"aid_partner_id": partners["Beijing"]})
    assert r.status_code == 422 and "aid_partner_id" in r.json["errors"]


def test_local_employer_names_partner_explicitly(partners, app, make_user, login_client):
    from labour.employers import services

    admin = make_user("admin")
    with app.app_context():
        employer = services.employer_create(actor=admin, name="Lhasa firm", kind="private_firm",
                                            division_code="540102")
        services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
        employer_id = employer.id
    staff = login_client(make_user("employer_staff", employer_id=employer_id))
    r = staff.post("/api/v1/positions", json=AID_POSITION)
    assert r.status_code == 201 and r.json["aid_partner"] is None  # no partner of its own: left open
    r = staff.post("/api/v1/positions", json={**AID_POSITION, "aid_partner_id": partners["Shandong"]})
    assert r.status_code == 201 and r.json["aid_partner"]["id"] == partners["Shandong"]
