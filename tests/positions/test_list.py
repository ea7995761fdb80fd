"""The public position list: vetting gate, each filter and sort, 400s, ETag/304, compression and page size."""
import gzip
from datetime import date, timedelta

import brotli
import pytest

from labour.db import db


def _ids(r):
    assert r.status_code == 200, r.get_data(as_text=True)
    return [p["id"] for p in r.json["items"]]


def test_only_published_positions_of_vetted_employers_are_listed(client, make_employer, make_position):
    listed = make_position()
    make_position(publish=False)  # a draft
    pending = make_employer(name="Not yet vetted", status="pending")
    rejected = make_employer(name="Rejected", status="rejected")
    # Unvetted employers' positions cannot even be published, so they stay drafts.
    make_position(employer_id=pending, publish=False)
    make_position(employer_id=rejected, publish=False)
    assert _ids(client.get("/api/v1/positions")) == [listed]


def test_rejecting_a_vetted_employer_hides_its_positions(app, client, make_employer, make_position, make_user):
    from labour.employers.services import employer_vet

    employer = make_employer()
    pid = make_position(employer_id=employer)
    assert _ids(client.get("/api/v1/positions")) == [pid]
    assert client.get(f"/api/v1/positions/{pid}").status_code == 200
    with app.app_context():
        employer_vet(actor=make_user("admin"), employer_id=employer, decision="rejected")
    assert _ids(client.get("/api/v1/positions")) == []
    assert client.get(f"/api/v1/positions/{pid}").status_code == 404


def test_list_items_carry_only_list_fields(client, make_position):
    make_position(description="long text " * 50, priority_groups=["monitored"], required_skills=["mason"])
    item = client.get("/api/v1/positions?lang=en").json["items"][0]
    assert set(item) == {"id", "title", "kind", "kind_label", "occupation", "workplace", "in_tibet", "wage_min",
                         "wage_max", "headcount", "places_left", "housing", "meals", "deadline", "employer_name",
                         "status", "status_label", "aid_partner", "employer_has_arrears"}
    assert item["occupation"] == {"code": "mason", "name": "mason", "name_fallback": False}
    assert item["workplace"]["name"] == "Chengguan District" and item["employer_name"] == "Lhasa Builders"
    assert item["wage_min"] == "4000.00" and item["places_left"] == 5


def test_filter_by_kind_occupation_and_min_wage(client, make_position):
    relief = make_position(kind="work_for_relief", occupation_code="construction_worker",
                           wage_min="3000", wage_max="3500")
    eco = make_position(kind="eco_post", occupation_code="mason", wage_max="8000")
    assert _ids(client.get("/api/v1/positions?kind=work_for_relief")) == [relief]
    assert _ids(client.get("/api/v1/positions?occupation=construction_worker")) == [relief]
    assert _ids(client.get("/api/v1/positions?min_wage=5000")) == [eco]
    assert _ids(client.get("/api/v1/positions?min_wage=3500")) == [eco, relief]


def test_filter_by_prefecture_and_county_by_code_or_name(client, make_position):
    lhasa = make_position(workplace_code="540121")    # 林周县, Lhasa
    tingri = make_position(workplace_code="540223")   # 定日县, Shigatse
    outside = make_position(workplace_code="330000")  # Zhejiang
    for value in ("540200", "日喀则市", "Shigatse City", "གཞིས་ཀ་རྩེ་གྲོང་ཁྱེར"):
        assert _ids(client.get("/api/v1/positions", query_string={"prefecture": value})) == [tingri], value
    for value in ("540223", "定日县", "tingri county", "དིང་རི་རྫོང"):
        assert _ids(client.get("/api/v1/positions", query_string={"county": value})) == [tingri], value
    assert _ids(client.get("/api/v1/positions?prefecture=540100")) == [lhasa]
    assert _ids(client.get("/api/v1/positions?outside_tibet=true")) == [outside]
    assert _ids(client.get("/api/v1/positions?outside_tibet=false")) == [tingri, lhasa]


def test_free_text_searches_title_employer_and_occupation(client, make_employer, make_position):
    yak = make_position(title="Yak herder helper", occupation_code="mason")
    other = make_position(employer_id=make_employer(name="Nyingchi Timber 林芝木业"), title="Sawyer",
                          occupation_code="electrician")
    assert _ids(client.get("/api/v1/positions?q=YAK")) == [yak]
    assert _ids(client.get("/api/v1/positions", query_string={"q": "林芝"})) == [other]
    assert _ids(client.get("/api/v1/positions", query_string={"q": "电工"})) == [other]  # occupation name
    assert _ids(client.get("/api/v1/positions", query_string={"q": "%"})) == []  # no wildcard smuggling
    assert _ids(client.get("/api/v1/positions?q=")) == [other, yak]  # an empty search box filters nothing


