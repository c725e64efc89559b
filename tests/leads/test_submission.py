"""A request for interest from the form to the outbox, through the client."""

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from leads.models import Lead, LeadSector, OutgoingEmail, Prospect
from leads.services import intake
from leads.services.intake.stamps import Stamp
from tests.support.factories import BriefingFactory, LeadFactory, recipient

pytestmark = pytest.mark.django_db

FORM = "/request-for-interest/"
SCORE_FIELDS = ("score", "score_reasons")


def submit(client, data, **extra):
    return client.post(FORM, data, **extra)


def test_urls_are_stable():
    assert reverse("leads:request") == FORM
    assert (
        reverse("leads:thanks", args=["ASA-23456789AB"])
        == "/request-for-interest/thanks/ASA-23456789AB/"
    )


def test_accepted_request_is_stored_with_its_outbox_and_redirects_to_the_reference(
    client, valid_data, mali, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = submit(client, valid_data | {"marketing_opt_in": "on"})
    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/request-for-interest/thanks/{lead.reference}/"
    assert lead.full_name == "Amara Diallo"
    assert lead.email == "Amara.Diallo@Kilima.example"
    assert lead.prospect.email == "Amara.Diallo@Kilima.example"
    assert list(lead.countries.all()) == [mali]
    assert sorted(lead.sectors.values_list("sector", flat=True)) == [
        "investment",
        "mining",
    ]
    assert (lead.help_wanted, lead.timeline) == ("risk_assessment", "quarter")
    assert lead.marketing_opt_in is True
    assert lead.privacy_notice_version == "2026-11"
    assert lead.status == Lead.Status.NEW
    assert lead.assignee is None
    # Both emails wait in the outbox, queued only once the transaction commits,
    # and so does the confirmation of the briefing alerts the opt-in asked for.
    assert set(lead.emails.values_list("kind", "recipient", "state")) == {
        ("analyst_alert", "sales@asa.example", "pending"),
        ("acknowledgement", "Amara.Diallo@Kilima.example", "pending"),
    }
    confirmation = OutgoingEmail.objects.get(kind="confirm_alerts")
    assert (confirmation.recipient, confirmation.state) == (lead.email, "pending")
    # Two doorbells of the outbox, and one to look for the prospect's duplicates.
    assert len(callbacks) == 3


def test_thanks_page_shows_the_reference_and_next_steps_only(client, valid_data):
    location = submit(client, valid_data)["Location"]
    page = client.get(location).content.decode()
    assert Lead.objects.get().reference in page
    assert "What happens next" in page
    for detail in ("Amara", "Kilima", "Head of Risk", "road access", "555"):
        assert detail not in page


@pytest.mark.parametrize(
    "path",
    [
        "/request-for-interest/thanks/ASA-0000000000/",  # 0 is not in the alphabet
        "/request-for-interest/thanks/ASA-23456789A/",
        "/request-for-interest/thanks/<script>/",
        "/request-for-interest/thanks/asa-23456789ab/",
    ],
)
def test_thanks_page_is_404_for_malformed_references(client, path):
    assert client.get(path).status_code == 404


def test_thanks_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/request-for-interest/thanks/ASA-23456789AB/").status_code
    assert client.get("/request-for-interest/thanks/ASA-23456789AB/").status_code == 200


def test_returning_prospect_is_recognised_and_earlier_request_untouched(
    client, valid_data
):
    submit(client, valid_data)
    first = Lead.objects.get()
    # The score is ours, not what they sent: another request raises it.
    sent = [f.name for f in Lead._meta.fields if f.name not in SCORE_FIELDS]
    before = {name: getattr(first, name) for name in sent}

    again = valid_data | {
        "email": "AMARA.DIALLO@kilima.EXAMPLE",
        "full_name": "Amara K. Diallo",
        "organisation": "Kilima Holdings",
        "requirements": "A second, different question.",
        "stamp": Stamp().sign(),
    }
    assert submit(client, again).status_code == 302

    assert Prospect.objects.count() == 1
    second = Lead.objects.exclude(pk=first.pk).get()
    assert second.prospect == first.prospect
    assert second.email == "AMARA.DIALLO@kilima.EXAMPLE"
    assert second.organisation == "Kilima Holdings"
    first.refresh_from_db()
    assert {name: getattr(first, name) for name in sent} == before
    assert first.prospect.email == "Amara.Diallo@Kilima.example"


def test_prospect_email_is_unique_whatever_its_case_in_the_database(valid_data):
    Prospect.objects.create(email="amara@kilima.example")
    with pytest.raises(IntegrityError):
        Prospect.objects.create(email="AMARA@Kilima.example")


def test_server_side_fields_are_never_taken_from_the_post(
    client, valid_data, admin_user
):
    other = LeadFactory()
    forged = valid_data | {
        "status": "won",
        "assignee": str(admin_user.pk),
        "spam_reason": "none",
        "reference": "ASA-23456789AB",
        "prospect": str(other.prospect.pk),
        "created_at": "2001-01-01T00:00:00Z",
        "updated_at": "2001-01-01T00:00:00Z",
        "privacy_notice_version": "1999-01",
        "source_briefing": "1",
        "referrer_domain": "forged.example",
        "utm_source": "forged",
        "id": str(other.pk),
    }
    submit(client, forged)
    lead = Lead.objects.exclude(pk=other.pk).get()
    assert lead.status == Lead.Status.NEW
    assert lead.assignee is None
    assert lead.spam_reason == ""
    assert lead.reference != "ASA-23456789AB"
    assert lead.prospect != other.prospect
    assert lead.created_at.year > 2001
    assert lead.privacy_notice_version == "2026-11"
    assert lead.source_briefing is None
    assert (lead.referrer_domain, lead.utm_source) == ("", "")
    other.refresh_from_db()
    assert other.status == Lead.Status.NEW


def test_a_post_without_csrf_token_is_403_and_nothing_is_stored(valid_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM, valid_data)
    assert response.status_code == 403
    assert not Lead.objects.exists()


def test_a_three_megabyte_body_gets_a_clean_413(client, valid_data):
    response = client.post(
        FORM,
        valid_data | {"requirements": "x" * (3 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert b"Traceback" not in response.content
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"full_name=\xff\xfe\xfd&email=\xc3", "application/x-www-form-urlencoded"),
        (b"--nope\r\nContent-Disposition: form-data\r\n\r\n", "multipart/form-data"),
        (b"--b\r\ngarbage", "multipart/form-data; boundary=b"),
        (b"\x00\x01\x02" * 100, "application/octet-stream"),
        (b'{"full_name": "Eve"}', "application/json"),
    ],
)
def test_malformed_bodies_get_a_clean_4xx_or_the_form_again(client, body, content_type):
    response = client.generic("POST", FORM, body, content_type=content_type)
    assert response.status_code in (200, 302, 400)
    assert not Lead.objects.exists()


def test_too_many_fields_get_a_400(client, valid_data):
    data = valid_data | {f"extra{n}": "x" for n in range(300)}
    assert client.post(FORM, data).status_code == 400
    assert not Lead.objects.exists()


def test_briefing_prefills_countries_and_says_what_it_answers(client, mali, niger):
    briefing = BriefingFactory(title="Russia and the Sahel", countries=[mali, niger])
    response = client.get(FORM, {"briefing": briefing.slug})
    form = response.context["form"]
    assert set(form["countries"].value()) == {mali.pk, niger.pk}
    html = response.content.decode()
    assert "You are responding to:" in html
    assert "Russia and the Sahel" in html
    assert Stamp.unsign(form["stamp"].value()).briefing_id == briefing.pk


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_briefing_neither_prefills_nor_is_named(client, mali, trait):
    briefing = BriefingFactory(countries=[mali], **{trait: True})
    response = client.get(FORM, {"briefing": briefing.slug})
    assert response.status_code == 200
    assert not response.context["form"]["countries"].value()
    assert briefing.title not in response.content.decode()
    assert Stamp.unsign(response.context["form"]["stamp"].value()).briefing_id is None


def test_unknown_briefing_is_ignored(client):
    response = client.get(FORM, {"briefing": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "You are responding to" not in response.content.decode()


def test_source_briefing_referrer_and_utm_are_recorded_from_the_rendered_form(
    client, valid_data, mali
):
    briefing = BriefingFactory(countries=[mali])
    page = client.get(
        FORM,
        {
            "briefing": briefing.slug,
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": "sahel\r\nBcc: x@y.example" + "c" * 200,
        },
        headers={"referer": "https://News.Example.org/articles/sahel?id=3"},
    )
    stamp = page.context["form"]["stamp"].value()
    # The POST's own query string and headers are not trusted.
    client.post(
        FORM + "?utm_source=forged",
        valid_data | {"stamp": stamp},
        headers={"referer": "https://forged.example/"},
    )
    lead = Lead.objects.get()
    assert lead.source_briefing == briefing
    assert lead.referrer_domain == "news.example.org"
    assert lead.utm_source == "newsletter"
    assert lead.utm_medium == "email"
    assert lead.utm_campaign.startswith("sahel Bcc: x@y.examplecc")
    assert len(lead.utm_campaign) == 100
    assert lead.utm_term == ""


def test_briefing_unpublished_after_the_form_was_rendered_is_not_recorded(
    client, valid_data, mali
):
    briefing = BriefingFactory(countries=[mali])
    stamp = client.get(FORM, {"briefing": briefing.slug}).context["form"]["stamp"]
    briefing.status = briefing.Status.DRAFT
    briefing.save()
    submit(client, valid_data | {"stamp": stamp.value()})
    assert Lead.objects.get().source_briefing is None


def test_recipients_covering_the_countries_get_the_alert(
    client, valid_data, mali, niger, django_capture_on_commit_callbacks
):
    recipient("mali@asa.example", countries=[mali])
    recipient("MALI@asa.example", username="desk", countries=[mali, niger])
    recipient("niger@asa.example", countries=[niger])
    recipient("away@asa.example", countries=[mali], takes_new_leads=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, valid_data)
    alerts = OutgoingEmail.objects.filter(kind="analyst_alert")
    assert [n.recipient.lower() for n in alerts] == ["mali@asa.example"]
    assert len(mail.outbox) == 2


def test_without_a_matching_recipient_sales_gets_the_alert(client, valid_data, niger):
    recipient("niger@asa.example", countries=[niger])
    submit(client, valid_data)
    assert list(
        OutgoingEmail.objects.filter(kind="analyst_alert").values_list(
            "recipient", flat=True
        )
    ) == ["sales@asa.example"]


def test_both_emails_are_sent_after_commit_without_a_broker(
    client, valid_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, valid_data)
    lead = Lead.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Amara.Diallo@Kilima.example",
        "sales@asa.example",
    ]
    assert all(lead.reference in message.subject for message in mail.outbox)
    assert set(lead.emails.values_list("state", "attempts")) == {("sent", 1)}


def test_a_failure_after_the_lead_insert_leaves_nothing(
    client, valid_data, monkeypatch
):
    def broken_bulk_create(*args, **kwargs):
        raise IntegrityError("simulated failure while writing the outbox")

    monkeypatch.setattr(LeadSector.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(IntegrityError):
        submit(client, valid_data)
    assert not Lead.objects.exists()
    assert not Prospect.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_failure_writing_the_outbox_leaves_no_lead(valid_data, mali, monkeypatch):
    monkeypatch.setattr(
        OutgoingEmail.objects,
        "bulk_create",
        lambda *args, **kwargs: (_ for _ in ()).throw(IntegrityError("outbox")),
    )
    with pytest.raises(IntegrityError):
        intake.submit_lead(
            submitted={
                "full_name": "Amara Diallo",
                "email": "amara@kilima.example",
                "organisation": "Kilima",
                "job_title": "Head of Risk",
                "phone": "",
                "countries": [mali],
                "help_wanted": "risk_assessment",
                "timeline": "quarter",
                "requirements": "Outlook",
                "marketing_opt_in": False,
            },
            sectors=["mining"],
            privacy_notice_version="2026-11",
        )
    assert not Lead.objects.exists()
    assert not Prospect.objects.exists()


def test_notify_again_adds_no_duplicate_and_queues_only_pending(
    valid_data, mali, django_capture_on_commit_callbacks
):
    lead = LeadFactory(countries=[mali])
    with django_capture_on_commit_callbacks(execute=True):
        intake.notify(lead)
    assert lead.emails.filter(state="sent").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        intake.notify(lead)
    assert lead.emails.count() == 2
    assert len(mail.outbox) == 2
