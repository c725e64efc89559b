"""Sales correct a prospect's details on a request (right to rectification),
each change in the history; managers find prospects by name, organisation
and reference."""

import pytest
from django.urls import reverse

from leads.models import Lead, LeadEvent, Prospect
from leads.services.privacy import erase_prospect
from leads.services.roles import SALES_MANAGERS
from tests.support.changelists import messages
from tests.support.factories import LeadFactory
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

PROSPECTS = reverse("admin:leads_prospect_changelist")


def lead_page(app, lead):
    return app.get(reverse("admin:leads_lead_change", args=[lead.pk]))


@pytest.fixture
def lead(db):
    return LeadFactory(
        full_name="Amara Dialo",
        organisation="Kilima Minig",
        job_title="Head of Risk",
        phone="+27 11 555 0100",
        email="amara@kilima.example",
        requirements="Road access in Kayes.",
    )


def test_sales_correct_details_from_the_lead_page_and_the_history_keeps_them(
    sales_app, lead
):
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    assert form["full_name"].value == "Amara Dialo"
    form["full_name"] = "Amara Diallo"
    form["organisation"] = "Kilima Mining Holdings"
    done = form.submit().follow()

    assert messages(done) == [
        "Corrected: Full name, Organisation. The history keeps the values before."
    ]
    lead.refresh_from_db()
    assert (lead.full_name, lead.organisation) == (
        "Amara Diallo",
        "Kilima Mining Holdings",
    )
    assert (lead.job_title, lead.requirements) == (
        "Head of Risk",
        "Road access in Kayes.",
    )
    rows = [
        [td.text.strip() for td in tr.select("td")][1:]
        for tr in done.html.select(".lead-history tbody tr")
    ]
    assert [
        "Samuel Mensah",
        "Details corrected: full name",
        "Amara Dialo",
        "Amara Diallo",
    ] in rows
    assert [
        "Samuel Mensah",
        "Details corrected: organisation",
        "Kilima Minig",
        "Kilima Mining Holdings",
    ] in rows
    event = LeadEvent.objects.get(field="full_name")
    assert (event.kind, event.actor.username) == ("corrected", "sales")


def test_a_wrong_phone_is_refused_next_to_the_field_and_nothing_changes(
    sales_app, lead
):
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    form["phone"] = "call me maybe"
    form["email"] = "amara@kilima.example\r\nBcc: x@evil.example"
    page = form.submit()
    assert page.status_code == 200
    assert "Use digits, spaces and + ( ) - . / only." in page.text
    assert Lead.objects.get(pk=lead.pk).phone == "+27 11 555 0100"
    assert not LeadEvent.objects.filter(kind="corrected").exists()


def test_the_email_is_corrected_on_the_request(sales_app, lead):
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    form["email"] = "amara.diallo@kilima.example"
    form.submit().follow()
    assert Lead.objects.get(pk=lead.pk).email == "amara.diallo@kilima.example"
    event = LeadEvent.objects.get(field="email")
    assert (event.old_value, event.new_value) == (
        "amara@kilima.example",
        "amara.diallo@kilima.example",
    )


def test_an_erasure_wipes_the_corrections_too(sales_app, lead):
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    form["full_name"] = "Amara Diallo"
    form.submit()
    erase_prospect(lead.prospect, by=None)
    event = LeadEvent.objects.get(kind="corrected")
    assert (event.old_value, event.new_value) == ("[erased]", "[erased]")


@pytest.mark.parametrize("query", ["Amara", "kilima minig", "reference"])
def test_managers_find_prospects_by_name_organisation_and_reference(
    django_app, lead, query
):
    other = LeadFactory(full_name="Li Wei", organisation="Sino Rail")
    app = verified_app(django_app, staff_user(SALES_MANAGERS))
    form = app.get(PROSPECTS).forms["changelist-search"]
    form["q"] = lead.reference if query == "reference" else query
    found = form.submit()
    emails = [a.text for a in found.html.select("#result_list tbody th a")]
    assert emails == [lead.prospect.email]
    assert other.prospect.email not in emails


def test_a_corrected_email_is_how_the_prospect_is_recognised_from_then_on(
    sales_app, lead
):
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    form["email"] = "amara.diallo@kilima.example"
    form.submit().follow()

    lead.prospect.refresh_from_db()
    assert lead.prospect.email == "amara.diallo@kilima.example"
    returning = Prospect.objects.get_or_create_for_email("AMARA.DIALLO@kilima.example")
    assert returning == lead.prospect


def test_an_email_another_prospect_has_leaves_both_records_apart(sales_app, lead):
    other = LeadFactory(prospect__email="amara.diallo@kilima.example").prospect
    before = lead.prospect.email
    form = lead_page(sales_app, lead).click("Correct details").forms["correction-form"]
    form["email"] = "Amara.Diallo@kilima.example"
    assert form.submit().status_code == 302

    lead.refresh_from_db()
    lead.prospect.refresh_from_db()
    assert lead.email == "Amara.Diallo@kilima.example"
    assert lead.prospect.email == before and lead.prospect != other
