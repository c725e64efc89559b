"""What sales do with a prospect besides triage: calls, meetings and emails
logged, emails sent from the lead page through the outbox, and tasks with a
due date whose owner is reminded once."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import Activity, OutgoingEmail, Task
from . import outbox
from .roles import may_work_on_leads

logger = logging.getLogger(__name__)

BATCH = 200


def log_activity(lead, *, by, kind, subject="", body="", outcome="", occurred_at=None):
    """A call, meeting or email that happened outside the portal."""
    return Activity.objects.create(
        lead=lead,
        kind=kind,
        subject=subject,
        body=body,
        outcome=outcome,
        occurred_at=occurred_at or timezone.now(),
        author=by,
    )


@transaction.atomic
def email_prospect(lead, *, by, subject, body):
    """Send the prospect an email from the lead page, through the outbox; the
    prospect's reply goes to `by`. Logged on the timeline as it is sent."""
    activity = Activity.objects.create(
        lead=lead,
        kind=Activity.Kind.EMAIL_OUT,
        subject=subject,
        body=body,
        author=by,
    )
    outbox.queue(
        [
            OutgoingEmail.about(
                OutgoingEmail.Kind.TO_PROSPECT, lead.email, lead=lead, activity=activity
            )
        ]
    )
    return activity


def add_task(lead, *, by, title, due_at, owner):
    return Task.objects.create(
        lead=lead, title=title, due_at=due_at, owner=owner, created_by=by
    )


def complete_task(task, *, by):
    """Mark the task done; returns whether it changed anything."""
    return bool(
        Task.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=timezone.now()
        )
    )


def remind_due_tasks(now=None):
    """Tell each owner of a task that fell due, once; returns how many."""
    now = now or timezone.now()
    reminded = 0
    for pk in list(
        Task.objects.due_for_reminder(now).values_list("pk", flat=True)[:BATCH]
    ):
        with transaction.atomic():
            claimed = Task.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:  # another run took it
                continue
            task = Task.objects.select_related("owner", "lead").get(pk=pk)
            # An owner who left sales hears nothing more of the lead.
            if may_work_on_leads(task.owner) and task.owner.email:
                outbox.queue(
                    [
                        OutgoingEmail.about(
                            OutgoingEmail.Kind.TASK_DUE,
                            task.owner.email,
                            lead=task.lead,
                            task=task,
                        )
                    ]
                )
                reminded += 1
    if reminded:
        logger.info("Tasks due: %s owners reminded", reminded)
    return reminded
