"""Reminders and escalation of overdue requests: on time, through the outbox,
and once each however often the beat task runs."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from leads import tasks
from leads.models import Lead, LeadEvent, OutgoingEmail
from leads.services.deadlines import (
    escalate_overdue,
    remind_overdue,
    response_deadlines,
)
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs what the code queues after commit, as a worker would."""

    def run(function, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args)

    return run


def new_lead(received, **fields):
    due, escalation_due = response_deadlines(received)
    lead = LeadFactory(response_due_at=due, escalation_due_at=escalation_due, **fields)
    Lead.objects.filter(pk=lead.pk).update(created_at=received)
    return Lead.objects.get(pk=lead.pk)


def sent(kind):
    return list(
        OutgoingEmail.objects.filter(kind=kind).values_list("recipient", "state")
    )


def test_the_assignee_is_reminded_once_when_the_deadline_passes(on_commit):
    analyst = staff_user(SALES, username="mariam")
    lead = new_lead(timezone.now(), assignee=analyst)

    assert on_commit(remind_overdue, lead.response_due_at - timedelta(minutes=1)) == 0
    assert mail.outbox == []

    later = lead.response_due_at + timedelta(minutes=1)
    assert on_commit(remind_overdue, later) == 1
    assert on_commit(remind_overdue, later + timedelta(hours=1)) == 0

    assert sent("reminder") == [("mariam@asa.example", "sent")]
    (message,) = mail.outbox
    assert message.to == ["mariam@asa.example"]
    assert lead.reference in message.subject
    assert f"/admin/leads/lead/{lead.pk}/change/" in message.body
    lead.refresh_from_db()
    assert lead.reminded_at == later
    event = lead.events.get()
    assert (event.kind, event.actor, event.new_value) == ("reminded", None, "mariam")


def test_an_unassigned_request_reminds_the_sales_inbox(on_commit, settings):
    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example", "desk@asa.example"]
    lead = new_lead(timezone.now() - timedelta(days=7))
    assert on_commit(remind_overdue) == 1
    assert sorted(sent("reminder")) == [
        ("desk@asa.example", "sent"),
        ("sales@asa.example", "sent"),
    ]
    assert lead.events.get().kind == "reminded"


def test_answered_requests_are_never_reminded(on_commit):
    long_ago = timezone.now() - timedelta(days=30)
    for status in ("contacted", "qualified", "won", "lost", "spam"):
        new_lead(long_ago, status=status)
    assert on_commit(remind_overdue) == 0
    assert on_commit(escalate_overdue) == 0
    assert not OutgoingEmail.objects.exists()


def test_sales_managers_hear_once_when_a_request_is_far_overdue(on_commit):
    staff_user(SALES_MANAGERS, username="grace")
    staff_user(SALES_MANAGERS, username="kofi")
    staff_user(SALES, username="samuel")  # not a manager
    lead = new_lead(timezone.now())

    just_late = lead.response_due_at + timedelta(minutes=1)
    assert on_commit(escalate_overdue, just_late) == 0
    far_late = lead.escalation_due_at + timedelta(minutes=1)
    assert on_commit(escalate_overdue, far_late) == 1
    assert on_commit(escalate_overdue, far_late + timedelta(days=1)) == 0

    assert sorted(sent("escalation")) == [
        ("grace@asa.example", "sent"),
        ("kofi@asa.example", "sent"),
    ]
    assert all("Overdue" in message.subject for message in mail.outbox)
    lead.refresh_from_db()
    assert lead.escalated_at == far_late


def test_the_beat_task_reminds_and_escalates_each_once_even_run_twice(on_commit):
    staff_user(SALES_MANAGERS, username="grace")
    assignee = staff_user(SALES, username="samuel")
    lead = new_lead(timezone.now() - timedelta(days=14), assignee=assignee)

    on_commit(tasks.remind_overdue_leads.delay)
    on_commit(tasks.remind_overdue_leads.delay)

    assert sorted((m.to[0], m.subject.split()[0]) for m in mail.outbox) == [
        ("grace@asa.example", "Overdue:"),
        ("samuel@asa.example", "Request"),
    ]
    assert sorted(lead.events.values_list("kind", flat=True)) == [
        "escalated",
        "reminded",
    ]


def test_a_request_answered_before_the_task_runs_is_left_alone(on_commit):
    lead = new_lead(timezone.now() - timedelta(days=14))
    Lead.objects.filter(pk=lead.pk).update(status="contacted")
    assert on_commit(remind_overdue) == 0
    assert not LeadEvent.objects.exists()


def test_with_nobody_to_tell_the_reminder_is_still_claimed_once(
    on_commit, settings, caplog
):
    settings.LEADS_NOTIFY_EMAILS = []
    lead = new_lead(timezone.now() - timedelta(days=14))
    assert on_commit(remind_overdue) == 1
    assert on_commit(remind_overdue) == 0
    assert not OutgoingEmail.objects.exists()
    assert f"Lead {lead.pk} is overdue but nobody can be told" in caplog.text
    assert lead.email not in caplog.text


def test_beat_runs_the_reminders_and_the_retention_purge():
    schedule = {
        entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert {
        "leads.tasks.remind_overdue_leads",
        "leads.tasks.purge_expired_leads",
    } <= schedule
