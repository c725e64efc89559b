"""A person who fills the form in faster than LEADS_MIN_FILL_SECONDS (autofill,
paste) is asked to check it and send it again, never shown a false receipt."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from leads.models import Lead, OutgoingEmail
from tests.support.lead_form import filled_lead_form, lead_form

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
CHECK_NOTE = "Please check your details and send the form again."


@pytest.fixture(autouse=True)
def min_fill(settings):
    settings.LEADS_MIN_FILL_SECONDS = 30


def test_a_fast_person_is_asked_to_check_and_what_they_typed_is_kept(django_app, mali):
    with time_machine.travel(START, tick=False) as clock:
        form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
        clock.shift(2)

        page = form.submit()

        assert page.status_code == 200
        assert CHECK_NOTE in page.text
        again = lead_form(page)
        assert again["organisation"].value == "Kilima Mining Holdings"
        assert again["requirements"].value == "What is the outlook for road access?"
        assert again["privacy"].checked
        assert again["stamp"].value != form["stamp"].value
        assert not Lead.objects.exists()
        assert mail.outbox == []

        # Seen the form, they send it again at once: accepted, and alerted.
        clock.shift(3)
        thanks = again.submit().follow()

    lead = Lead.objects.get()
    assert lead.reference in thanks.text
    assert lead.status == Lead.Status.NEW
    assert lead.spam_reason == ""
    assert lead.emails.filter(kind=OutgoingEmail.Kind.ANALYST_ALERT).exists()


def test_a_script_posting_the_renewed_form_straight_back_is_only_asked_again(
    django_app, mali
):
    with time_machine.travel(START, tick=False) as clock:
        form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
        page = form.submit()
        clock.shift(0.2)

        page = lead_form(page).submit()

        assert page.status_code == 200
        assert CHECK_NOTE in page.text
        assert not Lead.objects.exists()

        # It has to wait, as a person reading the note does.
        clock.shift(1)
        assert lead_form(page).submit().status_code == 302
    assert Lead.objects.get().status == Lead.Status.NEW


def test_a_fast_form_with_a_mistake_gets_both_messages(django_app, mali):
    with time_machine.travel(START, tick=False):
        form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
        form["email"] = "not an address"

        page = form.submit()

    assert CHECK_NOTE in page.text
    assert page.html.find(id="error_1_id_email") is not None
    assert not Lead.objects.exists()


def test_a_filled_honeypot_still_gets_the_silent_treatment(django_app, mali):
    with time_machine.travel(START, tick=False) as clock:
        form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
        form["website"] = "https://spam.example"
        clock.shift(60)

        page = form.submit()

    assert page.status_code == 302
    assert page.follow().status_code == 200
    assert not Lead.objects.exists()
