import pytest

from api.i18n import from_accept_language


@pytest.mark.parametrize("header, expected", [
    ("bo-CN,zh;q=0.8", "bo"),
    ("bo", "bo"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
    ("zh-TW", "zh_Hans"),
    ("en-US,bo;q=0.5", "en"),
    ("fr-FR,bo;q=0.3", "bo"),
    ("zh;q=0.2,bo;q=0.9", "bo"),
    ("fr", None),
    ("", None),
    ("bo;q=abc,zh", "zh_Hans"),
    (";;;,,,=", None),
])
def test_accept_language_mapping(header, expected):
    assert from_accept_language(header) == expected


def _message(client, **kwargs):
    return client.get("/api/v1/divisions/000000", **kwargs)


def test_negotiation_order_and_headers(client, make_user, login_client):
    default = _message(client)
    assert default.headers["Content-Language"] == "zh-Hans"
    assert "Accept-Language" in default.headers["Vary"]
    assert _message(client, headers={"Accept-Language": "bo"}).headers["Content-Language"] == "bo"
    # ?lang= beats Accept-Language
    r = _message(client, headers={"Accept-Language": "bo"}, query_string={"lang": "zh_Hans"})
    assert r.headers["Content-Language"] == "zh-Hans"
    # a saved preference beats Accept-Language, and ?lang= beats the preference
    user = make_user("worker", locale="bo")
    c = login_client(user)
    assert _message(c, headers={"Accept-Language": "zh-CN"}).headers["Content-Language"] == "bo"
    assert _message(c, query_string={"lang": "en"}).headers["Content-Language"] == "en"


def test_unknown_lang_on_a_list_is_a_400(client):
    r = client.get("/api/v1/divisions?lang=fr")
    assert r.status_code == 400 and "lang" in r.json["errors"]


def test_saving_the_preference(make_user, login_client):
    c = login_client(make_user("worker"))
    r = c.patch("/api/v1/me", json={"locale": "bo", "tibetan_digits": True})
    assert r.status_code == 200 and r.json["locale"] == "bo" and r.json["tibetan_digits"] is True
    assert c.get("/api/v1/me").headers["Content-Language"] == "bo"
    assert c.patch("/api/v1/me", json={"locale": "fr"}).status_code == 422
