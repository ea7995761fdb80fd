"""SMS senders for the tests, plugged in through ``SMS_SENDER`` exactly as a real provider would be.

They behave like a provider on a network: a little latency, a refusal for some numbers, a crash (a
plug-in with a bug) for others. The phone number decides, so the worker processes behave the same.
"""
import time

from labour.notifications.senders import RecordSender, SendFailed

REFUSED_SUFFIX = "9999"  # the provider says no (SendFailed): the outbox retries later
BROKEN_SUFFIX = "0000"  # the plug-in raises an unexpected error: the task fails and is retried


class LabSender(RecordSender):
    latency = 0.01
    refused: set = set()  # extra numbers to refuse, for in-process tests

    def send(self, *, phone, text, key, locale):
        time.sleep(self.latency)
        if phone.endswith(BROKEN_SUFFIX):
            raise RuntimeError("provider misconfigured")
        if phone.endswith(REFUSED_SUFFIX) or phone in self.refused:
            raise SendFailed("number refused by the provider")
        return super().send(phone=phone, text=text, key=key, locale=locale)


class SlowLabSender(LabSender):
    latency = 0.05
