"""Locale negotiation (DESIGN.md §7) and helpers to show domain messages and labels."""
from flask import g, request
from flask_babel import get_locale, gettext

SUPPORTED = ("bo", "zh_Hans", "en")
DEFAULT = "zh_Hans"
# Content-Language wants BCP 47 tags.
BCP47 = {"bo": "bo", "zh_Hans": "zh-Hans", "en": "en"}


def from_accept_language(header: str | None) -> str | None:
    """Map ``bo-*`` to bo, ``zh-*`` to zh_Hans and ``en-*`` to en, honouring q-values.

    Done by hand because library matchers get ``bo-CN,zh`` wrong (they match the region, not the language).
    """
    if not header:
        return None
    choices = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0].split("_")[0]
        locale = {"bo": "bo", "zh": "zh_Hans", "en": "en"}.get(primary)
        if locale and q > 0:
            choices.append((-q, position, locale))
    return min(choices)[2] if choices else None


def select_locale() -> str:
    """``?lang=``, then the user's saved preference, then Accept-Language, then zh_Hans."""
    if "locale" in g:
        return g.locale
    from api.auth import current_user

    lang = request.args.get("lang")
    if lang in SUPPORTED:
        locale = lang
    else:
        user = current_user()
        locale = (user.locale if user and user.locale in SUPPORTED else None) or \
            from_accept_language(request.headers.get("Accept-Language")) or DEFAULT
    g.locale = locale
    return locale


def set_language_headers(response):
    response.headers["Content-Language"] = BCP47[str(get_locale()) if get_locale() else DEFAULT]
    response.vary.add("Accept-Language")
    return response


def label(labels: dict, key: str | None) -> str | None:
    """The localised label of an enum value (labels map value -> untranslated msgid)."""
    return gettext(labels[key]) if key in labels else key


def localised_name(obj) -> tuple[str, bool]:
    """(name, fallback) for reference rows with name_zh/name_bo/name_en: Tibetan falls back to Chinese."""
    locale = str(get_locale())
    if locale == "bo":
        return (obj.name_bo, False) if obj.name_bo else (obj.name_zh, True)
    if locale == "en":
        return obj.name_en, False
    return obj.name_zh, False


def render(message) -> str:
    """A domain ``Message``, a lazy string or a plain string, in the current locale."""
    if hasattr(message, "render"):
        return message.render(gettext)
    return str(message)
