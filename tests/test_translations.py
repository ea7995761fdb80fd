"""Every marked string is translated in bo and zh_Hans, placeholders survive, nothing is fuzzy."""
import re

import pytest

from api import catalogs

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


@pytest.fixture(scope="module")
def template():
    return catalogs.extract(write=False)


@pytest.mark.parametrize("locale", catalogs.LOCALES)
def test_catalog_translates_every_string(template, locale):
    catalog = catalogs.read(locale)
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    assert not missing, f"{locale} lacks {len(missing)} translations, e.g. {missing[:5]}"


@pytest.mark.parametrize("locale", catalogs.LOCALES)
def test_no_fuzzy_entries_and_placeholders_kept(template, locale):
    catalog = catalogs.read(locale)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{locale}: fuzzy entry {message.id!r} would be dropped from the compiled catalog"
        wanted = {a or b for a, b in PLACEHOLDER.findall(message.id)}
        got = {a or b for a, b in PLACEHOLDER.findall(message.string or "")}
        assert wanted == got, f"{locale}: {message.id!r} -> {message.string!r} changes placeholders"


def test_tibetan_entries_are_reviewable(template):
    """needs-review is a translator comment, never a flag; review comments round-trip through export/import."""
    bo = catalogs.read("bo")
    flagged = [m for m in bo if m.id and catalogs.NEEDS_REVIEW in m.user_comments]
    assert all(not m.fuzzy for m in flagged)
    rows = {row[0]: row for row in catalogs.export_rows()}
    assert set(rows) >= {m.id for m in template if m.id}


def test_api_answers_in_each_language(client):
    zh = client.get("/api/v1/divisions/999999", headers={"Accept-Language": "zh-CN"}).json["message"]
    bo = client.get("/api/v1/divisions/999999", headers={"Accept-Language": "bo-CN,zh;q=0.8"}).json["message"]
    en = client.get("/api/v1/divisions/999999?lang=en").json["message"]
    assert en == "No such division."
    assert len({zh, bo, en}) == 3
