"""The lead list and a lead's page cost the same queries however many leads
there are and however long the timeline (the board and the dashboard are
counted in their own tests)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from leads.models import Activity, FollowedCountry, Lead, OutgoingEmail, Subscriber
from leads.services import activities, triage
from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    LeadFactory,
    OutgoingEmailFactory,
)

pytestmark = pytest.mark.django_db

LEADS = reverse("admin:leads_lead_changelist")


def busy_lead(lead, sales, n):
    """`n` of everything a timeline shows."""
    country = CountryFactory()
    reader = Subscriber.objects.create(email=lead.email, confirmed_at=timezone.now())
    FollowedCountry.objects.create(subscriber=reader, country=country)
    for i in range(n):
        triage.add_note(lead, f"Note {i}", by=sales)
        triage.set_status(lead, ["contacted", "qualified"][i % 2], by=sales)
        activities.log_activity(lead, by=sales, kind=Activity.Kind.CALL, subject=f"{i}")
        activities.add_task(
            lead,
            by=sales,
            title=f"Task {i}",
            due_at=timezone.now() + datetime.timedelta(days=i),
            owner=sales,
        )
        OutgoingEmailFactory(lead=lead, key=f"ack-{lead.pk}-{i}")
        OutgoingEmail.about(
            OutgoingEmail.Kind.BRIEFING_ALERT,
            reader.email,
            subscriber=reader,
            briefing=BriefingFactory(),
        ).save()


def test_the_lead_list_costs_the_same_for_3_and_60_leads(
    sales_client, django_assert_num_queries
):
    countries = CountryFactory.create_batch(3)

    def make(n):
        for i in range(n):
            lead = LeadFactory(countries=countries[: 1 + i % 3], sectors=["mining"])
            OutgoingEmailFactory(lead=lead)

    make(3)
    with django_assert_num_queries(LIST_QUERIES) as first:
        assert sales_client.get(LEADS).status_code == 200
    make(57)
    with django_assert_num_queries(LIST_QUERIES):
        assert sales_client.get(LEADS).status_code == 200
    assert len(first.captured_queries) == LIST_QUERIES


# Session, user, second factor, permissions (2); the filters' choices
# (assignees, countries, briefings); the count and the total; the page of
# leads, their countries, sectors and emails; the date hierarchy (2).
LIST_QUERIES = 16


@pytest.mark.parametrize("entries", [1, 15])
def test_a_lead_page_costs_the_same_however_long_its_timeline(
    entries, sales, sales_client, django_assert_num_queries
):
    lead = LeadFactory(countries=[CountryFactory()], sectors=["mining"])
    busy_lead(lead, sales, entries)
    page = reverse("admin:leads_lead_change", args=[lead.pk])
    ContentType.objects.clear_cache()  # as a fresh worker finds it
    with django_assert_num_queries(PAGE_QUERIES):
        response = sales_client.get(page)
    assert response.status_code == 200
    # The latest 30 entries of everything (and the open tasks).
    assert response.content.decode().count('class="lead-timeline-') >= min(
        6 * entries, 30
    )


# Session, user, second factor, permissions (2), the content type; the lead
# with its countries, sectors and failed emails (for the list); the timeline:
# notes, activities, changes, emails, tasks, the prospect as a reader
# (subscriptions, countries, topics, alerts), open tasks; the history, other
# requests, the emails inline, the form's choices (lost reasons, assignees);
# the prospect's possible duplicates and their merge.
PAGE_QUERIES = 27


def test_the_lists_checkbox_is_the_admins_own_markup():
    """Written directly for speed, the same as the admin's widget renders."""
    lead_admin = admin.site._registry[Lead]
    lead = LeadFactory()
    assert lead_admin.action_checkbox(lead) == admin.ModelAdmin.action_checkbox(
        lead_admin, lead
    )