def test_open_filter_and_expired_deadlines(app, client, make_position, staff_of):
    from labour.positions.models import Position
    from labour.positions.services import position_close

    open_one = make_position()
    closed = make_position()
    expired = make_position()
    make_position(publish=False)
    with app.app_context():
        position_close(actor=staff_of(db.session.get(Position, closed).employer_id), position_id=closed)
        # Past its deadline but not yet closed by the nightly job: no longer offered.
        db.session.get(Position, expired).deadline = date.today() - timedelta(days=2)
        db.session.commit()
    assert _ids(client.get("/api/v1/positions")) == [open_one]
    assert _ids(client.get("/api/v1/positions?open=true")) == [open_one]
    assert sorted(_ids(client.get("/api/v1/positions?open=false"))) == sorted([open_one, closed, expired])


def test_employer_filter_shows_own_drafts_only_to_its_staff(client, make_employer, make_position, staff_of,
                                                            login_client):
    employer = make_employer(status="pending")
    draft = make_position(employer_id=employer, publish=False)
    other = make_position()
    own = login_client(staff_of(employer))
    assert _ids(own.get(f"/api/v1/positions?employer={employer}")) == [draft]
    assert _ids(own.get(f"/api/v1/positions?employer={employer}&open=true")) == []
    assert _ids(client.get(f"/api/v1/positions?employer={employer}")) == []
    assert _ids(login_client(staff_of(make_employer(name="Rival"))).get(
        f"/api/v1/positions?employer={employer}&open=false")) == []
    with_other = client.get("/api/v1/positions").json["items"][0]
    assert with_other["id"] == other


def test_sort_by_wage_and_newest(client, make_position):
    low = make_position(wage_min="3000", wage_max="3500")
    high = make_position(wage_min="6000", wage_max="9000")
    mid = make_position(wage_min="4000", wage_max="5000")
    assert _ids(client.get("/api/v1/positions?sort=wage")) == [high, mid, low]
    assert _ids(client.get("/api/v1/positions")) == [mid, high, low]
    assert _ids(client.get("/api/v1/positions?sort=newest")) == [mid, high, low]


def test_sort_nearest_orders_by_distance_tier_then_newest(app, client, make_position):
    from labour.divisions.selectors import distance_tier, division_get

    # Created far to near, so that "newest first" alone would give the opposite order.
    outside = make_position(workplace_code="330000")
    other_prefecture = make_position(workplace_code="540223")
    same_prefecture = make_position(workplace_code="540121")
    same_county_old = make_position(workplace_code="540102")
    same_county_new = make_position(workplace_code="540102")
    expected = [same_county_new, same_county_old, same_prefecture, other_prefecture, outside]
    assert _ids(client.get("/api/v1/positions?sort=nearest&near=540102")) == expected
    assert _ids(client.get("/api/v1/positions", query_string={"near": "城关区"})) == expected  # implies nearest
    r = client.get("/api/v1/positions?near=540102")
    with app.app_context():
        near = division_get("540102")
        tiers = [distance_tier(near, division_get(p["workplace"]["code"])) for p in r.json["items"]]
    assert tiers == sorted(tiers) == [0, 0, 1, 2, 3]


def test_pagination(client, make_employer, make_position):
    employer = make_employer()
    ids = [make_position(employer_id=employer) for _ in range(5)][::-1]
    r = client.get("/api/v1/positions?per_page=2&page=2")
    assert _ids(r) == ids[2:4]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (2, 2, 5, 3)
    assert _ids(client.get("/api/v1/positions?per_page=2&page=9")) == []


@pytest.mark.parametrize("query, field", [
    ("colour=red", "colour"),
    ("min_wage=abc", "min_wage"),
    ("min_wage=-5", "min_wage"),
    ("page=0", "page"),
    ("per_page=1000", "per_page"),
    ("sort=random", "sort"),
    ("sort=nearest", "near"),
    ("sort=wage&near=540102", "near"),
    ("near=540100", "near"),          # a prefecture, not a county
    ("kind=gig", "kind"),
    ("county=Atlantis", "county"),
    ("prefecture=540102", "prefecture"),  # a county, not a prefecture
    ("occupation=astronaut", "occupation"),
    ("outside_tibet=maybe", "outside_tibet"),
    ("open=perhaps", "open"),
    ("employer=999999", "employer"),
    ("employer=abc", "employer"),
    ("q=" + "x" * 65, "q"),
])
def test_unknown_or_malformed_parameters_are_a_400_naming_them(client, query, field):
    r = client.get(f"/api/v1/positions?{query}&lang=en")
    assert r.status_code == 400, r.json
    assert r.json["code"] == "bad_request" and field in r.json["errors"] and r.json["errors"][field][0]


