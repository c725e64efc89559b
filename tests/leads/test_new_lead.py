"""Leads sales type in after a call, an event, an email or a referral: the
same intake as the web form's (routing, deadline, alerts), the channel
recorded, no acknowledgement to the prospect."""

import pytest
from django.urls import reverse

from leads.models import DuplicatePair, Lead, LeadEvent, OutgoingEmail
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import (
    CountryFactory,
    LeadFactory,
    LeadRecipientFactory,
    ProspectFactory,
    RoutingRuleFactory,
)
from tests.support.lead_form import send_request
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

NEW = reverse("leads:new_lead")


def filled(page, country, **fields):
    """The page's form, filled in from what the prospect said on the phone."""
    form = page.forms["new-lead"]
    values = {
        "channel": "call",
        "full_name": "Amara Diallo",
        "email": "amara@kilima.example",
        "organisation": "Kilima Mining Holdings",
        "job_title": "Head of Risk",
        "phone": "+27 11 555 0100",
        "countries": [str(country.pk)],
        "sectors": ["mining"],
        "help_wanted": "due_diligence",
        "timeline": "immediate",
        "requirements": "Called about a site visit in Kayes next month.",
    } | fields
    for name, value in values.items():
        form[name] = value
    return form


@pytest.fixture
def specialist(mali):
    """An analyst whose rule covers mining in Mali."""
    recipient = LeadRecipientFactory(
        user=staff_user(SALES, "specialist", first_name="Fatou")
    )
    rule = RoutingRuleFactory(countries=[mali], sectors=["mining"])
    rule.recipients.set([recipient])
    return recipient.user


def test_a_lead_from_a_call_goes_through_the_same_intake(sales_app, mali, specialist):
    page = filled(sales_app.get(NEW), mali).submit().follow()

    lead = Lead.objects.get()
    assert page.request.path == reverse("admin:leads_lead_change", args=[lead.pk])
    assert f"{lead.reference} created" in page.text
    assert (lead.channel, lead.get_channel_display()) == ("call", "A phone call")
    assert "A phone call" in page.html.select_one(".field-channel").text
    assert (lead.full_name, lead.phone, list(lead.countries.all())) == (
        "Amara Diallo",
        "+27 11 555 0100",
        [mali],
    )
    assert list(lead.sectors.values_list("sector", flat=True)) == ["mining"]
    assert lead.status == "new" and not lead.unrouted
    assert lead.assignee == specialist
    assert LeadEvent.objects.get(lead=lead).kind == "assignee"
    assert lead.response_due_at is not None and lead.escalation_due_at is not None
    assert lead.privacy_notice_version == ""
    # The analyst is alerted; the prospect gets no acknowledgement.
    assert list(lead.emails.values_list("kind", "recipient")) == [
        ("analyst_alert", specialist.email)
    ]
    assert lead.prospect.organisation.name == "Kilima Mining Holdings"


def test_every_channel_but_the_web_form_is_offered(sales_app):
    form = sales_app.get(NEW).forms["new-lead"]
    offered = [value for value, *_ in form["channel"].options]
    assert offered == ["call", "event", "email", "referral", "other"]


def test_a_web_request_is_still_recorded_as_such_and_acknowledged(django_app, mali):
    send_request(django_app, mali)
    lead = Lead.objects.get()
    assert lead.channel == "web"
    assert "acknowledgement" in lead.emails.values_list("kind", flat=True)


def test_a_lead_typed_in_by_sales_is_not_judged_as_spam(sales_app, mali):
    filled(
        sales_app.get(NEW),
        mali,
        channel="referral",
        organisation="See www.kilima.example",
    ).submit()
    lead = Lead.objects.get()
    assert (lead.status, lead.spam_reason, lead.channel) == ("new", "", "referral")


def test_the_opt_in_asks_the_prospect_to_confirm_by_email(sales_app, mali):
    filled(sales_app.get(NEW), mali, marketing_opt_in=True).submit()
    confirmation = OutgoingEmail.objects.get(kind="confirm_alerts")
    assert confirmation.recipient == "amara@kilima.example"


def test_mistakes_are_shown_and_what_was_typed_is_kept(sales_app, mali):
    page = filled(sales_app.get(NEW), mali, email="not an address").submit()
    assert page.status_code == 200
    assert "Enter a valid email address" in page.text
    assert page.forms["new-lead"]["full_name"].value == "Amara Diallo"
    assert not Lead.objects.exists()


def test_a_known_prospect_is_recognised_and_a_plus_address_found(
    sales_app, mali, django_capture_on_commit_callbacks
):
    known = LeadFactory(prospect=ProspectFactory(email="Amara@Kilima.example"))
    with django_capture_on_commit_callbacks(execute=True):
        filled(sales_app.get(NEW), mali, channel="email").submit()
    assert Lead.objects.latest("pk").prospect == known.prospect

    with django_capture_on_commit_callbacks(execute=True):
        filled(
            sales_app.get(NEW),
            mali,
            channel="event",
            email="amara+event@kilima.example",
        ).submit()
    pair = DuplicatePair.objects.get()
    assert (pair.prospect, pair.other.email) == (
        known.prospect,
        "amara+event@kilima.example",
    )


# Session, user, second factor, permissions (2), the countries.
QUERIES = 6


@pytest.mark.parametrize("countries", [1, 50])
def test_the_page_costs_the_same_queries_for_1_and_50_countries(
    sales_client, django_assert_num_queries, countries
):
    CountryFactory.create_batch(countries)
    with django_assert_num_queries(QUERIES):
        page = sales_client.get(NEW)
    assert page.content.decode().count('name="countries"') == countries


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 200), (SALES_MANAGERS, 200)]
)
def test_sales_create_leads_and_editors_cannot(
    django_app, sales_app, mali, role, status
):
    form = filled(sales_app.get(NEW), mali)
    app = verified_app(django_app, staff_user(role, "someone"))
    assert app.get(NEW, status=status).status_code == status
    created = 0 if role == EDITORS else 1
    form.submit(status=302 if created else 403)
    assert Lead.objects.count() == created
    if status == 200:
        menu = app.get(reverse("leads:workspace"))
        assert menu.html.select_one(f".workspace-nav a[href='{NEW}']")


def test_anonymous_visitors_are_sent_to_the_login(sales_app, mali):
    form = filled(sales_app.get(NEW), mali)
    sales_app.get(NEW).forms["logout-form"].submit()
    assert sales_app.get(NEW).location.startswith(reverse("admin:login"))
    assert form.submit().location.startswith(reverse("admin:login"))
    assert not Lead.objects.exists()
