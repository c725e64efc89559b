"""/privacy/: the versioned notice the form shows, the controller's contact, a
link on every page, and the address a prospect's reply reaches."""

import pytest
from django.core import mail
from django.urls import reverse

from leads import tasks
from tests.support.csp import visit, watched_page
from tests.support.factories import OutgoingEmailFactory

pytestmark = pytest.mark.django_db

PRIVACY = "/privacy/"


@pytest.fixture(autouse=True)
def contact(settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@asa.example"
    settings.LEADS_PRIVACY_NOTICE_VERSION = "2026-11"


def paragraphs(element):
    return [" ".join(p.text.split()) for p in element.select("p")]


def test_the_footer_links_to_the_notice_with_its_version_and_contact(django_app):
    page = django_app.get("/").click(description="Privacy", href=PRIVACY)
    assert page.status_code == 200
    assert "Version 2026-11" in page.text
    contact = page.html.select_one('.privacy-notice a[href="mailto:dpo@asa.example"]')
    assert contact.text == "dpo@asa.example"
    assert "controller" in page.html.select_one(".privacy-notice").text


def test_the_page_shows_the_notice_the_form_shows(django_app):
    form_page = django_app.get(reverse("leads:request"))
    in_form = form_page.html.select_one("details")
    assert "version 2026-11" in in_form.select_one("summary").text
    page = django_app.get(PRIVACY)
    text = page.html.select_one(".privacy-notice")
    # The page's first paragraph gives the version, the form's last links here.
    assert paragraphs(in_form)[:-1] == paragraphs(text)[1:5]
    assert in_form.select_one(f'a[href="{PRIVACY}"]')


def test_the_page_is_cached_for_anonymous_visitors(client, django_assert_num_queries):
    first = client.get(PRIVACY)
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(PRIVACY, {"utm_source": "x"})
    assert again.content == first.content


def test_the_page_is_csp_clean(client):
    response = client.get(PRIVACY)
    html = response.content.decode()
    assert "style=" not in html
    assert "<script>" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_sitemap_lists_the_page(client, settings):
    settings.SITE_URL = "https://portal.example"
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://portal.example/privacy/</loc>" in sitemap


def test_the_acknowledgement_replies_reach_the_monitored_address(settings):
    settings.SITE_URL = "https://portal.example"
    notification = OutgoingEmailFactory()
    tasks.deliver_emails.delay([notification.pk])
    (message,) = mail.outbox
    assert message.reply_to == ["dpo@asa.example"]
    assert "https://portal.example/privacy/" in message.body
    assert not message.from_email.startswith("dpo@")


@pytest.mark.browser
def test_the_page_runs_clean_under_the_csp_in_chromium(live_server, chromium_browser):
    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        found = visit(page, problems, live_server.url + PRIVACY)
        heading = page.text_content("h1")
    assert found == []
    assert heading == "Privacy notice"
