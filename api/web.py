"""The PWA's files outside /api/v1: the shell, the service worker, a manifest per locale and the translations.

The front end itself is plain files under ``static/`` (ES modules, CSS, icons): no build step. This module only
serves what needs the server: the shell at ``/`` (``lang`` and the manifest link follow the chosen language),
``/sw.js`` at the root scope with a cache version computed from the files it precaches, the manifests, and a
locale's PWA messages as JSON, built from the compiled catalog (the strings marked ``_("…")`` in static/js).
"""
import hashlib
import json
from functools import lru_cache

from babel.support import Translations
from flask import Blueprint, Response, abort, current_app, request

from api.catalogs import js_messages
from api.config import ROOT
from api.i18n import BCP47, from_accept_language

blp = Blueprint("web", __name__)

STATIC = ROOT / "static"
PWA_LOCALES = ("bo", "zh_Hans")
LANG_COOKIE = "pwa_lang"  # the language chosen in the app (readable by the app; nothing secret)
MANIFEST_ID = "/?app=labour"
# The first load: the shell and what it pulls in before the first screen. tests/pwa/test_budgets.py weighs it.
SHELL_FILES = ("static/css/app.css", "static/js/app.js", "static/js/api.js", "static/js/i18n.js",
               "static/js/ui.js", "static/js/outbox.js")
# Loaded when a screen needs them, precached by the service worker for offline use.
LAZY_FILES = ("static/js/worker.js", "static/js/ecoposts.js", "static/js/wages.js", "static/js/centre.js",
              "static/js/official.js", "static/offline.html",
              "static/icons/icon-192.png", "static/icons/icon-512.png", "static/icons/maskable-512.png",
              "static/icons/icon.svg")
APP_NAMES = {
    "bo": ("ལས་ཞུགས།", "ལས་ཀ་དང་སྦྱོང་བརྡར།"),
    "zh_Hans": ("就业", "就业与培训"),
}


def shell_locale() -> str:
    """The language of the shell: the app's cookie, then Accept-Language, then Tibetan-first zh_Hans default."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in PWA_LOCALES:
        return chosen
    negotiated = from_accept_language(request.headers.get("Accept-Language"))
    return negotiated if negotiated in PWA_LOCALES else "zh_Hans"


def _read(path: str) -> bytes:
    return (ROOT / path).read_bytes()


@lru_cache(maxsize=1)
def pwa_msgids() -> tuple[str, ...]:
    """Every ``_("…")`` string in static/js (the same extraction ``flask translate extract`` runs)."""
    return tuple(sorted({message for _, _, message, _, _ in js_messages()}))


@lru_cache(maxsize=4)
def messages_json(locale: str) -> bytes:
    translations = Translations.load(str(ROOT / "translations"), [locale], domain="messages")
    table = {}
    for msgid in pwa_msgids():
        text = translations.gettext(msgid)
        if text != msgid:
            table[msgid] = text
    return json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _conditional(body: bytes, mimetype: str, *, cache: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = cache
    return response.make_conditional(request)


@lru_cache(maxsize=1)
def cache_version() -> str:
    """Changes whenever a precached file or a catalog changes, so the service worker installs afresh."""
    digest = hashlib.sha256()
    for path in ("static/index.html", "static/sw.js", *SHELL_FILES, *LAZY_FILES):
        digest.update(_read(path))
    for locale in PWA_LOCALES:
        digest.update(messages_json(locale))
    return digest.hexdigest()[:16]


COMPRESSIBLE = ("text/javascript", "application/javascript", "text/css", "image/svg+xml", "text/html")


@blp.after_app_request
def compress_static_files(response):
    """Flask serves static files as a stream, which Flask-Compress leaves alone: read the small text files of
    the PWA into the response so they go out gzip/brotli-compressed like everything else (weak signal)."""
    if (request.path.startswith("/static/") and response.status_code == 200 and response.direct_passthrough
            and response.mimetype in COMPRESSIBLE):
        body = b"".join(response.response)
        if hasattr(response.response, "close"):
            response.response.close()
        response.direct_passthrough = False
        response.set_data(body)
    return response


@blp.get("/")
def shell():
    locale = shell_locale()
    html = _read("static/index.html").decode()
    html = html.replace('lang="zh-Hans"', f'lang="{BCP47[locale]}"', 1)
    html = html.replace("/manifest.zh_Hans.webmanifest", f"/manifest.{locale}.webmanifest", 1)
    response = _conditional(html.encode(), "text/html", cache="no-cache")
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    return response


@blp.get("/offline")
def offline():
    return _conditional(_read("static/offline.html"), "text/html", cache="no-cache")


@blp.get("/sw.js")
def service_worker():
    if current_app.debug or current_app.testing:
        cache_version.cache_clear()
        messages_json.cache_clear()
        pwa_msgids.cache_clear()
    files = ["/", "/offline", *(f"/{path}" for path in SHELL_FILES + LAZY_FILES),
             *(f"/i18n/{locale}.json" for locale in PWA_LOCALES),
             *(f"/manifest.{locale}.webmanifest" for locale in PWA_LOCALES)]
    source = _read("static/sw.js").decode()
    source = source.replace('"__VERSION__"', json.dumps(cache_version()), 1)
    source = source.replace('["__PRECACHE__"]', json.dumps(files), 1)
    response = _conditional(source.encode(), "text/javascript", cache="no-cache")
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@blp.get("/manifest.<locale>.webmanifest")
def manifest(locale: str):
    if locale not in PWA_LOCALES:
        abort(404)
    name, long_name = APP_NAMES[locale]
    body = {
        "id": MANIFEST_ID,  # the same in every language: one installed app
        "name": long_name,
        "short_name": name,
        "lang": BCP47[locale],
        "dir": "ltr",
        "start_url": f"/?lang={locale}",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#8a1c1c",
        "icons": [
            {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/static/icons/maskable-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": "/static/icons/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    return _conditional(json.dumps(body, ensure_ascii=False).encode(), "application/manifest+json",
                        cache="no-cache")


@blp.get("/i18n/<locale>.json")
def messages(locale: str):
    if locale not in PWA_LOCALES:
        abort(404)
    if current_app.debug or current_app.testing:
        messages_json.cache_clear()
        pwa_msgids.cache_clear()
    return _conditional(messages_json(locale), "application/json", cache="no-cache")
