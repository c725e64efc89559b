"""In Chromium at 1366 px, a sales user sees each request's status, assignee,
age and deadline without scrolling sideways, and the triage pages run clean
under the CSP."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from leads.services.roles import SALES
from tests.support.csp import visit, watched_page
from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    LeadFactory,
    OutgoingEmailFactory,
)
from tests.support.logins import browser_login
from tests.support.mfa import authenticator
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.browser

COLUMNS = ["status", "assigned_to", "age", "response_deadline"]


def a_busy_list():
    sales = staff_user(SALES, username="sales", first_name="Samuel", last_name="Mensah")
    countries = [
        CountryFactory(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("Burkina Faso", "Central African Republic", "Côte d'Ivoire")
    ]
    briefing = BriefingFactory(title="Russia and the Alliance of Sahel States")
    for n, status in enumerate(["new", "new", "contacted", "qualified"] * 3):
        lead = LeadFactory(
            full_name="Oluwaseun Adebayo-Williams",
            organisation="Consolidated Trans-Saharan Infrastructure Holdings",
            countries=countries,
            sectors=["mining", "investment", "construction"],
            source_briefing=briefing,
            status=status,
            assignee=sales if n % 2 else None,
            response_due_at=timezone.now() - timezone.timedelta(hours=n - 4),
        )
        OutgoingEmailFactory(lead=lead, state="failed", last_error="550")
    return lead


def test_the_lead_list_fits_1366_px(live_server, chromium_browser):
    lead = a_busy_list()
    leads = live_server.url + reverse("admin:leads_lead_changelist")
    device = authenticator(get_user_model().objects.get(username="sales"))
    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        page.set_viewport_size({"width": 1366, "height": 768})
        browser_login(page, live_server.url, "sales", PASSWORD, device)
        problems_on_list = visit(page, problems, leads)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        # The table scrolls inside its own box: in view means inside that box.
        in_view = page.evaluate(
            "Math.min(innerWidth, document.querySelector('#changelist .results')"
            ".getBoundingClientRect().right)"
        )
        rights = {
            column: page.evaluate(
                f"document.querySelector('th.column-{column}')"
                ".getBoundingClientRect().right"
            )
            for column in COLUMNS
        }
        problems_on_lead = visit(
            page,
            problems,
            live_server.url + reverse("admin:leads_lead_change", args=[lead.pk]),
        )
        problems_on_correction = visit(
            page,
            problems,
            live_server.url + reverse("admin:leads_lead_correct", args=[lead.pk]),
        )
    assert page_width <= 1366
    assert all(right <= in_view for right in rights.values()), (in_view, rights)
    assert (problems_on_list, problems_on_lead, problems_on_correction) == ([], [], [])
