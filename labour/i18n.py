"""Marking strings for translation without depending on a request.

The domain only marks messages (``N_``); whoever shows them (the API, a job that
renders a notification) translates them in the reader's locale.
"""


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs; return it unchanged."""
    return message


class Message:
    """An untranslated message with named parameters, e.g. ``Message(N_("Only %(n)s left"), n=3)``."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params):
        self.msgid = msgid
        self.params = params

    def render(self, gettext) -> str:
        text = gettext(self.msgid)
        return text % self.params if self.params else text

    def __repr__(self):
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other):
        return isinstance(other, Message) and (self.msgid, self.params) == (other.msgid, other.params)
