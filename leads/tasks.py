"""Celery tasks: thin wrappers that take ids and call the services.

What they do, when to retry and what to log is the services' business; a task
is only how a worker is asked to do it.
"""

from celery import shared_task
from django.conf import settings

from .services import (
    activities,
    alerts,
    deadlines,
    duplicates,
    outbox,
    privacy,
    scoring,
    webhooks,
)


@shared_task(ignore_result=True)
def deliver_emails(email_ids):
    outbox.deliver(email_ids)


@shared_task(ignore_result=True)
def sweep_outbox():
    outbox.sweep()


# A POST connects and waits for the answer, each within LEADS_WEBHOOK_TIMEOUT;
# past the soft limit it counts as a timeout and is tried again later.
@shared_task(
    ignore_result=True,
    soft_time_limit=3 * settings.LEADS_WEBHOOK_TIMEOUT,
    time_limit=3 * settings.LEADS_WEBHOOK_TIMEOUT + 30,
)
def deliver_webhooks(delivery_ids):
    webhooks.deliver(delivery_ids)


@shared_task(ignore_result=True)
def sweep_webhooks():
    webhooks.sweep()


@shared_task(ignore_result=True)
def remind_overdue_leads():
    deadlines.remind_and_escalate()


@shared_task(ignore_result=True)
def purge_expired_leads():
    privacy.purge_expired()


@shared_task(ignore_result=True)
def announce_new_briefings():
    alerts.announce_due()


@shared_task(ignore_result=True)
def send_weekly_digest():
    alerts.send_digests()


@shared_task(ignore_result=True)
def remind_due_tasks():
    activities.remind_due_tasks()


@shared_task(ignore_result=True)
def recheck_duplicates():
    duplicates.recheck_recent()


@shared_task(ignore_result=True)
def rescore_open_leads():
    scoring.rescore_all()
