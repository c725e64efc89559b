"""The admin for requests: submitted fields read-only and escaped, outbox visible.

(Query counts of the lead list: test_triage_admin.py.)
"""

import pytest
from django.urls import reverse

from tests.support.factories import BriefingFactory, LeadFactory, OutgoingEmailFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXT_FIELDS = [
    "full_name",
    "organisation",
    "job_title",
    "requirements",
    "referrer_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "spam_reason",
]


@pytest.fixture
def lead_with_payloads(mali):
    lead = LeadFactory(
        countries=[mali],
        source_briefing=BriefingFactory(title=XSS),
        email='"<script>x</script>"@evil.example',
        phone="<script>1</script>",  # the column holds 40 characters
        **dict.fromkeys(TEXT_FIELDS, XSS),
    )
    OutgoingEmailFactory(lead=lead, state="failed", last_error=XSS, attempts=1)
    return lead


def assert_escaped(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_payloads_are_escaped_in_the_lead_list(admin_client, lead_with_payloads):
    assert_escaped(admin_client.get(reverse("admin:leads_lead_changelist")))


def test_payloads_are_escaped_on_the_lead_page(admin_client, lead_with_payloads):
    url = reverse("admin:leads_lead_change", args=[lead_with_payloads.pk])
    response = admin_client.get(url)
    assert_escaped(response)
    html = response.content.decode()
    assert html.count("&lt;script&gt;alert") >= len(TEXT_FIELDS) + 1


def test_payloads_are_escaped_on_the_prospect_page(admin_client, lead_with_payloads):
    url = reverse("admin:leads_prospect_change", args=[lead_with_payloads.prospect.pk])
    assert_escaped(admin_client.get(url))


def test_lead_pages_are_never_cached(admin_client, lead_with_payloads):
    url = reverse("admin:leads_lead_change", args=[lead_with_payloads.pk])
    assert "no-store" in admin_client.get(url)["Cache-Control"]


def test_submitted_fields_are_read_only_and_only_triage_fields_change(
    admin_client, admin_user
):
    lead = LeadFactory(full_name="Amara Diallo")
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="full_name"' not in page
    assert 'name="requirements"' not in page
    assert 'name="status"' in page

    response = admin_client.post(
        url,
        {
            "status": "contacted",
            "assignee": str(admin_user.pk),
            "full_name": "Changed",
            "requirements": "Changed",
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.assignee) == ("contacted", admin_user)
    assert (lead.full_name, lead.requirements) != ("Changed", "Changed")


def test_leads_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:leads_lead_add")).status_code == 403
    assert admin_client.get(reverse("admin:leads_prospect_add")).status_code == 403


def test_notification_states_and_errors_are_visible(admin_client):
    lead = LeadFactory()
    OutgoingEmailFactory(
        lead=lead, state="failed", attempts=1, last_error="550 5.1.1 No such user"
    )
    page = admin_client.get(
        reverse("admin:leads_lead_change", args=[lead.pk])
    ).content.decode()
    assert "550 5.1.1 No such user" in page
    listing = admin_client.get(reverse("admin:leads_lead_changelist")).content
    assert "Failed: Acknowledgement to the prospect" in listing.decode()


def test_anonymous_visitors_get_the_login_page(client):
    response = client.get(reverse("admin:leads_lead_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
