"""The workspace in Chromium as a member of sales: a card moved on the board
by htmx without leaving it, a task marked done from the lead page (the
button's own formaction), a call logged; every page clean under the CSP and
without sideways scrolling at 390 px: the board, the lead page, the
dashboard, coverage, scoring, organisations and duplicates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import DuplicatePair, Lead, LeadEvent, Organisation, Task
from leads.services import activities
from leads.services.roles import SALES
from tests.support.csp import visit, watched_page
from tests.support.factories import CountryFactory, LeadFactory, RoutingRuleFactory
from tests.support.logins import browser_login
from tests.support.mfa import authenticator
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace(db):
    sales = staff_user(SALES, username="sales", first_name="Samuel", last_name="Mensah")
    mali = CountryFactory(name="Mali")
    lead = LeadFactory(
        organisation="Kilima Mining", countries=[mali], status="new", assignee=sales
    )
    other = LeadFactory(organisation="Sahel Logistics", status="qualified")
    # A pair to review and an organisation, for their wide tables.
    DuplicatePair.objects.create(
        prospect=lead.prospect, other=other.prospect, reasons=["name"]
    )
    Organisation.objects.create(
        name="Kilima Mining", key="kilima mining", domain="kilima-mining.example"
    )
    RoutingRuleFactory(countries=[mali], sectors=["mining"])
    activities.add_task(
        lead,
        by=sales,
        title="Call back",
        due_at=timezone.now() - datetime.timedelta(hours=1),
        owner=sales,
    )
    return sales, lead


def logged_in(browser, live_server, device):
    page, problems = watched_page(browser)
    browser_login(page, live_server.url, "sales", PASSWORD, device)
    return page, problems


def test_sales_move_a_card_mark_a_task_done_and_log_a_call(
    live_server, chromium_browser, workspace
):
    sales, lead = workspace
    board = live_server.url + reverse("leads:pipeline")
    lead_page = live_server.url + reverse("admin:leads_lead_change", args=[lead.pk])
    device = authenticator(sales)  # the database is not for the browser's loop
    with chromium_browser() as browser:
        page, problems = logged_in(browser, live_server, device)
        found = {"board": visit(page, problems, board)}

        card = page.locator(".board-card", has_text="Kilima Mining")
        card.locator("select[name=status]").select_option("contacted")
        with page.expect_response(lambda r: "/move/" in r.url):
            card.get_by_role("button", name="Move").click()
        page.locator("section", has=page.locator("#stage-contacted")).get_by_text(
            "Kilima Mining"
        ).wait_for()
        moved_in_place = page.url == board
        navigations = page.evaluate("performance.getEntriesByType('navigation').length")

        found["lead page"] = visit(page, problems, lead_page)
        page.get_by_role("button", name="Mark done").click()
        page.wait_for_selector("ul.messagelist")
        done_message = page.locator("ul.messagelist").inner_text()

        page.get_by_role("link", name="Log a call, meeting or email").click()
        page.get_by_label("Subject").fill("First call")
        page.get_by_label("Outcome").fill("Wants a proposal")
        page.get_by_role("button", name="Log it").click()
        page.wait_for_selector("#timeline")
        timeline = page.locator("#timeline").inner_text()

    assert found == {"board": [], "lead page": []}
    assert problems == []
    assert moved_in_place and navigations == 1
    lead.refresh_from_db()
    assert lead.status == "contacted"
    assert LeadEvent.objects.filter(lead=lead, kind="status", actor=sales).exists()
    assert "Done: Call back." in done_message
    assert Task.objects.get().done_at is not None
    assert "Call · First call" in timeline and "Wants a proposal" in timeline
    assert Lead.objects.get(pk=lead.pk).activities.count() == 1


@pytest.mark.parametrize("width", [390, 1366])
def test_the_workspace_fits_the_screen(live_server, chromium_browser, workspace, width):
    sales, lead = workspace
    pages = {
        "my day": reverse("leads:workspace"),
        "board": reverse("leads:pipeline"),
        "dashboard": reverse("leads:dashboard"),
        "lead page": reverse("admin:leads_lead_change", args=[lead.pk]),
        "task form": reverse("admin:leads_lead_add_task", args=[lead.pk]),
        "coverage": reverse("leads:coverage"),
        "scoring": reverse("leads:scoring"),
        "organisations": reverse("leads:organisations"),
        "organisation": reverse(
            "leads:organisation", args=[Organisation.objects.get().pk]
        ),
        "duplicates": reverse("leads:duplicates"),
        "new lead": reverse("leads:new_lead"),
    }
    overflow, found = {}, {}
    device = authenticator(sales)
    with chromium_browser() as browser:
        page, problems = logged_in(browser, live_server, device)
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            found[name] = visit(page, problems, live_server.url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                overflow[name] = scroll

    assert {name: f for name, f in found.items() if f} == {}
    assert overflow == {}
