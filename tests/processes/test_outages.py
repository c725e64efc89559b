"""Redis down, Redis emptied, a worker killed, a broker that hangs: no request
is lost, no prospect waits, and each email goes out once."""

import base64
import json
import socket
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead, OutgoingEmail
from tests.support.factories import OutgoingEmailFactory
from tests.support.formclient import Client, prospect
from tests.support.processes import wait_until
from tests.support.services import free_port

pytestmark = pytest.mark.services

SWEEP = "leads.tasks.sweep_outbox"
DELIVER = "leads.tasks.deliver_emails"
# Workers here sweep every pending row at once and take a claim back after 2 s.
IMPATIENT = {"LEADS_OUTBOX_GRACE_SECONDS": "0", "LEADS_OUTBOX_STUCK_SECONDS": "2"}


def all_sent(count):
    return lambda: OutgoingEmail.objects.filter(state="sent").count() == count


def assert_each_expected_email_once(messages, leads):
    received = Counter(
        (message.recipients[0], message.header("Subject").split()[-1])
        for message in messages
    )
    expected = {(lead.email, lead.reference) for lead in leads} | {
        ("sales@asa.example", lead.reference) for lead in leads
    }
    assert set(received) == expected
    assert set(received.values()) == {1}


def test_redis_down_while_100_prospects_submit_then_recovery_sends_each_email_once(
    committed, redis_server, mailbox, processes, broker
):
    web = processes.web("web-redis-down")
    client = Client(web.port)
    form = client.get_form()
    redis_server.stop()

    responses = [client.submit(form, prospect(n)) for n in range(100)]

    assert [r.status for r in responses] == [302] * 100
    assert all("/request-for-interest/thanks/ASA-" in r.location for r in responses)
    assert max(r.seconds for r in responses) < 2.0
    assert Lead.objects.count() == 100
    assert OutgoingEmail.objects.filter(state="pending").count() == 200

    redis_server.start()
    processes.worker("recovery", concurrency=2, **IMPATIENT)
    broker.send_task(SWEEP)

    wait_until(all_sent(200), "200 emails sent", timeout=90, interval=0.5)
    time.sleep(1.0)  # anything sent twice would show up now
    assert len(mailbox.messages) == 200
    assert_each_expected_email_once(mailbox.messages, Lead.objects.all())
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}


def test_nothing_queued_is_lost_when_redis_loses_its_data(
    committed, redis_server, mailbox, processes, broker
):
    web = processes.web("web-flush")
    client = Client(web.port)
    form = client.get_form()
    typed = [prospect(n) for n in range(10)]
    for fields in typed:
        assert client.submit(form, fields).status == 302

    # One message per request, with the ids of its two emails.
    queued = redis_server.client().lrange("celery", 0, -1)
    assert len(queued) == 10
    # The broker carries ids only: nothing the prospects typed.
    ids = set()
    for raw in queued:
        message = json.loads(raw)
        args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
        assert message["headers"]["task"] == DELIVER
        assert kwargs == {}
        ids.update(args[0])
        for fields in typed:
            for value in (fields["email"], fields["full_name"], fields["phone"]):
                assert value.encode() not in raw
    assert ids == set(OutgoingEmail.objects.values_list("pk", flat=True))

    redis_server.client().flushall()
    processes.worker("after-flush", **IMPATIENT)
    broker.send_task(SWEEP)

    wait_until(all_sent(20), "20 emails sent", timeout=30)
    time.sleep(1.0)
    assert_each_expected_email_once(mailbox.messages, Lead.objects.all())


def test_a_worker_killed_mid_send_does_not_lose_the_email(
    committed, redis_server, mailbox, processes, broker
):
    doomed = processes.worker("doomed", **IMPATIENT)
    notification = OutgoingEmailFactory()
    mailbox.stall_next_recipient(5.0)
    broker.send_task(DELIVER, args=[[notification.pk]])
    assert mailbox.stalling.wait(15), "the send never started"
    notification.refresh_from_db()
    assert notification.state == "sending"

    doomed.kill()
    processes.worker("survivor", **IMPATIENT)
    # The dead worker's claim is now older than LEADS_OUTBOX_STUCK_SECONDS.
    OutgoingEmail.objects.filter(pk=notification.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=3)
    )
    broker.send_task(SWEEP)

    wait_until(lambda: len(mailbox.messages) == 1, "the email", timeout=20)
    wait_until(all_sent(1), "the notification marked sent")
    time.sleep(0.5)
    assert [m.recipients for m in mailbox.messages] == [[notification.recipient]]
    notification.refresh_from_db()
    assert notification.attempts == 2


@pytest.fixture
def silent_port():
    """Accepts connections (the kernel's backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("broker_state", ["refusing", "silent"])
def test_publishing_to_a_dead_broker_fails_fast(
    committed, redis_server, processes, silent_port, broker_state
):
    port = free_port() if broker_state == "refusing" else silent_port
    web = processes.web(
        f"web-broker-{broker_state}",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
    )
    client = Client(web.port)
    form = client.get_form()

    responses = [client.submit(form, prospect(n)) for n in range(3)]

    assert [r.status for r in responses] == [302] * 3
    assert max(r.seconds for r in responses) < 2.0, [r.seconds for r in responses]
    assert Lead.objects.count() == 3
    assert OutgoingEmail.objects.filter(state="pending").count() == 6
