"""Chromium loads the dashboard and the triage pages under the CSP with no
policy violation and no console error."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from leads.models import ErasureRecord, RoutingRule, RoutingRuleChange
from leads.services import triage
from leads.services.privacy import erase_prospect
from leads.services.roles import SALES_MANAGERS
from leads.services.routing import save_with_history
from tests.support.csp import visit, watched_page
from tests.support.factories import (
    BriefingFactory,
    LeadFactory,
    LeadRecipientFactory,
    OutgoingEmailFactory,
)
from tests.support.logins import browser_login
from tests.support.mfa import authenticator
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.browser


def make_pages(mali):
    """A manager, and something behind every triage page."""
    manager = staff_user(SALES_MANAGERS, username="manager")
    briefing = BriefingFactory(title="Sahel outlook", countries=[mali])
    for status in ("new", "contacted", "won", "lost"):
        lead = LeadFactory(
            countries=[mali],
            source_briefing=briefing,
            status=status,
            full_name="Олег Петров",
            response_due_at=timezone.now() - timezone.timedelta(hours=1),
        )
        OutgoingEmailFactory(lead=lead)
    triage.add_note(lead, "Called back.", by=manager)
    triage.set_status(lead, "won", by=manager)
    rule = save_with_history(
        RoutingRule(),
        by=manager,
        related={"countries": [mali], "recipients": [LeadRecipientFactory()]},
    )
    erase_prospect(LeadFactory().prospect, by=manager)
    return {
        "dashboard": reverse("leads:dashboard"),
        "lead list": reverse("admin:leads_lead_changelist"),
        "overdue": reverse("admin:leads_lead_changelist") + "?deadline=overdue",
        "lead page": reverse("admin:leads_lead_change", args=[lead.pk]),
        "rule page": reverse("admin:leads_routingrule_change", args=[rule.pk]),
        "rule changes": reverse("admin:leads_routingrulechange_changelist"),
        "rule change": reverse(
            "admin:leads_routingrulechange_change",
            args=[RoutingRuleChange.objects.get().pk],
        ),
        "erasures": reverse("admin:leads_erasurerecord_changelist"),
        "erasure": reverse(
            "admin:leads_erasurerecord_change", args=[ErasureRecord.objects.get().pk]
        ),
        "prospects": reverse("admin:leads_prospect_changelist"),
        "index": reverse("admin:index"),
    }


def test_triage_pages_and_dashboard_run_clean_under_the_csp(
    live_server, chromium_browser, mali
):
    urls = make_pages(mali)
    device = authenticator(get_user_model().objects.get(username="manager"))

    failures = {}
    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        browser_login(page, live_server.url, "manager", PASSWORD, device)

        for name, url in urls.items():
            if found := visit(page, problems, live_server.url + url, until_idle=True):
                failures[name] = found

    assert failures == {}
