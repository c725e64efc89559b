"""Outbound webhooks as a sales manager sets them up and a CRM receives them:
signed POSTs to a real HTTP server started by the test, which checks the
signature the way the README tells receivers to.

Tasks run in-process here: a retry is tried at once (eager tasks ignore the
countdown), so a POST has arrived, or not, when the page returns.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from leads.models import Webhook, WebhookDelivery
from leads.services import outbox, webhooks
from leads.services.roles import SALES_MANAGERS
from leads.tasks import deliver_webhooks, sweep_webhooks
from tests.support.factories import CountryFactory, LeadFactory
from tests.support.lead_form import filled_lead_form
from tests.support.mfa import verified_app
from tests.support.services import free_port
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

BOTH = ["lead.created", "lead.status_changed"]


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, "manager", first_name="Grace")


@pytest.fixture
def manager_app(django_app, manager):
    return verified_app(django_app, manager)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def add_webhook(app, url, events=BOTH, receiver=None):
    """Fill in and send the page's form as a manager would; the receiver is
    given the secret the form showed, as the manager would copy it."""
    form = app.get(reverse("leads:webhook_add")).forms["webhook-form"]
    form["url"] = url
    form["events"] = events
    if receiver is not None:
        receiver.secret = form["secret"].value
    return form.submit()


def move(app, lead, status):
    """Move the lead's card on the pipeline board."""
    page = app.get(reverse("leads:pipeline"))
    form = next(
        form
        for form in page.forms.values()
        if form.action.endswith(f"/{lead.pk}/move/")
    )
    form["status"] = status
    return form.submit()


def test_a_new_lead_is_posted_signed_with_no_personal_data(
    django_app, manager_app, manager, receiver, commit
):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    response = add_webhook(manager_app, receiver.url, receiver=receiver)
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.url, webhook.events, webhook.is_active) == (
        receiver.url,
        BOTH,
        True,
    )
    assert len(webhook.secret) >= 40

    django_app.reset()  # a prospect, with no staff session
    form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
    with commit():
        form.submit().follow()

    [received] = receiver.wait_for(1)
    assert received.signature_valid
    body = received.json
    delivery = WebhookDelivery.objects.get()
    lead = delivery.lead
    assert body["id"] == received.headers["x-asa-delivery"] == str(delivery.pk)
    assert body["event"] == received.headers["x-asa-event"] == "lead.created"
    assert received.headers["content-type"] == "application/json"
    assert body["lead"] == {
        "id": lead.pk,
        "reference": lead.reference,
        "status": "new",
        "channel": "web",
        "countries": [{"code": "ML", "name": "Mali"}],
        "sectors": ["mining"],
        "help_wanted": "risk_assessment",
        "timeline": "quarter",
        "score": lead.score,
        "assignee_id": lead.assignee_id,
        "source_briefing": None,
        "created_at": lead.created_at.isoformat(),
        "updated_at": body["lead"]["updated_at"],
        "admin_url": f"{settings.SITE_URL}/admin/leads/lead/{lead.pk}/change/",
    }
    # Nothing the prospect typed, in the body, the headers or the URL.
    sent = (
        received.path + json.dumps(received.headers)
    ).lower() + received.body.decode()
    for typed in ("amara", "diallo", "kilima", "head of risk", "road access"):
        assert typed not in sent.lower()
    assert received.path == "/hooks/crm"
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("sent", 1, 200)

    manager_app = verified_app(django_app, manager)
    page = manager_app.get(reverse("leads:webhook", args=[webhook.pk]))
    row = page.html.select_one("#deliveries tbody tr").text
    assert lead.reference in row and "delivered (HTTP 200)" in row


def test_a_status_change_is_posted_with_what_changed_and_who(
    manager_app, manager, receiver, commit
):
    lead = LeadFactory(status="new")
    add_webhook(manager_app, receiver.url, ["lead.status_changed"], receiver)

    with commit():
        move(manager_app, lead, "qualified")

    [received] = receiver.wait_for(1)
    assert received.signature_valid
    change = received.json["change"]
    assert (change["from"], change["to"], change["by_user_id"]) == (
        "new",
        "qualified",
        manager.pk,
    )
    assert received.json["lead"]["status"] == "qualified"
    assert received.json["event"] == "lead.status_changed"


def test_a_lead_released_from_quarantine_is_posted_as_new(
    manager_app, receiver, commit
):
    lead = LeadFactory(status="spam")
    add_webhook(manager_app, receiver.url, receiver=receiver)
    page = manager_app.get(reverse("admin:leads_lead_changelist") + "?status=spam")
    form = page.forms["changelist-form"]
    form["action"] = "release_from_spam"
    form.get("_selected_action", index=0).checked = True

    with commit():
        form.submit().follow()

    # News of a lead, not of a status the receiver never heard of.
    [received] = receiver.wait_for(1)
    assert received.json["event"] == "lead.created"
    assert received.json["lead"]["reference"] == lead.reference
    assert received.json["lead"]["status"] == "new"


