"""The triage list and the lead page, as a member of sales sees them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead, LeadEvent, LeadNote
from leads.services import triage
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    LeadFactory,
    OutgoingEmailFactory,
)
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:leads_lead_changelist")


def change_url(lead):
    return reverse("admin:leads_lead_change", args=[lead.pk])


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {lead.reference for lead in response.context["cl"].result_list}


def test_list_shows_the_triage_columns(sales_client, sales, mali):
    briefing = BriefingFactory(title="Wagner after Wagner")
    lead = LeadFactory(
        full_name="Amara Diallo",
        organisation="Kilima Mining",
        countries=[mali],
        sectors=["mining", "investment"],
        source_briefing=briefing,
        assignee=sales,
        response_due_at=timezone.now() + timedelta(hours=3),
    )
    OutgoingEmailFactory(lead=lead, state="sent", sent_at=timezone.now())
    page = sales_client.get(CHANGELIST).content.decode()
    for text in (
        lead.reference,
        "Amara Diallo",
        "Kilima Mining",
        "Mali",
        "Samuel Mensah",
        "New",
    ):
        assert text in page, text
    # Sectors and source are on the lead page: the list fits 1366 px.
    assert "lead-overdue" not in page
    assert "lead-failed" not in page


def test_overdue_requests_stand_out_with_a_class_not_a_style(sales_client):
    LeadFactory(response_due_at=timezone.now() - timedelta(minutes=1))
    page = sales_client.get(CHANGELIST).content.decode()
    assert '<span class="lead-overdue">' in page
    assert "style=" not in page.split('id="result_list"')[1].split("</table>")[0]


@pytest.fixture
def assortment(sales, mali, niger):
    other = staff_user(SALES, username="other")
    briefing = BriefingFactory()
    now = timezone.now()
    return {
        "mine": LeadFactory(assignee=sales, countries=[mali], sectors=["mining"]),
        "theirs": LeadFactory(assignee=other, countries=[niger], sectors=["financial"]),
        "inbox": LeadFactory(
            countries=[niger],
            sectors=["mining", "construction"],
            source_briefing=briefing,
            response_due_at=now - timedelta(hours=1),
        ),
        "answered": LeadFactory(
            status="contacted",
            response_due_at=now - timedelta(days=3),
            sectors=["other"],
        ),
        "spam": LeadFactory(status="spam", sectors=["other"]),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"mine": "me"}, {"mine"}),
        ({"mine": "nobody"}, {"inbox", "answered"}),
        ({"status": "spam"}, {"spam"}),
        ({"sector": "mining"}, {"mine", "inbox"}),
        ({"deadline": "overdue"}, {"inbox"}),
    ],
)
def test_filters(sales_client, assortment, params, expected):
    assert listed(sales_client, **params) == {
        assortment[name].reference for name in expected
    }


def test_filters_by_assignee_country_and_briefing(sales_client, assortment, niger):
    inbox, theirs = assortment["inbox"], assortment["theirs"]
    assert listed(sales_client, assignee__id__exact=theirs.assignee_id) == {
        theirs.reference
    }
    assert listed(sales_client, countries__id__exact=niger.pk) == {
        inbox.reference,
        theirs.reference,
    }
    assert listed(sales_client, briefing=inbox.source_briefing_id) == {inbox.reference}


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        # SQLite folds the case of ASCII letters only.
        ("full_name", "Олег Петров", "Петров"),
        ("email", "li.wei@sino.example", "sino.example"),
        ("organisation", "Nile Infrastructure", "nile infra"),
        ("requirements", "Evacuation planning for Chad", "evacuation"),
    ],
)
def test_search(sales_client, field, value, query):
    wanted = LeadFactory(**{field: value})
    LeadFactory()
    assert listed(sales_client, q=query) == {wanted.reference}
    assert listed(sales_client, q=wanted.reference) == {wanted.reference}


@pytest.mark.parametrize("count", [1, 60])
def test_list_query_count_does_not_grow_with_the_rows(
    sales_client, sales, django_assert_num_queries, count
):
    countries = CountryFactory.create_batch(3)
    briefing = BriefingFactory()
    for n in range(count):
        lead = LeadFactory(
            countries=countries[: 1 + n % 3],
            sectors=["mining", "other"],
            source_briefing=briefing,
            assignee=sales if n % 2 else None,
        )
        OutgoingEmailFactory(lead=lead)
    # Session, user, its second factor, its permissions (2); the filters'
    # assignees, countries and briefings (the most frequent, their titles);
    # counts (2); a page of leads, their countries, sectors and emails; the
    # date hierarchy (2).
    with django_assert_num_queries(17):
        response = sales_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == min(count, 50)


def test_lead_page_shows_the_request_notes_history_and_other_requests(
    sales_client, sales
):
    lead = LeadFactory(full_name="Amara Diallo", requirements="Road access to Kayes")
    earlier = LeadFactory(prospect=lead.prospect, email=lead.email)
    triage.add_note(lead, "Called; wants a proposal by Friday.", by=sales)
    triage.set_status(lead, "contacted", by=sales)
    OutgoingEmailFactory(lead=lead, state="failed", last_error="550 No such user")

    page = sales_client.get(change_url(lead)).content.decode()
    assert "Road access to Kayes" in page
    assert 'name="requirements"' not in page  # read-only
    assert change_url(earlier) in page and earlier.reference in page
    assert "Called; wants a proposal by Friday." in page
    assert "Samuel Mensah" in page
    assert "Status changed" in page and "contacted" in page
    assert "550 No such user" in page


def test_notes_are_added_with_author_and_time_from_the_server(sales_client, sales):
    lead = LeadFactory()
    before = timezone.now()
    response = sales_client.post(
        change_url(lead),
        {
            "status": "new",
            "assignee": "",
            "note": "First call booked.\r\nThey prefer French.",
            "author": "999",
            "created_at": "2001-01-01 00:00",
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    note = LeadNote.objects.get()
    assert (note.lead, note.author) == (lead, sales)
    assert note.created_at >= before
    assert note.text == "First call booked.\nThey prefer French."
    event = LeadEvent.objects.get()
    assert (event.kind, event.actor, event.note) == ("note", sales, note)


def test_notes_cannot_be_edited_or_deleted_in_the_admin(sales_client, sales):
    lead = LeadFactory()
    note = triage.add_note(lead, "Original text", by=sales)
    page = sales_client.get(change_url(lead)).content.decode()
    assert "Original text" in page
    assert 'name="notes-0-text"' not in page
    response = sales_client.post(
        change_url(lead),
        {
            "status": "new",
            "assignee": "",
            "notes-0-id": str(note.pk),
            "notes-0-text": "Rewritten",
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Original text"


def test_a_note_with_control_characters_is_refused_next_to_the_field(sales_client):
    lead = LeadFactory()
    response = sales_client.post(
        change_url(lead),
        {
            "status": "new",
            "note": "bad\x00note",
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["note"]
    assert not LeadNote.objects.exists()


def test_only_staff_who_work_on_leads_can_be_assigned(sales_client, sales):
    editor = staff_user("Editors")
    lead = LeadFactory()
    page = sales_client.get(change_url(lead))
    choices = {
        choice
        for choice, _label in page.context["adminform"].form.fields["assignee"].choices
    }
    assert sales.pk in {getattr(choice, "value", choice) for choice in choices}
    assert editor.pk not in {getattr(choice, "value", choice) for choice in choices}

    response = sales_client.post(
        change_url(lead),
        {
            "status": "new",
            "assignee": str(editor.pk),
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "assignee" in response.context["adminform"].form.errors
    lead.refresh_from_db()
    assert lead.assignee is None


def test_status_and_assignee_changes_from_the_lead_page_are_in_the_history(
    sales_client, sales
):
    lead = LeadFactory()
    response = sales_client.post(
        change_url(lead),
        {
            "status": "qualified",
            "assignee": str(sales.pk),
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.assignee) == ("qualified", sales)
    assert lead.first_response_at is not None
    assert list(lead.events.values_list("kind", "actor", "old_value", "new_value")) == [
        ("assignee", sales.pk, "", "Samuel Mensah"),
        ("status", sales.pk, "new", "qualified"),
    ]


def test_only_sales_managers_set_a_legal_hold(sales_client):
    lead = LeadFactory()
    data = {
        "status": "new",
        "legal_hold": "on",
        "deal_currency": "USD",
        "emails-TOTAL_FORMS": "0",
        "emails-INITIAL_FORMS": "0",
    }
    assert (
        'name="legal_hold"' not in sales_client.get(change_url(lead)).content.decode()
    )
    sales_client.post(change_url(lead), data)
    lead.refresh_from_db()
    assert lead.legal_hold is False

    manager = client_for(staff_user(SALES_MANAGERS))
    assert manager.post(change_url(lead), data).status_code == 302
    lead.refresh_from_db()
    assert lead.legal_hold is True
    assert lead.events.get().kind == "legal_hold"


def test_list_links_to_the_dashboard(sales_client):
    assert reverse("leads:dashboard") in sales_client.get(CHANGELIST).content.decode()


def test_lead_page_costs_a_constant_number_of_queries(
    sales_client, sales, django_assert_max_num_queries
):
    lead = LeadFactory()
    for n in range(10):
        triage.add_note(lead, f"Note {n}", by=sales)
        LeadFactory(prospect=lead.prospect)
        OutgoingEmailFactory(lead=lead, recipient=f"analyst{n}@asa.example")
    with django_assert_max_num_queries(30):
        assert sales_client.get(change_url(lead)).status_code == 200


def test_received_and_assigned_leads_keep_the_submitted_fields(sales_client, sales):
    lead = LeadFactory(full_name="Amara Diallo", organisation="Kilima")
    sales_client.post(
        change_url(lead),
        {
            "status": "contacted",
            "assignee": str(sales.pk),
            "full_name": "Changed",
            "organisation": "Changed",
            "deal_currency": "USD",
            "emails-TOTAL_FORMS": "0",
            "emails-INITIAL_FORMS": "0",
        },
    )
    lead = Lead.objects.get(pk=lead.pk)
    assert (lead.full_name, lead.organisation) == ("Amara Diallo", "Kilima")
