"""The post catalogue through the API: who creates and manages posts, what a post shows, and bad input."""
import pytest

from tests.ecoposts.conftest import CHENGGUAN, LHARI, POST, SENI, YEAR


def test_create_and_read_a_post(as_official):
    seni = as_official(SENI)
    r = seni.post("/api/v1/eco-posts?lang=en", json=POST)
    assert r.status_code == 201, r.json
    post = r.json
    assert (post["post_type"], post["post_type_label"], post["appraisal_period_label"]) == (
        "grassland", "Grassland warden", "Monthly")
    assert post["division"]["code"] == SENI and post["base_payment"] == "1000.00"
    assert (post["township"], post["village"], post["holder"]) == ("Township 1", "Village 3", None)
    zh = seni.get(f"/api/v1/eco-posts/{post['id']}?lang=zh_Hans").json
    assert zh["division"]["name"] == "色尼区"
    assert seni.get(f"/api/v1/eco-posts/{post['id']}").headers["Content-Language"] == "zh-Hans"


def test_who_manages_posts(make_post, as_official, make_user, login_client, worker_holder, client):
    post = make_post()
    # Officials above the county and admins reach it; another county or prefecture does not (404, not 403).
    assert as_official("540600").get(f"/api/v1/eco-posts/{post}").status_code == 200
    assert as_official("540000").patch(f"/api/v1/eco-posts/{post}", json={"title": "Renamed"}).status_code == 200
    admin = login_client(make_user("admin"))
    assert admin.get(f"/api/v1/eco-posts/{post}").json["title"] == "Renamed"
    for code in (LHARI, CHENGGUAN, "540100"):
        assert as_official(code).get(f"/api/v1/eco-posts/{post}").status_code == 404
        assert as_official(code).patch(f"/api/v1/eco-posts/{post}", json={"title": "Mine"}).status_code == 404
    # Workers and anonymous callers do not manage posts.
    worker = worker_holder()[0]
    assert worker.get("/api/v1/eco-posts").status_code == 403
    assert worker.post("/api/v1/eco-posts", json=POST).status_code == 403
    assert client.get("/api/v1/eco-posts").status_code == 401
    # An official creates posts only in the counties of their area.
    r = as_official(SENI).post("/api/v1/eco-posts", json={**POST, "division_code": LHARI})
    assert r.status_code == 422 and "division_code" in r.json["errors"]
    assert as_official("540600").post("/api/v1/eco-posts", json={**POST, "division_code": LHARI}).status_code == 201


def test_list_filters_and_scope(make_post, as_official, assign, worker_holder):
    forest = make_post(post_type="forest")
    make_post(post_type="water", appraisal_period="quarterly")
    make_post(division_code=LHARI)
    make_post(division_code=CHENGGUAN)
    assert assign(forest, worker_holder()[1]).status_code == 201

    def ids(client, query=""):
        r = client.get(f"/api/v1/eco-posts{query}")
        assert r.status_code == 200, r.json
        return r.json["total"]

    assert ids(as_official(SENI)) == 2
    assert ids(as_official("540600")) == 3
    assert ids(as_official("540000")) == 4
    assert ids(as_official("540600"), f"?division={LHARI}") == 1
    assert ids(as_official(SENI), "?post_type=forest") == 1
    assert ids(as_official(SENI), "?vacant=true") == 1
    held = as_official(SENI).get("/api/v1/eco-posts?vacant=false").json["items"]
    assert [p["id"] for p in held] == [forest] and held[0]["holder"]["person"]["name"]
    r = as_official(SENI).get(f"/api/v1/eco-posts?division={CHENGGUAN}")
    assert r.status_code == 422 and "division" in r.json["errors"]
    for bad in ("post_type=tree", "division=12", "vacant=maybe", "colour=red", "per_page=500"):
        assert as_official(SENI).get(f"/api/v1/eco-posts?{bad}").status_code == 400, bad


@pytest.mark.parametrize("change, field", [
    ({"post_type": "desert"}, "post_type"),
    ({"division_code": "540600"}, "division_code"),  # a prefecture: posts lie in a county
    ({"division_code": "330000"}, "division_code"),  # outside Tibet
    ({"division_code": "54060"}, "division_code"),
    ({"title": ""}, "title"),
    ({"title": "x" * 129}, "title"),
    ({"base_payment": "0"}, "base_payment"),
    ({"base_payment": "-5"}, "base_payment"),
    ({"base_payment": "lots"}, "base_payment"),
    ({"base_payment": "100001"}, "base_payment"),
    ({"appraisal_period": "weekly"}, "appraisal_period"),
    ({"township": "x" * 65}, "township"),
    ({"post_type": None}, "post_type"),
])
def test_create_rules(as_official, change, field):
    r = as_official(SENI).post("/api/v1/eco-posts", json={**POST, **change})
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]
    assert r.json["message"] == "部分填写内容无效。"  # the default locale
    en = as_official(SENI).post("/api/v1/eco-posts?lang=en", json={**POST, **change})
    assert en.json["message"] == "Some fields are not valid."


def test_update_rules(make_post, as_official, assign, worker_holder):
    post = make_post()
    seni = as_official(SENI)
    r = seni.patch(f"/api/v1/eco-posts/{post}", json={"base_payment": "1200.50", "village": None})
    assert r.status_code == 200 and (r.json["base_payment"], r.json["village"]) == ("1200.50", None)
    assert seni.patch(f"/api/v1/eco-posts/{post}", json={}).status_code == 422
    r = seni.patch(f"/api/v1/eco-posts/{post}", json={"base_payment": "0"})
    assert r.status_code == 422 and "base_payment" in r.json["errors"]
    # The period may change until a holder is appraised.
    assert seni.patch(f"/api/v1/eco-posts/{post}", json={"appraisal_period": "quarterly"}).status_code == 200
    assert seni.patch(f"/api/v1/eco-posts/{post}", json={"appraisal_period": "monthly"}).status_code == 200
    assignment = assign(post, worker_holder()[1]).json["id"]
    assert seni.post(f"/api/v1/eco-assignments/{assignment}/appraisals",
                     json={"period": f"{YEAR}-02", "score": 80}).status_code == 201
    r = seni.patch(f"/api/v1/eco-posts/{post}?lang=en", json={"appraisal_period": "quarterly"})
    assert r.status_code == 409 and r.json["code"] == "post_appraised" and "appraisal_period" in r.json["errors"]
    assert seni.get(f"/api/v1/eco-posts/{post}").json["appraisal_period"] == "monthly"
