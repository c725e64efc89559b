"""A rejected Request for Interest, on a phone: what went wrong is the first
thing on the page, has the focus, and each message leads to its field."""

import pytest
from django.urls import reverse

from tests.support.factories import CountryFactory
from tests.support.lead_form import fill_in_lead_page

pytestmark = pytest.mark.browser


def test_rejected_form_opens_on_a_summary_linked_to_the_fields(
    live_server, chromium_browser, db
):
    CountryFactory(name="Mali", slug="mali", iso_code="ML")

    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(live_server.url + reverse("leads:request"))
        fill_in_lead_page(page)
        # The browser takes this address; the server does not. No sector either.
        page.get_by_label("Work email").fill("amara@kilima")
        page.get_by_label("Mining").uncheck()
        page.get_by_role("button", name="Send my request").click()
        page.wait_for_load_state("load")

        summary = page.locator("#error-summary")
        focused = page.evaluate("document.activeElement.id")
        in_view = summary.evaluate("(e) => e.getBoundingClientRect().top < innerHeight")
        before_form = summary.evaluate(
            "(e) => !!(e.compareDocumentPosition(document.querySelector('main form'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        links = summary.locator("a").evaluate_all(
            "(links) => links.map((a) => [a.getAttribute('href'), a.textContent])"
        )
        summary.get_by_role("link", name="Work email").click()
        email_focused = page.evaluate("document.activeElement.id")
        summary.get_by_role("link", name="Sectors").click()
        sector_focused = page.evaluate("document.activeElement.id")
        kept = page.get_by_label("Full name").input_value()

    assert focused == "error-summary"
    assert in_view and before_form
    assert [href for href, _text in links] == ["#id_email", "#id_sectors_0"]
    assert "Enter a valid email address" in links[0][1]
    assert email_focused == "id_email"
    assert sector_focused == "id_sectors_0"
    assert kept == "Amara Diallo"
