"""Sending SMS. A sender has one method, ``send(*, phone, text, key, locale) -> reference``, and raises
:class:`SendFailed` when the provider refuses. ``SMS_SENDER`` in the config names the class
(``package.module:Class``); it is built once per app with the app's config.

The default :class:`RecordSender` keeps each message in ``sms_record`` instead of sending it, inside the
delivery's own transaction, so a message is recorded exactly when its delivery is marked sent. A real
provider is called while the delivery row is locked and should pass ``key`` on as its idempotency or
"out id" field where it has one: if the process dies after the provider accepted a message and before
the commit, the retry carries the same key.
"""
from typing import Protocol

from flask import current_app
from werkzeug.utils import import_string

from labour.db import db
from labour.notifications.models import RecordedSms


class SendFailed(Exception):
    """The provider did not take the message; the delivery will be tried again later."""


class SmsSender(Protocol):
    def send(self, *, phone: str, text: str, key: str, locale: str) -> str: ...


class RecordSender:
    """Records the message (demo, county office, tests). Needs no configuration."""

    def __init__(self, config=None):
        self.config = config

    def send(self, *, phone: str, text: str, key: str, locale: str) -> str:
        record = RecordedSms(key=key, phone=phone, locale=locale, text=text)
        db.session.add(record)
        db.session.flush()
        return f"record-{record.id}"


def sms_sender() -> SmsSender:
    """The configured sender of the current app, built on first use."""
    sender = current_app.extensions.get("sms_sender")
    if sender is None:
        cls = import_string(current_app.config.get("SMS_SENDER") or "labour.notifications.senders:RecordSender")
        sender = current_app.extensions["sms_sender"] = cls(current_app.config)
    return sender
