"""The outbox state machine, against a real SMTP server.

Tasks run in-process here, so a message is in the mailbox (or not) by the time
the task returns; the worker processes are in tests/processes/.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import OutgoingEmail
from leads.services import outbox
from leads.tasks import deliver_emails, sweep_outbox
from tests.support.factories import OutgoingEmailFactory
from tests.support.services import free_port

pytestmark = pytest.mark.django_db


def deliver(notification):
    deliver_emails.apply(args=[[notification.pk]])
    notification.refresh_from_db()
    return notification


def test_a_pending_notification_is_sent_once(smtp):
    notification = deliver(OutgoingEmailFactory())
    [received] = smtp.messages
    assert received.recipients == [notification.recipient]
    assert notification.state == OutgoingEmail.State.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None


def test_delivering_a_sent_notification_again_sends_nothing(smtp):
    notification = deliver(OutgoingEmailFactory())
    sent_at = notification.sent_at
    for _ in range(3):
        notification = deliver(notification)
    assert len(smtp.messages) == 1
    assert (notification.attempts, notification.sent_at) == (1, sent_at)


def test_a_notification_another_worker_is_sending_is_left_alone(smtp):
    claimed_at = timezone.now() - timedelta(seconds=5)
    notification = deliver(
        OutgoingEmailFactory(state="sending", claimed_at=claimed_at, attempts=1)
    )
    assert smtp.messages == []
    assert (notification.state, notification.attempts) == ("sending", 1)
    assert notification.claimed_at == claimed_at


def test_a_claim_older_than_the_stuck_threshold_is_taken_over(smtp, settings):
    settings.LEADS_OUTBOX_STUCK_SECONDS = 60
    notification = deliver(
        OutgoingEmailFactory(
            state="sending",
            claimed_at=timezone.now() - timedelta(seconds=61),
            attempts=1,
        )
    )
    assert len(smtp.messages) == 1
    assert (notification.state, notification.attempts) == ("sent", 2)


def test_a_failed_notification_is_not_retried_by_a_late_message(smtp):
    notification = deliver(OutgoingEmailFactory(state="failed", attempts=3))
    assert smtp.messages == []
    assert (notification.state, notification.attempts) == ("failed", 3)


def test_an_unknown_id_is_a_no_op(smtp):
    deliver_emails.apply(args=[[987654]])
    assert smtp.messages == []


def test_temporary_failures_are_retried_then_sent_once(smtp):
    smtp.answer_next("421 4.3.0 Try again later", "421 4.3.0 Try again later")
    notification = deliver(OutgoingEmailFactory())
    assert len(smtp.messages) == 1
    assert smtp.data_commands == 3
    assert (notification.state, notification.attempts) == ("sent", 3)
    assert notification.last_error == ""


def test_a_permanent_failure_is_marked_failed_with_the_servers_reply(smtp):
    smtp.answer_next("550 5.1.1 Mailbox unavailable")
    notification = deliver(OutgoingEmailFactory())
    assert smtp.messages == []
    assert (notification.state, notification.attempts) == ("failed", 1)
    assert notification.last_error == "550 5.1.1 Mailbox unavailable"


def test_an_unreachable_server_is_retried_up_to_the_limit_then_failed(smtp, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    notification = deliver(OutgoingEmailFactory())
    assert notification.state == "failed"
    assert notification.attempts == outbox.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in notification.last_error


def test_a_retry_waits_before_the_sweeper_may_queue_it_again(smtp, settings):
    settings.LEADS_OUTBOX_GRACE_SECONDS = 0
    notification = OutgoingEmailFactory()
    [claimed] = OutgoingEmail.objects.claim([notification.pk])
    claimed.mark_for_retry("421", delay=120)
    assert not OutgoingEmail.objects.due().exists()
    OutgoingEmail.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert list(OutgoingEmail.objects.due()) == [notification]


def test_the_sweeper_sends_what_was_left_pending_or_stuck(smtp, settings):
    settings.LEADS_OUTBOX_GRACE_SECONDS = 30
    settings.LEADS_OUTBOX_STUCK_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    left_pending = OutgoingEmailFactory(next_attempt_at=long_ago)
    stuck = OutgoingEmailFactory(state="sending", claimed_at=long_ago, attempts=1)
    just_created = OutgoingEmailFactory()
    being_sent = OutgoingEmailFactory(state="sending", claimed_at=timezone.now())
    done = OutgoingEmailFactory(state="sent", sent_at=long_ago)
    failed = OutgoingEmailFactory(state="failed")

    sweep_outbox.apply()

    assert sorted(m.recipients[0] for m in smtp.messages) == sorted(
        [left_pending.recipient, stuck.recipient]
    )
    states = dict(OutgoingEmail.objects.values_list("pk", "state"))
    assert states == {
        left_pending.pk: "sent",
        stuck.pk: "sent",
        just_created.pk: "pending",
        being_sent.pk: "sending",
        done.pk: "sent",
        failed.pk: "failed",
    }


def test_marking_a_claim_lost_to_another_worker_changes_nothing(smtp):
    notification = OutgoingEmailFactory()
    [mine] = OutgoingEmail.objects.claim([notification.pk])
    # Another worker took the claim over, believing this one dead, and sent it.
    OutgoingEmail.objects.filter(pk=notification.pk).update(
        claimed_at=timezone.now() + timedelta(seconds=1)
    )
    OutgoingEmail.objects.mark_sent([notification])
    mine.mark_failed("550 too late")
    notification.refresh_from_db()
    assert (notification.state, notification.last_error) == ("sent", "")
