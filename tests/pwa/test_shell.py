"""The PWA's files outside /api/v1: shell, manifests, service worker, offline page, translations."""
import json
import re

import pytest

from api.config import ROOT
from api.web import pwa_msgids

CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize("path", ["/", "/offline", "/sw.js", "/manifest.bo.webmanifest", "/i18n/bo.json",
                                  "/static/js/app.js"])
def test_every_file_carries_the_strict_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("name", ["index.html", "offline.html"])
def test_the_html_has_no_inline_script_style_or_handlers(name):
    html = (ROOT / "static" / name).read_text()
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "fonts.googleapis" not in html and "@import" not in (ROOT / "static/css/app.css").read_text()


def test_the_css_loads_no_web_font():
    css = (ROOT / "static/css/app.css").read_text()
    assert "url(" not in css  # @font-face uses local() fonts only: nothing is downloaded
    assert re.search(r":lang\(bo\)", css) and "Tibetan Machine Uni" in css


@pytest.mark.parametrize("header, cookie, lang, manifest", [
    ("bo-CN,zh;q=0.8", None, "bo", "/manifest.bo.webmanifest"),
    ("zh-CN", None, "zh-Hans", "/manifest.zh_Hans.webmanifest"),
    ("en-US", None, "zh-Hans", "/manifest.zh_Hans.webmanifest"),
    ("zh-CN", "bo", "bo", "/manifest.bo.webmanifest"),
    ("bo", "nonsense", "bo", "/manifest.bo.webmanifest"),
])
def test_the_shell_speaks_the_chosen_language(client, header, cookie, lang, manifest):
    if cookie:
        client.set_cookie("pwa_lang", cookie)
    response = client.get("/", headers={"Accept-Language": header})
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and f'href="{manifest}"' in html
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
    assert client.get("/", headers={"Accept-Language": header, "If-None-Match": response.headers["ETag"]}).status_code == 304


def test_one_installable_app_with_a_manifest_per_language(client):
    manifests = {locale: client.get(f"/manifest.{locale}.webmanifest") for locale in ("bo", "zh_Hans")}
    for response in manifests.values():
        assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    bo, zh = (json.loads(r.get_data()) for r in manifests.values())
    assert bo["id"] == zh["id"] and bo["name"] != zh["name"]
    assert bo["lang"] == "bo" and zh["lang"] == "zh-Hans"
    for manifest in (bo, zh):
        assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
        sizes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
        assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
        for icon in manifest["icons"]:
            data = client.get(icon["src"]).data
            if icon["type"] == "image/png":  # a real PNG of the stated size
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
                width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
                assert f"{width}x{height}" == icon["sizes"]
    assert client.get("/manifest.en.webmanifest").status_code == 404
    assert client.get("/manifest.xx.webmanifest").status_code == 404


def test_the_service_worker_has_root_scope_and_a_version_that_follows_the_files(client, app, monkeypatch):
    response = client.get("/sw.js")
    assert response.headers["Service-Worker-Allowed"] == "/" and response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    assert "__VERSION__" not in source and "__PRECACHE__" not in source
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source).group(1))
    assert {"/", "/offline", "/i18n/bo.json", "/i18n/zh_Hans.json", "/static/js/app.js",
            "/static/icons/maskable-512.png"} <= set(precache)
    for url in precache:
        assert client.get(url).status_code == 200, url
    version = re.search(r'const VERSION = "(\w+)";', source).group(1)

    import api.web as web

    real = web._read
    monkeypatch.setattr(web, "_read", lambda path: real(path) + (b"/* changed */" if path.endswith("app.css") else b""))
    changed = re.search(r'const VERSION = "(\w+)";', client.get("/sw.js").get_data(as_text=True)).group(1)
    assert changed != version


def test_the_offline_page_is_bilingual_and_self_contained(client):
    html = client.get("/offline").get_data(as_text=True)
    assert 'lang="bo"' in html and 'lang="zh-Hans"' in html
    assert "<script" not in html


def test_the_translations_are_served_from_the_catalogs(client):
    from babel.support import Translations

    for locale in ("bo", "zh_Hans"):
        response = client.get(f"/i18n/{locale}.json")
        table = json.loads(response.get_data())
        assert response.headers["ETag"]
        assert client.get(f"/i18n/{locale}.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
        catalog = Translations.load(str(ROOT / "translations"), [locale])
        assert set(table) <= set(pwa_msgids())
        for msgid, text in table.items():
            assert text == catalog.gettext(msgid) != msgid
    assert client.get("/i18n/en.json").status_code == 404
    assert client.get("/i18n/..%2Fsecrets.json").status_code == 404


def test_the_pwa_strings_are_extracted_for_the_catalogs():
    from api.catalogs import extract

    template = extract(write=False)
    ids = {m.id for m in template if m.id}
    assert set(pwa_msgids()) <= ids
    assert {"Send my application", "Save attendance", "Progress against target"} <= set(pwa_msgids())
    locations = {loc for m in template if m.id == "Save attendance" for loc, _ in m.locations}
    assert locations == {"static/js/centre.js"}


def test_no_message_hides_where_the_extractor_cannot_see_it():
    """Babel's JavaScript extractor skips _("…") inside a template literal: such a string would stay English."""
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        hidden = re.findall(r"`[^`]*\$\{\s*_\(", path.read_text())
        assert hidden == [], f"{path.name}: use \" \" + _(…) instead of a template literal"


def test_every_pwa_string_is_translated(client):
    """Every message of the app is in both catalogs (as tests/test_translations.py checks the Python ones)."""
    for locale in ("bo", "zh_Hans"):
        table = json.loads(client.get(f"/i18n/{locale}.json").get_data())
        assert sorted(set(pwa_msgids()) - set(table)) == [], locale
