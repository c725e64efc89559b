"""The lead list and page as sales use them all day: open work first, spam and
closed requests a click away, the next lead a button away, links to write or
call, words and local times rather than codes. (Its width: test_lead_list_browser.)"""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from leads.services import triage
from leads.services.roles import SALES
from tests.support.changelists import choose
from tests.support.factories import LeadFactory
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

LEADS = reverse("admin:leads_lead_changelist")


@pytest.fixture
def one_of_each(db):
    return {
        status: LeadFactory(status=status)
        for status in (
            "new",
            "contacted",
            "qualified",
            "proposal_sent",
            "won",
            "lost",
            "spam",
        )
    }


def listed(page):
    return {a.text for a in page.html.select("#result_list tbody th a")}


def status_filter(page):
    (heading,) = [
        h
        for h in page.html.select("#changelist-filter details")
        if h.select_one("summary").text.strip() == "By status"
    ]
    return heading


def test_the_list_opens_on_open_work_with_spam_and_closed_a_click_away(
    sales_app, one_of_each
):
    page = sales_app.get(LEADS)
    refs = {status: lead.reference for status, lead in one_of_each.items()}
    open_work = {refs[s] for s in ("new", "contacted", "qualified", "proposal_sent")}
    assert listed(page) == open_work
    chosen = status_filter(page).select_one("li.selected a")
    assert chosen.text.strip() == "Open work"

    assert listed(page.click("^Spam$", href="status=spam")) == {refs["spam"]}
    closed = page.click(r"^Closed \(won or lost\)$")
    assert listed(closed) == {refs["won"], refs["lost"]}
    assert listed(page.click("^All$", href="status=all")) == set(refs.values())


def test_a_search_looks_through_every_status(sales_app, one_of_each):
    form = sales_app.get(LEADS).forms["changelist-search"]
    form["q"] = one_of_each["won"].reference
    assert listed(form.submit()) == {one_of_each["won"].reference}


def test_the_sales_inbox_leaves_spam_out(sales_app, one_of_each):
    every_status = status_filter(sales_app.get(LEADS)).select("a")[-1]
    assert every_status.text.strip() == "All"
    inbox = sales_app.get(LEADS + every_status["href"]).click(
        r"Unassigned \(sales inbox\)"
    )
    assert one_of_each["new"].reference in listed(inbox)
    assert one_of_each["won"].reference in listed(inbox)
    assert one_of_each["spam"].reference not in listed(inbox)


def test_the_assignee_filter_shows_names(sales_app, sales):
    grace = staff_user(SALES, username="grace", first_name="Grace", last_name="Ade")
    LeadFactory(assignee=sales)
    LeadFactory(assignee=grace)
    page = sales_app.get(LEADS)
    (assignees,) = [
        d
        for d in page.html.select("#changelist-filter details")
        if d.select_one("summary").text.strip() == "By assignee"
    ]
    names = [a.text.strip() for a in assignees.select("li a")]
    assert names == ["All", "Grace Ade", "Samuel Mensah", "-"]


def test_save_and_go_to_the_next_lead(sales_app):
    older, newer = LeadFactory(), LeadFactory()
    LeadFactory(status="won")  # closed: not next
    form = sales_app.get(reverse("admin:leads_lead_change", args=[newer.pk])).forms[
        "lead_form"
    ]
    form["status"] = "contacted"
    page = form.submit("_save_next").follow()
    assert page.request.path == reverse("admin:leads_lead_change", args=[older.pk])
    newer.refresh_from_db()
    assert newer.status == "contacted"
    last = page.forms["lead_form"].submit("_save_next").follow()
    assert last.request.path == LEADS


def test_the_lead_page_puts_the_requirements_first_with_links_to_write_and_call(
    sales_app,
):
    lead = LeadFactory(
        email="amara@kilima.example",
        phone="+27 (11) 555-0100",
        requirements="Road access in Kayes.\nAnd power.",
    )
    page = sales_app.get(reverse("admin:leads_lead_change", args=[lead.pk]))
    first = page.html.select("#lead_form fieldset")[0]
    assert first.select_one("h2").text == "Request"
    assert "Road access in Kayes." in first.text
    assert page.html.select_one('a[href="mailto:amara@kilima.example"]')
    assert page.html.select_one('a[href="tel:+27115550100"]').text == (
        "+27 (11) 555-0100"
    )
    # Help written for the prospect filling in the form is not for staff.
    for prospect_help in (
        "Please leave out anything confidential",
        "We reply to this address.",
        "Include the country code",
    ):
        assert prospect_help not in page.text


def test_history_and_exports_show_words_and_local_times(sales_app, sales, settings):
    settings.TIME_ZONE = "Africa/Lagos"  # UTC+1
    with time_machine.travel(datetime(2026, 12, 1, 9, 30, tzinfo=UTC), tick=False):
        lead = LeadFactory(marketing_opt_in=True)
        triage.set_status(lead, "proposal_sent", by=sales)
        triage.set_legal_hold(lead, True, by=sales)

        page = sales_app.get(reverse("admin:leads_lead_change", args=[lead.pk]))
        rows = [
            [td.text.strip() for td in tr.select("td")]
            for tr in page.html.select(".lead-history tbody tr")
        ]
        assert rows[0][2:] == ["Status changed", "New", "Proposal sent"]
        assert rows[1][2:] == ["Legal hold changed", "no", "yes"]
        assert "10:30" in rows[0][0] and "WAT" in rows[0][0]

        exported = choose(sales_app.get(LEADS), "export_leads", lead)
    row = next(csv.DictReader(io.StringIO(exported.body.decode("utf-8-sig"))))
    assert row["Received (Africa/Lagos)"] == "2026-12-01 10:30"
    assert row["Status"] == "Proposal sent"
    assert row["Agreed to receive briefings by email"] == "yes"
