"""A webhook end to end with real processes: a request sent over HTTP to
gunicorn, its delivery POSTed by a Celery worker process to a real HTTP
server, which checks the signature; the same task delivered again POSTs
nothing more."""

import pytest

from leads.models import Lead, Webhook, WebhookDelivery, new_secret
from leads.services import webhooks
from tests.support.factories import CountryFactory
from tests.support.formclient import Client, prospect
from tests.support.processes import broker_client, wait_until

pytestmark = pytest.mark.services


def test_a_new_lead_is_posted_once_by_a_worker(
    committed, redis_server, processes, receiver
):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    webhook = Webhook.objects.create(
        url=receiver.url, secret=new_secret(), events=["lead.created"]
    )
    receiver.secret = webhook.secret
    web = processes.web("web")
    worker = processes.worker("worker", LEADS_WEBHOOK_ALLOW_LOCALHOST="true")
    client = Client(web.port)

    response = client.submit(client.get_form(""), prospect(7, countries=[mali.pk]))

    assert response.status == 302
    [received] = receiver.wait_for(1, timeout=30)
    assert received.signature_valid
    lead = Lead.objects.get()
    assert received.json["event"] == "lead.created"
    assert received.json["lead"]["reference"] == lead.reference
    assert "prospect" not in (received.path + received.body.decode()).lower()
    delivery = wait_until(
        lambda: WebhookDelivery.objects.filter(state="sent").first(),
        "the delivery recorded as delivered",
    )
    assert (delivery.attempts, delivery.last_status) == (1, 200)

    # A second message for the same delivery (a redelivery) finds it done.
    broker_client(redis_server.url).send_task(
        webhooks.DELIVER_TASK, args=[[delivery.pk]]
    )
    wait_until(
        lambda: f"Webhook delivery {delivery.pk} delivered, failed" in worker.log(),
        "the worker to find the delivery done",
        process=worker,
    )
    assert len(receiver.received) == 1
    assert "Number7" not in processes.logs()  # logs carry ids only
