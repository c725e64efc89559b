"""Chromium loads every public page, the form and the admin under the CSP with no
policy violation and no console error."""

import base64

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp

from tests.support.csp import visit, watched_page
from tests.support.pages import (
    ADMIN_PAGES,
    HTML_PAGES,
    admin_url,
    make_content,
    public_url,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-for-the-browser"


def test_public_pages_and_the_form_run_clean_under_the_csp(
    live_server, chromium_browser
):
    briefing = make_content()
    urls = [public_url(page, briefing) for page in HTML_PAGES]

    failures = {}
    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        for url in urls:
            if found := visit(page, problems, live_server.url + url):
                failures[url] = found
    assert failures == {}


def test_admin_runs_clean_under_the_csp(live_server, chromium_browser):
    make_content()
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.com", PASSWORD
    )
    urls = [url for page in ADMIN_PAGES if (url := admin_url(page, user))]

    failures = {}
    login = live_server.url + "/admin/login/"
    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        if found := visit(page, problems, login):
            failures[login] = found
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        # The second step, set up on this first login.
        page.wait_for_url(live_server.url + "/staff/account/two-step/set-up/*")
        if found := visit(page, problems, page.url):
            failures["two-step set-up"] = found
        secret = page.text_content("code.two-step-secret").strip()
        page.fill("#id_code", f"{totp(base64.b32decode(secret)):06d}")
        page.click("input[type=submit]")
        page.click("text=I have saved them: continue")
        page.wait_for_url(live_server.url + "/admin/")
        for url in urls:
            if found := visit(page, problems, live_server.url + url):
                failures[url] = found
    assert failures == {}
    assert len(urls) > 3
