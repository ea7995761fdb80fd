"""Sending notifications through the outbox. Each delivery is attempted under a row lock and marked in
the same transaction, so running these tasks twice sends nothing twice.
"""
from collections import Counter

from jobs.registry import task
from jobs.runner import progress
from labour.i18n import N_
from labour.notifications import selectors, services


@task(queue="notifications", timeout=60, result_ttl=24 * 3600, label=N_("Send a notification"))
def deliver_notification(*, notification_id: int) -> dict:
    """Send the outside-channel (SMS) deliveries of one notification now. Enqueue after a service
    created a notification when the recipient should not wait for the periodic sweep.
    """
    outcomes = Counter(services.delivery_attempt(delivery_id=delivery_id)
                       for delivery_id in selectors.deliveries_pending(notification_id=notification_id))
    return dict(outcomes)


@task(queue="notifications", timeout=600, result_ttl=24 * 3600, max_attempts=1,
      label=N_("Send waiting and failed notifications"))
def notifications_deliver_due() -> dict:
    """Periodic sweep: every delivery whose (next) attempt is due, including retries of failed sends."""
    due = selectors.deliveries_due()
    outcomes = Counter()
    for done, delivery_id in enumerate(due, 1):
        outcomes[services.delivery_attempt(delivery_id=delivery_id)] += 1
        progress(100 * done // len(due), N_("Sent %(done)s of %(total)s messages"), done=done, total=len(due))
    return dict(outcomes)
