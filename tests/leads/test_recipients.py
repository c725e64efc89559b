"""Lead recipients: kept by sales managers with their history, and only staff
who may work on requests ever receive lead data."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leads.models import LeadRecipient, LeadRecipientChange, OutgoingEmail
from leads.services.deadlines import remind_overdue
from leads.services.emails import NOT_ALLOWED
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from leads.tasks import deliver_emails
from tests.support.factories import LeadFactory, LeadRecipientFactory
from tests.support.mfa import log_in_verified, verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:leads_leadrecipient_add")


@pytest.fixture
def manager_app(django_app):
    return verified_app(django_app, staff_user(SALES_MANAGERS, first_name="Grace"))


def test_a_manager_makes_a_recipient_through_the_form_and_it_is_recorded(
    manager_app, mali, niger
):
    samuel = staff_user(SALES, username="samuel", first_name="Samuel")
    form = manager_app.get(ADD).forms["leadrecipient_form"]
    form["user"] = str(samuel.pk)
    form["countries"] = [str(mali.pk)]
    form["sectors"] = ["mining", "financial"]
    assert form.submit().status_code == 302

    recipient = LeadRecipient.objects.get()
    assert (recipient.user, recipient.sectors) == (samuel, ["financial", "mining"])
    change_url = reverse("admin:leads_leadrecipient_change", args=[recipient.pk])
    form = manager_app.get(change_url).forms["leadrecipient_form"]
    form["countries"] = [str(mali.pk), str(niger.pk)]
    form["takes_new_leads"] = False
    assert form.submit().status_code == 302

    created, changed = LeadRecipientChange.objects.order_by("changed_at", "pk")
    assert (created.action, created.before) == ("created", {})
    assert created.after == {
        "account": "samuel",
        "countries": ["Mali"],
        "sectors": ["Financial", "Mining"],
        "takes new requests": True,
    }
    assert changed.after["countries"] == ["Mali", "Niger"]
    assert changed.after["takes new requests"] is False
    assert {created.changed_by.first_name, changed.changed_by.first_name} == {"Grace"}
    page = manager_app.get(change_url).text
    assert "Created" in page and "countries: Mali, Niger" in page
    assert "takes new requests: no" in page


def test_only_accounts_that_may_work_on_leads_can_be_chosen(manager_app):
    staff_user(SALES, username="samuel")
    editor = staff_user(EDITORS, username="amina")
    mailless = staff_user(SALES, username="mailless")
    mailless.email = ""
    mailless.save()

    form = manager_app.get(ADD).forms["leadrecipient_form"]
    options = [label for _value, _selected, label in form["user"].options]
    assert any("samuel@asa.example" in label for label in options)
    assert not any("amina" in label for label in options)
    form.fields["user"][0].force_value(str(editor.pk))
    response = form.submit()
    assert response.status_code == 200
    assert "Select a valid choice" in response.text

    form = response.forms["leadrecipient_form"]
    form["user"] = str(mailless.pk)
    response = form.submit()
    assert "This account has no email address" in response.text
    assert not LeadRecipient.objects.exists()


@pytest.mark.parametrize("role", [SALES, EDITORS])
def test_only_sales_managers_change_recipients(role, mali):
    recipient = LeadRecipientFactory(countries=[mali])
    client = log_in_verified(Client(), staff_user(role))
    change = reverse("admin:leads_leadrecipient_change", args=[recipient.pk])
    expected = 200 if role == SALES else 403  # sales may look, not change
    assert client.get(change).status_code == expected
    assert client.post(change, {"user": recipient.user.pk}).status_code == 403
    assert client.get(ADD).status_code == 403


def test_an_alert_queued_before_the_recipient_left_sales_is_not_sent():
    mariam = staff_user(SALES, username="mariam")
    lead = LeadFactory()
    alert = OutgoingEmail.objects.create(
        lead=lead, kind=OutgoingEmail.Kind.ANALYST_ALERT, recipient=mariam.email
    )
    mariam.groups.clear()

    deliver_emails.delay([alert.pk])

    alert.refresh_from_db()
    assert (alert.state, alert.last_error) == ("failed", NOT_ALLOWED)
    assert mail.outbox == []


def test_an_assignee_who_left_sales_is_not_reminded_the_inbox_is(
    django_capture_on_commit_callbacks,
):
    mariam = staff_user(SALES, username="mariam")
    now = timezone.now()
    lead = LeadFactory(assignee=mariam, response_due_at=now - timedelta(minutes=1))
    mariam.groups.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue(now) == 1

    (reminder,) = lead.emails.filter(kind="reminder")
    assert reminder.recipient == "sales@asa.example"
    assert [message.to for message in mail.outbox] == [["sales@asa.example"]]


def test_a_recipient_whose_account_left_sales_can_still_be_paused(manager_app, mali):
    recipient = LeadRecipientFactory(countries=[mali])
    recipient.user.groups.clear()
    url = reverse("admin:leads_leadrecipient_change", args=[recipient.pk])

    form = manager_app.get(url).forms["leadrecipient_form"]
    form["takes_new_leads"] = False
    assert form.submit().status_code == 302
    recipient.refresh_from_db()
    assert recipient.takes_new_leads is False
