"""Short-lived caching of public list pages, the hot path of the service (many phones, the same few pages).

Flask-Caching stores whole responses in each web process's memory. An entry lives
``PUBLIC_LIST_CACHE_SECONDS`` (default 10 s): a newly published or filled position shows up at most that
much later, which is fine for a job board and spares the database the same query from every phone. With
so short a life, a shared store buys nothing and costs a network round trip per request (measured: a Redis
GET was a third of a cached request's time), so every process keeps its own. Only responses that do not
depend on who asks are cached.
"""
from urllib.parse import urlencode

from flask import request
from flask_babel import get_locale
from flask_caching import Cache

cache = Cache()


def init_app(app) -> None:
    seconds = app.config["PUBLIC_LIST_CACHE_SECONDS"]
    config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000} if seconds else \
        {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    cache.init_app(app, config={**config, "CACHE_DEFAULT_TIMEOUT": seconds or 1})


def _key() -> str:
    return f"{request.path}?{get_locale()}&{urlencode(sorted(request.args.items(multi=True)))}"


def public_page(*, unless_args: tuple[str, ...] = ()):
    """Cache a GET view's successful response per path, query and language, unless one of ``unless_args``
    (parameters that make the answer depend on the caller) is present."""
    return cache.cached(make_cache_key=_key, unless=lambda: any(a in request.args for a in unless_args),
                        response_filter=lambda response: getattr(response, "status_code", 200) == 200)
