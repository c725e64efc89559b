"""A prospect in Chromium: from a briefing's call to action, through the form,
to the confirmation page and its reference."""

import re

import pytest
from django.core import mail

from leads.models import Lead
from tests.support.factories import BriefingFactory
from tests.support.lead_form import fill_in_lead_page

pytestmark = pytest.mark.browser


def test_a_prospect_answers_a_briefing_and_gets_a_reference(
    live_server, chromium_browser, mali, niger
):
    from playwright.sync_api import expect

    briefing = BriefingFactory(title="Sahel security outlook", countries=[mali, niger])
    mail.outbox.clear()

    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(live_server.url + briefing.get_absolute_url())
        page.locator(".cta").get_by_role("link").first.click()

        expect(page).to_have_url(re.compile(rf"\?briefing={briefing.slug}$"))
        expect(page.get_by_text("You are responding to:")).to_contain_text(
            "Sahel security outlook"
        )
        expect(page.get_by_label("Mali")).to_be_checked()
        expect(page.get_by_label("Niger")).to_be_checked()
        expect(page.get_by_label("Send me new briefings by email")).not_to_be_checked()

        fill_in_lead_page(
            page,
            requirements="We are weighing a new site near the border.\n"
            "What should we know?",
        )
        page.get_by_role("button", name="Send my request").click()

        expect(page).to_have_url(re.compile(r"/request-for-interest/thanks/ASA-\w+/$"))
        reference = page.locator("[data-reference]").inner_text()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")

    lead = Lead.objects.get(reference=reference)
    assert lead.source_briefing == briefing
    assert set(lead.countries.all()) == {mali, niger}
    assert lead.requirements.endswith("What should we know?")
    assert lead.marketing_opt_in is False
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amara@kilima.example",
        "sales@asa.example",
    ]