def test_unknown_division_name_message_is_localised(client):
    r = client.get("/api/v1/positions", query_string={"county": "Atlantis", "lang": "en"})
    assert r.json["errors"]["county"] == ["Unknown division: Atlantis."]


def test_detail_of_a_draft_is_for_its_employer_only(client, make_position, staff_of, login_client, app):
    from labour.positions.models import Position

    pid = make_position(publish=False)
    assert client.get(f"/api/v1/positions/{pid}").status_code == 404
    with app.app_context():
        employer_id = db.session.get(Position, pid).employer_id
    r = login_client(staff_of(employer_id)).get(f"/api/v1/positions/{pid}")
    assert r.status_code == 200 and r.json["status"] == "draft"
    assert client.get("/api/v1/positions/999999").status_code == 404
    assert client.get(f"/api/v1/positions/{pid}?foo=1").status_code == 400


def test_etag_then_304(client, make_position):
    make_position()
    r = client.get("/api/v1/positions")
    etag = r.headers["ETag"]
    again = client.get("/api/v1/positions", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    gz = client.get("/api/v1/positions", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert client.get("/api/v1/positions", headers={"Accept-Encoding": "gzip", "If-None-Match": gz.headers["ETag"]}
                      ).status_code == 304
    make_position(title="Something new")
    assert client.get("/api/v1/positions", headers={"If-None-Match": etag}).status_code == 200


TITLES = ["拉萨市城关区道路养护工程施工员", "Shigatse highway project — skilled mason (experienced)",
          "ཉིང་ཁྲི་ནགས་སྲུང་བ། ལས་ཀ་གསར་པ།", "Ngari grassland ranger", "浙江援藏纺织企业操作工（包吃住）"]


def test_a_page_of_20_is_compressed_and_small(client, make_employer, make_position):
    employers = [make_employer(name=f"Tibet Construction Group No. {n} 西藏建工第{n}分公司") for n in range(4)]
    counties = ["540102", "540121", "540223", "540424", "542521", "330000", "110000"]
    for n in range(24):
        make_position(employer_id=employers[n % 4], title=f"{TITLES[n % 5]} {n}",
                      workplace_code=counties[n % 7], occupation_code=["mason", "electrician", "carpenter"][n % 3],
                      kind=["aid_tibet", "local_project", "work_for_relief", "eco_post", "general"][n % 5],
                      wage_min=f"{3000 + n * 111}.50", wage_max=f"{6000 + n * 137}.25")
    for lang in ("bo", "zh_Hans", "en"):
        plain = client.get(f"/api/v1/positions?per_page=20&lang={lang}")
        assert len(plain.json["items"]) == 20
        gz = client.get(f"/api/v1/positions?per_page=20&lang={lang}", headers={"Accept-Encoding": "gzip"})
        assert gz.headers["Content-Encoding"] == "gzip"
        assert len(gz.get_data()) <= 15 * 1024
        assert gzip.decompress(gz.get_data()) == plain.get_data()
        br = client.get(f"/api/v1/positions?per_page=20&lang={lang}", headers={"Accept-Encoding": "br"})
        assert br.headers["Content-Encoding"] == "br" and len(br.get_data()) <= 15 * 1024
        assert brotli.decompress(br.get_data()) == plain.get_data()


def test_the_list_takes_two_queries_whatever_the_page_size(app, client, make_employer, make_position):
    import sqlalchemy as sa

    for n in range(6):
        make_position(employer_id=make_employer(name=f"E{n}"), workplace_code=["540102", "330000"][n % 2])
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert len(client.get("/api/v1/positions?per_page=20").json["items"]) == 6
        assert len(statements) == 2, statements  # the count, and the page with employer, workplace, occupation
        statements.clear()
        assert len(client.get("/api/v1/positions?per_page=20&near=540102").json["items"]) == 6
        assert len(statements) == 3, statements  # and the one that resolves the county
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_ids_beyond_the_database_range_are_not_a_500(client):
    big = "9" * 25
    assert client.get(f"/api/v1/positions/{big}").status_code == 404
    r = client.get(f"/api/v1/positions?employer={big}")
    assert r.status_code == 400 and "employer" in r.json["errors"]
