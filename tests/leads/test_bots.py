"""Bots are refused without a CAPTCHA and see what a person sees."""

import logging
import time

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from leads.models import Lead, OutgoingEmail, Prospect
from leads.services.intake.stamps import SALT, Stamp

pytestmark = pytest.mark.django_db


def stamp_signed_at(timestamp, **payload):
    """A genuine stamp as if rendered at ``timestamp``."""
    signer = signing.TimestampSigner(salt=SALT)
    signer.timestamp = lambda: signing.b62_encode(int(timestamp))
    return signer.sign_object(
        {
            "briefing_id": None,
            "referrer_domain": "",
            "utm": {},
            "privacy_notice_version": "2026-11",
        }
        | payload,
        compress=True,
    )


def submit(client, data, **extra):
    return client.post(reverse("leads:request"), data, **extra)


def assert_looks_accepted_but_nothing_happened(client, response):
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert thanks.templates[0].name == "leads/thanks.html"
    assert not Lead.objects.exists()
    assert not Prospect.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


@pytest.fixture
def min_fill(settings):
    settings.LEADS_MIN_FILL_SECONDS = 3


def test_filled_honeypot_sees_the_confirmation_and_nothing_is_stored(
    client, valid_data, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="leads")
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, valid_data | {"website": "https://spam.example"})
    assert_looks_accepted_but_nothing_happened(client, response)
    [record] = [r for r in caplog.records if r.name == "leads.views.leads"]
    assert record.getMessage() == "Request for interest refused: honeypot filled"


@pytest.mark.parametrize(
    ("stamp", "reason"),
    [
        (None, "form stamp missing or forged"),
        ("", "form stamp missing or forged"),
        ("not-a-stamp", "form stamp missing or forged"),
        ("eyJicmllZmluZ19pZCI6bnVsbH0:1xW0al:forgedsignature", "form stamp missing "),
    ],
)
def test_missing_or_forged_stamp_is_a_bot(client, valid_data, caplog, stamp, reason):
    caplog.set_level(logging.INFO, logger="leads")
    data = dict(valid_data)
    if stamp is None:
        del data["stamp"]
    else:
        data["stamp"] = stamp
    assert_looks_accepted_but_nothing_happened(client, submit(client, data))
    assert reason in caplog.text


def test_stamp_signed_with_another_key_is_a_bot(client, valid_data, settings):
    settings.SECRET_KEY = "someone-elses-key"
    forged = Stamp().sign()
    settings.SECRET_KEY = "test-only-secret-key"
    response = submit(client, valid_data | {"stamp": forged})
    assert_looks_accepted_but_nothing_happened(client, response)


def test_stamp_from_the_future_is_sent_back_to_check(client, valid_data, min_fill):
    # Genuine, so a clock ahead of this one signed it: not a bot.
    data = valid_data | {"stamp": stamp_signed_at(time.time() + 3600)}
    response = submit(client, data)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "too_fast")
    assert not Lead.objects.exists()


def test_a_person_who_took_their_time_is_accepted(client, valid_data, min_fill):
    data = valid_data | {"stamp": stamp_signed_at(time.time() - 5)}
    assert submit(client, data).status_code == 302
    assert Lead.objects.count() == 1


def test_too_old_asks_the_person_to_send_again_and_keeps_the_form(
    client, valid_data, settings, min_fill
):
    settings.LEADS_MAX_FORM_AGE_SECONDS = 3600
    old = stamp_signed_at(time.time() - 3601, referrer_domain="news.example")
    response = submit(client, valid_data | {"stamp": old})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("__all__", "expired")
    assert "This form was open for a long time" in response.content.decode()
    assert 'value="Kilima Mining Holdings"' in response.content.decode()
    assert not Lead.objects.exists()

    # The renewed stamp keeps the source, and sending again a moment later
    # works, well within the minimum fill time: the form was filled in long ago.
    renewed = form["stamp"].value()
    assert renewed != old
    assert Stamp.unsign(renewed).referrer_domain == "news.example"
    with time_machine.travel(time.time() + 1.5):
        assert submit(client, valid_data | {"stamp": renewed}).status_code == 302
    assert Lead.objects.get().referrer_domain == "news.example"


def test_bot_and_person_get_the_same_looking_confirmation(client, valid_data):
    person = client.get(submit(client, valid_data)["Location"])
    bot = client.get(submit(client, valid_data | {"website": "x"})["Location"])
    person_reference = person.context["reference"]
    bot_reference = bot.context["reference"]
    assert person_reference != bot_reference
    assert len(person_reference) == len(bot_reference)
    assert person.content.decode().replace(person_reference, "") == (
        bot.content.decode().replace(bot_reference, "")
    )


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("full_name", "Cheap pills https://pills.example", "a link in the name"),
        ("organisation", "www.casino.example", "a link in the organisation"),
        ("job_title", "[url=x]SEO[/url]", "a link in the job title"),
        (
            "requirements",
            " ".join(f"https://spam{n}.example" for n in range(4)),
            "more than 3 links in the requirements",
        ),
    ],
)
def test_content_rules_quarantine_without_notifying(
    client, valid_data, django_capture_on_commit_callbacks, field, value, reason
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, valid_data | {field: value})
    lead = Lead.objects.get()
    assert response["Location"] == reverse("leads:thanks", args=[lead.reference])
    assert lead.status == Lead.Status.SPAM
    assert lead.spam_reason == reason
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_a_few_links_in_the_requirements_are_fine(client, valid_data):
    text = "See https://a.example, https://b.example and https://c.example"
    submit(client, valid_data | {"requirements": text})
    assert Lead.objects.get().status == Lead.Status.NEW
