"""The history of a request: every change, who made it, when, from what to what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead, LeadEvent
from leads.services import triage
from leads.services.roles import SALES
from tests.support.factories import LeadFactory
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def history(lead):
    return list(
        LeadEvent.objects.filter(lead=lead).values_list(
            "kind", "actor__username", "old_value", "new_value"
        )
    )


def test_each_change_is_recorded_in_order(sales):
    colleague = staff_user(SALES, username="grace", first_name="Grace")
    lead = LeadFactory()
    before = timezone.now()

    triage.assign(lead, sales, by=sales)
    triage.set_status(lead, "contacted", by=sales)
    note = triage.add_note(lead, "Left a voicemail.", by=sales)
    triage.assign(lead, colleague, by=sales)
    triage.set_status(lead, "qualified", by=colleague)
    triage.set_legal_hold(lead, True, by=colleague)
    triage.assign(lead, None, by=colleague)

    assert history(lead) == [
        ("assignee", "sales", "", "Samuel Mensah"),
        ("status", "sales", "new", "contacted"),
        ("note", "sales", "", ""),
        ("assignee", "sales", "Samuel Mensah", "Grace"),
        ("status", "grace", "contacted", "qualified"),
        ("legal_hold", "grace", "False", "True"),
        ("assignee", "grace", "Grace", ""),
    ]
    assert LeadEvent.objects.get(kind="note").note == note
    assert all(event.created_at >= before for event in LeadEvent.objects.all())


def test_no_change_no_history(sales):
    lead = LeadFactory(assignee=sales)
    assert triage.assign(lead, sales, by=sales) is False
    assert triage.set_status(lead, "new", by=sales) is False
    assert triage.set_legal_hold(lead, False, by=sales) is False
    assert history(lead) == []


def test_the_first_response_is_recorded_once(sales):
    lead = LeadFactory()
    triage.set_status(lead, "contacted", by=sales)
    first = Lead.objects.get(pk=lead.pk).first_response_at
    assert first is not None
    triage.set_status(lead, "new", by=sales)
    triage.set_status(lead, "qualified", by=sales)
    assert Lead.objects.get(pk=lead.pk).first_response_at == first


def test_the_service_compares_with_the_database_not_a_stale_copy(sales):
    lead = LeadFactory()
    stale = Lead.objects.get(pk=lead.pk)
    triage.set_status(lead, "contacted", by=sales)
    triage.set_status(stale, "contacted", by=sales)  # someone else, same change
    assert history(lead) == [("status", "sales", "new", "contacted")]


def test_notes_and_history_are_escaped_on_the_lead_page(sales):
    lead = LeadFactory()
    triage.add_note(lead, XSS, by=sales)
    triage.set_status(lead, "contacted", by=sales)
    html = (
        client_for(sales)
        .get(reverse("admin:leads_lead_change", args=[lead.pk]))
        .content.decode()
    )
    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_change_shows_on_the_callers_copy_of_the_lead(mali, sales):
    lead = LeadFactory(countries=[mali], status="spam")
    triage.set_status(lead, "new", by=sales)
    triage.assign(lead, sales, by=sales)
    assert (lead.status, lead.assignee, lead.assignee_id) == ("new", sales, sales.pk)
    assert lead.response_due_at is not None
