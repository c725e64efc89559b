"""The follow box in Chromium: with JavaScript one step, without it two, and
the same confirmation email either way; no console or CSP error."""

import pytest

from leads.models import OutgoingEmail
from tests.support.csp import visit, watched_page
from tests.support.factories import BriefingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def briefing(db, mali):
    return BriefingFactory(title="Sahel security outlook", countries=[mali])


@pytest.mark.parametrize("javascript", [True, False])
def test_following_from_a_briefing_page(
    live_server, chromium_browser, briefing, javascript
):
    with chromium_browser() as browser:
        context = browser.new_context(java_script_enabled=javascript)
        page, errors = (
            watched_page(context) if javascript else (context.new_page(), None)
        )
        url = live_server.url + briefing.get_absolute_url()
        if javascript:
            assert visit(page, errors, url) == []
        else:
            page.goto(url)
        box = page.locator("#follow-box")
        box.get_by_label("Your email").fill("reader@example.org")
        if javascript:
            page.wait_for_selector("#follow-box input[name=stamp]", state="attached")
        box.get_by_role("button", name="Follow").click()
        if not javascript:
            assert "check your choice" in page.content()
            page.locator("#follow-form").get_by_role(
                "button", name="Send me the confirmation email"
            ).click()
        page.wait_for_url("**/alerts/follow/sent/")
        context.close()

    email = OutgoingEmail.objects.get(kind="confirm_alerts")
    assert email.recipient == "reader@example.org"
