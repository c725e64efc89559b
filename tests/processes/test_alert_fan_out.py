"""Briefing alerts with real processes: beat's task run by a Celery worker
finds the new briefing, writes its alerts and sends them through an SMTP
server, each once, even when the worker is killed in the middle."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import OutgoingEmail
from tests.support.factories import BriefingFactory, CountryFactory
from tests.support.processes import wait_until
from tests.support.readers import reader

pytestmark = pytest.mark.services

ANNOUNCE = "leads.tasks.announce_new_briefings"
SWEEP = "leads.tasks.sweep_outbox"
IMPATIENT = {"LEADS_OUTBOX_GRACE_SECONDS": "0", "LEADS_OUTBOX_STUCK_SECONDS": "2"}
READERS = 120


@pytest.fixture
def followers(committed):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    for n in range(READERS):
        reader(f"reader{n}@example.org", countries=[mali])
    reader("elsewhere@example.org", countries=[CountryFactory()])
    return mali


def alerts_received(mailbox):
    return Counter(message.recipients[0] for message in mailbox.messages)


def all_alerts_sent():
    return (
        OutgoingEmail.objects.filter(kind="briefing_alert", state="sent").count()
        == READERS
    )


def test_a_new_briefing_reaches_every_follower_once(
    followers, redis_server, mailbox, processes, broker
):
    processes.worker("announcer")
    BriefingFactory(title="Sahel outlook", countries=[followers])

    broker.send_task(ANNOUNCE)

    wait_until(all_alerts_sent, "every alert sent", timeout=60)
    received = alerts_received(mailbox)
    assert set(received) == {f"reader{n}@example.org" for n in range(READERS)}
    assert max(received.values()) == 1


def test_a_worker_killed_while_sending_alerts_leaves_none_missing(
    followers, redis_server, mailbox, processes, broker
):
    doomed = processes.worker("doomed", **IMPATIENT)
    BriefingFactory(title="Sahel outlook", countries=[followers])
    mailbox.stall_next_recipient(10.0)
    broker.send_task(ANNOUNCE)
    assert mailbox.stalling.wait(30), "no alert was being sent"

    doomed.kill()
    in_flight = OutgoingEmail.objects.filter(state="sending").count()
    # The dead worker's claims are now older than LEADS_OUTBOX_STUCK_SECONDS.
    OutgoingEmail.objects.filter(state="sending").update(
        claimed_at=timezone.now() - timedelta(seconds=3)
    )
    processes.worker("survivor", **IMPATIENT)
    broker.send_task(ANNOUNCE)
    broker.send_task(SWEEP)

    wait_until(all_alerts_sent, "every alert sent", timeout=60)
    received = alerts_received(mailbox)
    assert set(received) == {f"reader{n}@example.org" for n in range(READERS)}
    doubled = sum(count - 1 for count in received.values())
    assert doubled <= in_flight
