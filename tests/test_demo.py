"""The demo data the README promises: browsable and appliable at once, loaded twice without change."""


def test_demo_loads_once_and_can_be_browsed_and_applied_to(app, client):
    from labour.db import db
    from labour.demo import PASSWORD, demo_seed

    with app.app_context():
        first = demo_seed()
        assert first["loaded"] and first["positions"] == 10
        assert demo_seed() == {"loaded": False, "reason": "already loaded"}
        db.session.remove()
    listing = client.get("/api/v1/positions", headers={"Accept-Language": "bo"})
    assert listing.status_code == 200 and listing.json["total"] == 10
    prefectures = {item["workplace"]["code"][:4] for item in listing.json["items"]}
    assert len(prefectures) >= 3  # several areas, inside and outside Tibet
    r = client.post("/api/v1/auth/login", json={"login": "13900000002", "password": PASSWORD})
    assert r.status_code == 200
    position = listing.json["items"][0]["id"]
    assert client.post(f"/api/v1/positions/{position}/applications", json={},
                       headers={"X-Requested-With": "labour-pwa"}).status_code == 201  # the PWA's CSRF header
    assert client.get("/api/v1/me/applications").json["total"] == 1