def test_temporary_failures_are_retried_then_delivered_once(
    manager_app, receiver, commit
):
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    receiver.answer_next(500, 503)

    with commit():
        move(manager_app, lead, "contacted")

    posts = receiver.wait_for(3)
    assert len(posts) == 3
    assert all(post.signature_valid for post in posts)
    assert len({post.body for post in posts}) == 1  # the same news each time
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("sent", 3, 200)
    assert delivery.last_error == ""


@pytest.mark.parametrize(
    ("status", "state", "attempts"),
    [(408, "sent", 2), (429, "sent", 2), (400, "failed", 1), (410, "failed", 1)],
)
def test_408_and_429_are_retried_other_4xx_fail_for_good(
    manager_app, receiver, commit, status, state, attempts
):
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    receiver.answer_next(status)

    with commit():
        move(manager_app, lead, "contacted")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (state, attempts)
    assert len(receiver.received) == attempts


def test_a_permanent_failure_is_shown_to_the_manager_who_sends_it_again(
    manager_app, receiver, commit
):
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    webhook = Webhook.objects.get()
    receiver.answer_next(410)
    with commit():
        move(manager_app, lead, "contacted")

    listing = manager_app.get(reverse("leads:webhooks"))
    row = listing.html.select_one("#webhooks tbody tr").text
    assert "failed (HTTP 410)" in row
    page = manager_app.get(reverse("leads:webhook", args=[webhook.pk]))
    assert "1 delivery failed for good." in page.text
    assert "HTTP 410" in page.html.select_one("#deliveries").text

    with commit():
        page.forms["resend-form"].submit().follow()

    assert len(receiver.wait_for(2)) == 2
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.last_status) == ("sent", 200)


def test_a_receiver_too_slow_to_answer_is_tried_again(
    manager_app, receiver, commit, settings
):
    settings.LEADS_WEBHOOK_TIMEOUT = 1
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    receiver.answer_next(200, delay=2)

    with commit():
        move(manager_app, lead, "contacted")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("sent", 2)


def test_a_receiver_that_refuses_connections_is_retried_up_to_the_limit(
    manager_app, commit
):
    lead = LeadFactory()
    add_webhook(manager_app, f"http://127.0.0.1:{free_port()}/hook")

    with commit():
        move(manager_app, lead, "contacted")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert delivery.last_status is None
    assert "ConnectError" in delivery.last_error


def test_the_same_delivery_delivered_three_times_is_posted_once(
    manager_app, receiver, commit
):
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    with commit():
        move(manager_app, lead, "contacted")
    delivery = WebhookDelivery.objects.get()

    for _ in range(3):
        deliver_webhooks.apply(args=[[delivery.pk]])
    with commit():
        webhooks.status_changed(lead, lead.events.get(kind="status"))

    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.count() == 1


def test_the_sweeper_posts_what_its_doorbell_never_reached(
    manager_app, receiver, settings
):
    settings.LEADS_OUTBOX_GRACE_SECONDS = 0
    lead = LeadFactory()
    add_webhook(manager_app, receiver.url, receiver=receiver)
    move(manager_app, lead, "contacted")  # committed, but never rung
    assert receiver.received == []

    sweep_webhooks.apply()

    [received] = receiver.wait_for(1)
    assert received.signature_valid
    assert WebhookDelivery.objects.get().state == "sent"


def test_a_switched_off_webhook_is_sent_nothing(manager_app, receiver, commit):
    add_webhook(manager_app, receiver.url, receiver=receiver)
    webhook = Webhook.objects.get()
    form = manager_app.get(webhook.get_absolute_url()).forms["webhook-form"]
    form["is_active"] = False
    form.submit()

    with commit():
        move(manager_app, LeadFactory(), "contacted")

    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_saving_without_a_new_secret_keeps_the_old_one(manager_app, receiver):
    add_webhook(manager_app, receiver.url)
    webhook = Webhook.objects.get()
    form = manager_app.get(webhook.get_absolute_url()).forms["webhook-form"]
    assert form["secret"].value == ""
    form["events"] = ["lead.created"]
    form.submit()
    saved = Webhook.objects.get()
    assert (saved.secret, saved.events) == (webhook.secret, ["lead.created"])


def test_a_short_secret_is_refused(manager_app, receiver):
    form = manager_app.get(reverse("leads:webhook_add")).forms["webhook-form"]
    form["url"] = receiver.url
    form["events"] = BOTH
    form["secret"] = "short"
    page = form.submit()
    assert "at least 24 characters" in page.text
    assert not Webhook.objects.exists()
