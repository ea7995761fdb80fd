def test_divisions_counts(client):
    r = client.get("/api/v1/divisions?level=county")
    assert r.status_code == 200
    assert len(r.json) == 74
    assert len(client.get("/api/v1/divisions?level=prefecture").json) == 7


def test_names_follow_the_locale_and_flag_the_tibetan_fallback(client):
    bo = {d["code"]: d for d in client.get("/api/v1/divisions?parent=540200", headers={"Accept-Language": "bo"}).json}
    assert bo["540223"]["name"] == "དིང་རི་རྫོང" and bo["540223"]["name_fallback"] is False
    # Gyantse has no sourced Tibetan name: the Chinese one is shown, flagged.
    assert bo["540222"]["name"] == "江孜县" and bo["540222"]["name_fallback"] is True
    zh = {d["code"]: d for d in client.get("/api/v1/divisions?parent=540200&lang=zh_Hans").json}
    assert zh["540223"]["name"] == "定日县"


def test_tree_nests_counties_under_prefectures(client):
    tree = client.get("/api/v1/divisions?tree=true").json
    tibet = next(d for d in tree if d["code"] == "540000")
    assert sum(len(p["children"]) for p in tibet["children"]) == 74


def test_unknown_filter_is_a_400_naming_it(client):
    r = client.get("/api/v1/divisions?levle=county")
    assert r.status_code == 400
    assert r.json["code"] == "bad_request" and "levle" in r.json["errors"]
    r = client.get("/api/v1/divisions?level=village")
    assert r.status_code == 400 and "level" in r.json["errors"]


def test_unknown_division_is_a_404(client):
    r = client.get("/api/v1/divisions/999999")
    assert r.status_code == 404 and r.json["code"] == "not_found"


def test_aid_partners_of_a_county_are_its_prefectures(client):
    names = {p["name"] for p in client.get("/api/v1/divisions/540602/aid-partners?lang=zh_Hans").json}
    assert "浙江省" in names


def test_seed_is_idempotent(ctx):
    from labour.divisions.services import divisions_seed

    assert divisions_seed()["written"] == 0
