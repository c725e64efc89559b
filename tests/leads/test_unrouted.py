"""Every accepted request alerts at least one person, and one that no routing
rule matched is flagged in the lead list and counted on the dashboard."""

import re

import pytest
from django.urls import reverse

from leads.models import Lead, OutgoingEmail
from leads.services.roles import SALES_MANAGERS
from tests.support.factories import LeadRecipientFactory, RoutingRuleFactory
from tests.support.lead_form import filled_lead_form
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_last_resort(settings):
    settings.LEADS_NOTIFY_EMAILS = []


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, username="grace", first_name="Grace")


def send_request(django_app, country):
    """A prospect fills in the rendered form for one country and sends it."""
    form = filled_lead_form(django_app.get(reverse("leads:request")), country)
    assert form.submit().status_code == 302
    django_app.reset()
    return Lead.objects.latest()


def alerted(lead):
    return sorted(
        lead.emails.filter(kind=OutgoingEmail.Kind.ANALYST_ALERT).values_list(
            "recipient", flat=True
        )
    )


def rule_for(country, recipient):
    return RoutingRuleFactory(countries=[country], recipients=[recipient])


def test_a_request_no_rule_or_recipient_covers_alerts_the_sales_managers(
    django_app, mali, niger, manager, no_last_resort
):
    rule_for(niger, LeadRecipientFactory(countries=[niger]))

    lead = send_request(django_app, mali)

    assert alerted(lead) == ["grace@asa.example"]
    assert lead.unrouted is True
    assert lead.assignee is None


def test_the_recipients_covering_the_country_come_before_the_managers(
    django_app, mali, manager, no_last_resort
):
    covering = LeadRecipientFactory(countries=[mali])

    lead = send_request(django_app, mali)

    assert alerted(lead) == [covering.user.email]
    assert lead.unrouted is True


def test_without_sales_managers_the_addresses_of_last_resort_are_alerted(
    django_app, mali, settings
):
    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example"]

    lead = send_request(django_app, mali)

    assert alerted(lead) == ["sales@asa.example"]
    assert lead.unrouted is True


def test_a_request_a_rule_matched_is_not_flagged(django_app, mali, manager):
    recipient = LeadRecipientFactory()
    rule_for(mali, recipient)

    lead = send_request(django_app, mali)

    assert alerted(lead) == [recipient.user.email]
    assert lead.unrouted is False
    assert lead.assignee == recipient.user


def test_sales_find_unrouted_requests_by_filter_badge_and_dashboard(
    django_app, mali, niger, manager, no_last_resort
):
    rule_for(niger, LeadRecipientFactory())
    unrouted = send_request(django_app, mali)
    routed = send_request(django_app, niger)
    app = verified_app(django_app, manager)

    everything = app.get(reverse("admin:leads_lead_changelist"))
    badges = everything.html.select(".lead-unrouted")
    assert [badge.find_parent("tr").find("a").text for badge in badges] == [
        unrouted.reference
    ]

    filtered = everything.click(description=re.escape("Unrouted (no rule matched)"))
    rows = filtered.html.select("#result_list tbody tr")
    assert [row.find("a").text for row in rows] == [unrouted.reference]
    assert routed.reference not in filtered.text

    dashboard = app.get(reverse("leads:dashboard"))
    count = dashboard.html.find(id="unrouted-count")
    assert "Unrouted requests still open: 1 (1 in all)" in " ".join(
        count.get_text().split()
    )
    assert (
        dashboard.click(description="See the unrouted requests")
        .html.select("#result_list tbody tr")[0]
        .find("a")
        .text
        == unrouted.reference
    )


def test_a_request_released_from_quarantine_is_routed_then(
    django_app, mali, manager, no_last_resort
):
    form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
    form["organisation"] = "www.cheap-links.example"
    form.submit()
    django_app.reset()
    lead = Lead.objects.get(status=Lead.Status.SPAM)
    assert (lead.unrouted, alerted(lead)) == (False, [])

    page = verified_app(django_app, manager).get(
        reverse("admin:leads_lead_changelist") + "?status=spam"
    )
    changelist = page.forms["changelist-form"]
    changelist["action"] = "release_from_spam"
    changelist.get("_selected_action", index=0).checked = True
    changelist.submit().follow()

    lead.refresh_from_db()
    assert (lead.status, lead.unrouted) == (Lead.Status.NEW, True)
    assert alerted(lead) == ["grace@asa.example"]
