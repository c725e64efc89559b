"""First touch in Chromium: a visitor lands on a briefing from a campaign link
on another site, follows the call to action and sends the form; the request
records that site and the campaign, with JavaScript and without."""

import re

import pytest

from leads.models import Lead
from tests.support.factories import BriefingFactory
from tests.support.lead_form import fill_in_lead_page

pytestmark = pytest.mark.browser

CAMPAIGN = "?utm_source=linkedin&utm_medium=social&utm_campaign=x"
LINKEDIN = "https://www.linkedin.com/feed/"


def fill_and_send(page):
    fill_in_lead_page(page)
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(re.compile(r"/thanks/ASA-\w+/$"))
    return page.locator("[data-reference]").inner_text()


def land_and_answer(browser, url, *, javascript=True, referer=LINKEDIN):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url, referer=referer)
    page.locator(".cta").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/request-for-interest/\?"))
    form_url = page.url
    reference = fill_and_send(page)
    context.close()
    return form_url, reference


@pytest.fixture
def briefing(db, mali):
    return BriefingFactory(title="Sahel security outlook", countries=[mali])


def test_the_campaign_and_the_referring_site_reach_the_request(
    live_server, chromium_browser, briefing
):
    landing = live_server.url + briefing.get_absolute_url() + CAMPAIGN
    with chromium_browser() as browser:
        form_url, reference = land_and_answer(browser, landing)

    assert "referrer=www.linkedin.com" in form_url
    lead = Lead.objects.get(reference=reference)
    assert lead.source_briefing == briefing
    assert lead.referrer_domain == "www.linkedin.com"
    assert lead.utm == {
        "utm_source": "linkedin",
        "utm_medium": "social",
        "utm_campaign": "x",
    }


def test_without_javascript_the_campaign_still_arrives_and_the_site_is_no_referrer(
    live_server, chromium_browser, briefing
):
    landing = live_server.url + briefing.get_absolute_url() + CAMPAIGN
    with chromium_browser() as browser:
        form_url, reference = land_and_answer(browser, landing, javascript=False)

    assert form_url.endswith(f"?briefing={briefing.slug}")
    lead = Lead.objects.get(reference=reference)
    assert lead.source_briefing == briefing
    assert lead.utm == {
        "utm_source": "linkedin",
        "utm_medium": "social",
        "utm_campaign": "x",
    }
    # The Referer was the briefing page: this site, not a referrer.
    assert lead.referrer_domain == ""


def test_a_visit_that_entered_elsewhere_on_the_site_records_no_referrer(
    live_server, chromium_browser, briefing
):
    # The briefing was reached from the home page: not where the visit entered.
    landing = live_server.url + briefing.get_absolute_url()
    with chromium_browser() as browser:
        form_url, reference = land_and_answer(
            browser, landing, referer=live_server.url + "/"
        )

    assert form_url.endswith(f"?briefing={briefing.slug}")
    lead = Lead.objects.get(reference=reference)
    assert (lead.referrer_domain, lead.utm) == ("", {})


def test_a_direct_landing_on_the_form_keeps_its_referrer_and_campaign(
    live_server, chromium_browser, mali
):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(
            live_server.url + "/request-for-interest/?utm_source=newsletter",
            referer="https://news.example/issue-12",
        )
        reference = fill_and_send(page)

    lead = Lead.objects.get(reference=reference)
    assert (lead.referrer_domain, lead.utm) == (
        "news.example",
        {"utm_source": "newsletter"},
    )
    assert lead.source_briefing is None
