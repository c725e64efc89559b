"""What the two emails say and, above all, what never reaches a header."""

import pytest
from django.core import mail

from leads.models import OutgoingEmail
from leads.services.emails import message_for
from leads.tasks import deliver_emails
from tests.support.factories import BriefingFactory, LeadFactory, OutgoingEmailFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INJECTION = "Eve\r\nBcc: victim@evil.example\r\nX-Injected: yes"


def alert(lead, recipient="analyst@asa.example"):
    return OutgoingEmailFactory(
        lead=lead, kind=OutgoingEmail.Kind.ANALYST_ALERT, recipient=recipient
    )


def acknowledgement(lead):
    return OutgoingEmailFactory(lead=lead, kind=OutgoingEmail.Kind.ACKNOWLEDGEMENT)


def all_headers(message):
    return "\n".join(f"{k}: {v}" for k, v in message.message().items())


def test_alert_has_every_detail_a_link_to_the_admin_and_replies_to_the_prospect(
    mali, settings
):
    settings.SITE_URL = "https://portal.example"
    briefing = BriefingFactory(title="Sahel outlook")
    earlier = LeadFactory()
    lead = LeadFactory(
        prospect=earlier.prospect,
        email="Amara@Kilima.example",
        full_name="Amara Diallo",
        phone="+27 11 555 0100",
        countries=[mali],
        sectors=["mining", "investment"],
        source_briefing=briefing,
        referrer_domain="news.example",
        utm_source="newsletter",
        marketing_opt_in=True,
    )
    message = message_for(alert(lead))
    assert message.subject == f"New request for interest {lead.reference}"
    assert message.to == ["analyst@asa.example"]
    assert message.reply_to == ["Amara@Kilima.example"]
    text = message.body
    for detail in (
        "Amara Diallo",
        "Amara@Kilima.example",
        lead.organisation,
        lead.job_title,
        "+27 11 555 0100",
        "Mali",
        "Investment, Mining",
        "Risk assessment",
        "In one to three months",
        lead.requirements,
        "Sahel outlook",
        "news.example",
        "utm_source=newsletter",
        "2026-11",
        earlier.reference,
        f"https://portal.example/admin/leads/lead/{lead.pk}/change/",
    ):
        assert detail in text
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="https://portal.example/admin/leads/lead/{lead.pk}/change/"' in html


def test_acknowledgement_carries_the_reference_and_next_steps_but_no_free_text(
    settings,
):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@asa.example"
    lead = LeadFactory(full_name="Spam Text Here", organisation="Buy Now Ltd")
    message = message_for(acknowledgement(lead))
    assert message.subject == f"We received your request for interest {lead.reference}"
    assert message.to == [lead.email]
    assert message.reply_to == ["dpo@asa.example"]
    assert lead.reference in message.body
    assert "What happens next" in message.body
    # An acknowledgement goes to whatever address was typed: it must not become
    # a way to mail someone else a message of the sender's choosing.
    for typed in ("Spam Text Here", "Buy Now Ltd", lead.requirements):
        assert typed not in message.body
        assert typed not in message.alternatives[0][0]


@pytest.mark.parametrize("field", ["full_name", "organisation", "job_title", "phone"])
def test_crlf_in_stored_fields_never_reaches_a_header(field):
    value = "1\r\nBcc: victim@evil.example" if field == "phone" else INJECTION
    lead = LeadFactory(**{field: value})
    for notification in (alert(lead), acknowledgement(lead)):
        message = message_for(notification)
        headers = all_headers(message)
        assert "victim@evil.example" not in headers
        assert "X-Injected" not in headers
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.message()["Bcc"] is None


def test_an_address_with_crlf_is_never_a_reply_to():
    lead = LeadFactory(email="eve@example.com\r\nBcc: victim@evil.example")
    message = message_for(alert(lead))
    assert message.reply_to == []
    assert "victim@evil.example" not in all_headers(message)


def test_an_unsafe_recipient_fails_for_good_without_sending(
    django_capture_on_commit_callbacks,
):
    lead = LeadFactory()
    notification = OutgoingEmailFactory(
        lead=lead, recipient="eve@example.com\nBcc: victim@evil.example"
    )
    deliver_emails.apply(args=[[notification.pk]])
    notification.refresh_from_db()
    assert notification.state == "failed"
    assert mail.outbox == []


def test_subjects_are_one_line_whatever_the_translation(settings):
    lead = LeadFactory()
    for notification in (alert(lead), acknowledgement(lead)):
        subject = message_for(notification).subject
        assert subject == " ".join(subject.split())
        assert lead.reference in subject


@pytest.mark.parametrize(
    "field",
    ["full_name", "organisation", "job_title", "requirements", "referrer_domain"],
)
def test_markup_is_escaped_in_the_html_alert(field):
    lead = LeadFactory(**{field: XSS})
    html = message_for(alert(lead)).alternatives[0][0]
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_markup_in_a_briefing_title_is_escaped_too():
    lead = LeadFactory(source_briefing=BriefingFactory(title=XSS))
    html = message_for(alert(lead)).alternatives[0][0]
    assert "<script>" not in html


def test_the_text_part_is_plain_text_not_html_escaped():
    lead = LeadFactory(full_name="Siobhán O'Brien & Sons <ops>")
    assert "Siobhán O'Brien & Sons <ops>" in message_for(alert(lead)).body
