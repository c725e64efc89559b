"""Celery tasks: thin wrappers that take ids and call the services.

What they do, when to retry and what to log is the services' business; a task
is only how a worker is asked to do it.
"""

from celery import shared_task

from .services import activities, alerts, deadlines, duplicates, outbox, privacy


@shared_task(ignore_result=True)
def deliver_emails(email_ids):
    outbox.deliver(email_ids)


@shared_task(ignore_result=True)
def sweep_outbox():
    outbox.sweep()


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
