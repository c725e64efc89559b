"""Chromium loads every public page, the form and the admin under the CSP with no
policy violation and no console error.

The listener is added with add_init_script, which the browser injects through
its DevTools protocol: it is not an inline script, so the CSP does not block it.
"""

import pytest
from django.contrib.auth import get_user_model

from .pages import ADMIN_PAGES, HTML_PAGES, admin_url, make_content, public_url

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-for-the-browser"

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def open_browser(chromium_path):
    """Start Chromium on demand and return its page and a list of problems seen.

    Everything the database needs is set up before this is called: Playwright
    runs an event loop, inside which Django refuses ORM calls.
    """
    from playwright.sync_api import sync_playwright

    playwright = None

    def launch():
        nonlocal playwright
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        problems = []
        page.on(
            "console",
            lambda message: (
                message.type == "error" and problems.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        return page, problems

    yield launch
    if playwright:
        playwright.stop()


def visit(page, problems, url):
    """Load url and return what went wrong there, if anything."""
    # Scripts, deferred ones included, and load handlers have run by "load".
    response = page.goto(url, wait_until="load")
    found = [*problems, *page.evaluate("window.__violations")]
    problems.clear()
    if response.status != 200:
        found.append(f"status {response.status}")
    return found


def test_public_pages_and_the_form_run_clean_under_the_csp(live_server, open_browser):
    briefing = make_content()
    urls = [public_url(page, briefing) for page in HTML_PAGES]
    page, problems = open_browser()

    failures = {}
    for url in urls:
        if found := visit(page, problems, live_server.url + url):
            failures[url] = found
    assert failures == {}


def test_admin_runs_clean_under_the_csp(live_server, open_browser):
    make_content()
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.com", PASSWORD
    )
    urls = [url for page in ADMIN_PAGES if (url := admin_url(page, user))]
    page, problems = open_browser()

    failures = {}
    login = live_server.url + "/admin/login/"
    if found := visit(page, problems, login):
        failures[login] = found
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    for url in urls:
        if found := visit(page, problems, live_server.url + url):
            failures[url] = found
    assert failures == {}
    assert len(urls) > 3
