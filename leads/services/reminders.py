"""Reminders when a request is still new after its response deadline.

The assignee (or the sales inbox) is reminded once the deadline passes; sales
managers are told once it is far overdue. Each is claimed by setting a
timestamp on the request in the same transaction that writes the emails to
the outbox, so two runs of the task never send either twice.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Lead, LeadEvent, Notification
from ..tasks import enqueue_deliveries
from .roles import display_name, may_work_on_leads, sales_manager_emails

logger = logging.getLogger(__name__)

BATCH = 200


def remind_overdue(now=None):
    """Remind about every request past its deadline; returns how many."""
    now = now or timezone.now()
    due = Lead.objects.due_for_reminder(now).values_list("pk", flat=True)[:BATCH]
    return sum(
        _send_once(
            pk,
            claim_field="reminded_at",
            kind=Notification.Kind.REMINDER,
            event=LeadEvent.Kind.REMINDED,
            recipients=_assignee_or_inbox,
            now=now,
        )
        for pk in list(due)
    )


def escalate_overdue(now=None):
    """Tell sales managers about every request far past its deadline."""
    now = now or timezone.now()
    due = Lead.objects.due_for_escalation(now).values_list("pk", flat=True)[:BATCH]
    return sum(
        _send_once(
            pk,
            claim_field="escalated_at",
            kind=Notification.Kind.ESCALATION,
            event=LeadEvent.Kind.ESCALATED,
            recipients=lambda lead: (
                sales_manager_emails() or settings.LEADS_NOTIFY_EMAILS
            ),
            now=now,
        )
        for pk in list(due)
    )


def _assignee_or_inbox(lead):
    # An assignee who may no longer work on requests hears nothing more of them.
    if may_work_on_leads(lead.assignee) and lead.assignee.email:
        return [lead.assignee.email]
    return settings.LEADS_NOTIFY_EMAILS


def _send_once(pk, *, claim_field, kind, event, recipients, now):
    with transaction.atomic():
        claimed = Lead.objects.filter(
            pk=pk, status=Lead.Status.NEW, **{f"{claim_field}__isnull": True}
        ).update(**{claim_field: now})
        if not claimed:  # answered meanwhile, or another run took it
            return 0
        lead = Lead.objects.select_related("assignee").get(pk=pk)
        emails = list(dict.fromkeys(recipients(lead)))
        Notification.objects.bulk_create(
            [Notification(lead=lead, kind=kind, recipient=email) for email in emails],
            ignore_conflicts=True,
        )
        LeadEvent.objects.create(
            lead=lead,
            kind=event,
            new_value=display_name(lead.assignee)
            if event == LeadEvent.Kind.REMINDED
            else "",
        )
        pending = list(
            lead.notifications.filter(
                kind=kind, state=Notification.State.PENDING
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(partial(enqueue_deliveries, pending))
    if not emails:
        logger.warning(
            "Lead %s is overdue but nobody can be told (%s)",
            pk,
            kind,
            extra={"lead_id": pk},
        )
    return 1
