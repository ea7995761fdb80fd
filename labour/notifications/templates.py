"""One message per event, in English (the catalogs' source language), rendered in the reader's language.

Rendering uses Babel's ``support.Translations`` loaded from the app's ``translations/`` directory rather
than flask-babel: a notification is rendered for its recipient, not for whoever made the request, and the
same code runs in a worker, a shell or a test with no request at all. The catalogs are the same files.
"""
from dataclasses import dataclass, field
from functools import lru_cache

from babel.support import NullTranslations, Translations
from flask import current_app

from labour.applications.models import APPLICATION_STATUSES
from labour.i18n import N_

DEFAULT_LOCALE = "zh_Hans"


@dataclass(frozen=True)
class Template:
    text: str
    label: str
    # Send an SMS too (when the recipient has a phone number), not only the in-app inbox.
    sms: bool = True
    # Parameters that are enum values, shown by their localised label.
    labels: dict = field(default_factory=dict)


EVENTS = {
    "application_status_changed": Template(
        N_("Your application for %(position)s is now: %(status)s."), N_("Application status changed"),
        labels={"status": APPLICATION_STATUSES}),
    "cohort_place_confirmed": Template(
        N_("Your place in the training course %(cohort)s is confirmed. It starts on %(start_date)s."),
        N_("Training place confirmed")),
    "followup_due": Template(
        N_("Follow-up due: is %(person)s still employed %(months)s months after starting at %(employer)s?"),
        N_("Follow-up due"), sms=False),
    "position_closing_soon": Template(
        N_("Your position %(position)s closes on %(deadline)s with %(places)s places still open."),
        N_("Position closing soon"), sms=False),
    # Wage confirmation (labour.wages): a worker's monthly reminder, and an employer's answer to arrears.
    "wage_confirmation_due": Template(
        N_("Were you paid for %(month)s? Open the app and tap \"I was paid\" or report unpaid wages."),
        N_("Confirm your wages")),
    "wage_arrears_settled": Template(
        N_("%(employer)s says it has paid the %(amount)s yuan owed to you for %(month)s. Open the app and "
           "confirm if you received it."), N_("Wages owed: employer says paid")),
}


def render(event: str, params: dict, gettext) -> str:
    """The text of an event with ``params``, translated by ``gettext``.

    A translation whose placeholders do not match the source falls back to the English source rather
    than failing the delivery.
    """
    template = EVENTS.get(event)
    if template is None:
        return event
    values = {}
    for name, value in (params or {}).items():
        labels = template.labels.get(name)
        values[name] = gettext(labels[value]) if labels and value in labels else value
    try:
        return gettext(template.text) % values
    except (KeyError, ValueError, TypeError):
        return template.text % values


def translations(locale: str | None) -> NullTranslations:
    """The catalog for ``locale`` (default zh_Hans) from the configured translations directory."""
    directories = current_app.config["BABEL_TRANSLATION_DIRECTORIES"]
    return _load(directories, locale or DEFAULT_LOCALE)


@lru_cache(maxsize=32)
def _load(directories: str, locale: str) -> NullTranslations:
    if locale == "en":
        return NullTranslations()
    catalogs = NullTranslations()
    for directory in directories.split(";"):
        catalogs.add_fallback(Translations.load(directory, [locale]))
    return catalogs


def render_for(event: str, params: dict, locale: str | None) -> str:
    """The text in ``locale``: what an SMS to a recipient with that language says."""
    return render(event, params, translations(locale).gettext)
