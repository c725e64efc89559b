"""The lead pipeline with every real service: gunicorn, PostgreSQL, Redis, two
Celery workers and an SMTP server."""

import time

import pytest
from django.conf import settings

from leads.models import Lead, OutgoingEmail
from leads.services.roles import SALES
from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    LeadRecipientFactory,
    OutgoingEmailFactory,
)
from tests.support.formclient import Client, prospect
from tests.support.processes import wait_until
from tests.support.staff import staff_user

pytestmark = pytest.mark.services

DELIVER = "leads.tasks.deliver_emails"


@pytest.fixture(scope="module")
def workers(module_processes):
    return [module_processes.worker("worker1"), module_processes.worker("worker2")]


@pytest.fixture(scope="module")
def web(module_processes):
    return module_processes.web("web")


def state_of(notification):
    notification.refresh_from_db()
    return notification.state


def test_a_request_over_http_reaches_the_analyst_and_the_prospect_once(
    committed, redis_server, mailbox, web, workers, module_processes
):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    LeadRecipientFactory(
        user=staff_user(SALES, username="sahel-desk"), countries=[mali]
    )
    briefing = BriefingFactory(title="Sahel security outlook", countries=[mali])
    client = Client(web.port)

    form = client.get_form(
        f"briefing={briefing.slug}&utm_source=newsletter",
        headers={"Referer": "https://news.example.org/sahel"},
    )
    response = client.submit(form, prospect(1, countries=[mali.pk]))

    assert response.status == 302
    reference = response.location.rstrip("/").rsplit("/", 1)[-1]
    assert response.location == f"/request-for-interest/thanks/{reference}/"
    assert reference in client.request("GET", response.location).text

    messages = mailbox.wait_for(2)
    by_recipient = {message.recipients[0]: message for message in messages}
    alert = by_recipient["sahel-desk@asa.example"]
    acknowledgement = by_recipient["prospect-1@client.example"]
    assert alert.header("Subject") == f"New request for interest {reference}"
    assert alert.header("Reply-To") == "prospect-1@client.example"
    assert alert.header("To") == "sahel-desk@asa.example"
    assert "no-reply@localhost" in alert.header("From")
    lead = Lead.objects.get(reference=reference)
    text = alert.message.get_body(("plain",)).get_content()
    assert "Prospect Number1" in text
    assert "Sahel security outlook" in text
    assert f"https://portal.example/admin/leads/lead/{lead.pk}/change/" in text
    assert acknowledgement.header("Subject") == (
        f"We received your request for interest {reference}"
    )
    # Replies, questions and privacy requests alike, reach a monitored address.
    assert acknowledgement.header("Reply-To") == settings.PRIVACY_CONTACT_EMAIL
    assert acknowledgement.message.get_body(("html",)) is not None

    assert (lead.source_briefing, lead.referrer_domain, lead.utm_source) == (
        briefing,
        "news.example.org",
        "newsletter",
    )
    wait_until(
        lambda: set(lead.emails.values_list("state", flat=True)) == {"sent"},
        "both notifications marked sent",
    )
    time.sleep(0.5)
    assert len(mailbox.messages) == 2

    # Logs carry ids, never what the prospect typed.
    logs = module_processes.logs()
    assert f"Email {lead.emails.first().pk} sent" in logs
    for personal in ("prospect-1@client.example", "Prospect Number1", "555 0001"):
        assert personal not in logs


def test_the_same_notification_queued_three_times_with_two_workers_sends_once(
    committed, redis_server, mailbox, workers, broker
):
    notification = OutgoingEmailFactory()
    # The first send is slow, so the other deliveries arrive while it is going on.
    mailbox.stall_next_recipient(1.0)
    for _ in range(3):
        broker.send_task(DELIVER, args=[[notification.pk]])

    wait_until(lambda: state_of(notification) == "sent", "the notification sent")
    time.sleep(1.0)
    assert [m.recipients for m in mailbox.messages] == [[notification.recipient]]
    assert notification.attempts == 1


def test_smtp_saying_try_later_twice_then_ok_gives_one_email_in_three_attempts(
    committed, redis_server, mailbox, workers, broker
):
    mailbox.answer_next("421 4.3.0 Try again later", "421 4.7.0 Slow down")
    notification = OutgoingEmailFactory()
    broker.send_task(DELIVER, args=[[notification.pk]])

    wait_until(
        lambda: state_of(notification) == "sent", "the retried email", timeout=30
    )
    assert notification.attempts == 3
    assert mailbox.data_commands == 3
    assert len(mailbox.messages) == 1
    assert notification.last_error == ""


def test_smtp_refusing_for_good_marks_the_notification_failed_for_sales_to_see(
    committed, redis_server, mailbox, workers, broker
):
    mailbox.answer_next("550 5.1.1 No such mailbox")
    notification = OutgoingEmailFactory()
    broker.send_task(DELIVER, args=[[notification.pk]])

    wait_until(lambda: state_of(notification) == "failed", "the failure recorded")
    assert notification.attempts == 1
    assert notification.last_error == "550 5.1.1 No such mailbox"
    assert mailbox.messages == []
    assert OutgoingEmail.objects.get(pk=notification.pk).sent_at is None
