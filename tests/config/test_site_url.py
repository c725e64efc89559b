"""No request changes what another visitor is served: every absolute URL in
feeds, the sitemap, robots.txt, canonical links, Open Graph and JSON-LD names
SITE_URL, whatever Host, port or scheme the first (caching) request came with.
"""

import re

import pytest
from django.core import mail

from leads.models import Lead
from tests.support.briefing_pages import briefing_url, make_briefing
from tests.support.lead_form import lead_form
from tests.support.production import production_settings

SITE_URL = "https://portal.example.com"
ODD_HOST = "attacker.example:8443"
# What an attacker sends first: an odd Host (allowed here, as a misconfigured
# ALLOWED_HOSTS would), forwarded host and port headers, and the other scheme.
ODD_REQUEST = {
    "HTTP_HOST": ODD_HOST,
    "HTTP_X_FORWARDED_HOST": "forwarded.attacker.example",
    "HTTP_X_FORWARDED_PORT": "8443",
    "secure": True,
}
PAGES = ("detail", "feed", "feed-atom", "country-feed", "sitemap", "robots")
ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>]+""")
# Namespaces and vocabularies in feeds, sitemaps and JSON-LD: not links.
STANDARD_URLS = (
    "http://www.w3.org/",
    "http://www.sitemaps.org/",
    "https://schema.org",
    "http://purl.org/dc/",
)


@pytest.fixture
def briefing(db, settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "attacker.example"]
    return make_briefing()


def links(response):
    return {
        url
        for url in ABSOLUTE_URL.findall(response.content.decode())
        if not url.startswith(STANDARD_URLS)
    }


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("secure", [True, False])
def test_an_odd_host_first_does_not_change_what_a_reader_gets(
    client, briefing, page, secure
):
    url = briefing_url(page, briefing)
    first = client.get(url, **(ODD_REQUEST | {"secure": secure}))
    second = client.get(url)

    for response in (first, second):
        assert response.status_code == 200
        found = links(response)
        assert found, f"{page}: no absolute URL"
        assert all(link.startswith(f"{SITE_URL}/") for link in found), found
        assert "attacker" not in response.content.decode()
        assert "testserver" not in response.content.decode()


def test_canonical_open_graph_and_json_ld_name_site_url(client, briefing):
    client.get(briefing.get_absolute_url(), **ODD_REQUEST)
    html = client.get(briefing.get_absolute_url()).content.decode()

    url = f"{SITE_URL}{briefing.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'"url": "{url}"' in html


def test_production_never_trusts_a_forwarded_host():
    values = production_settings("USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT")
    assert values == {"USE_X_FORWARDED_HOST": False, "USE_X_FORWARDED_PORT": False}


def test_emails_of_a_request_sent_under_an_odd_host_name_site_url(
    django_app, briefing, django_capture_on_commit_callbacks
):
    url = f"/request-for-interest/?briefing={briefing.slug}"
    page = django_app.get(url, extra_environ={"HTTP_HOST": ODD_HOST})
    form = lead_form(page)
    for name, value in {
        "full_name": "Amara Diallo",
        "email": "amara@kilima.example",
        "organisation": "Kilima Mining",
        "job_title": "Head of Risk",
        "help_wanted": "risk_assessment",
        "timeline": "quarter",
        "requirements": "Road access around our sites.",
    }.items():
        form[name] = value
    form["sectors"] = ["mining"]
    form["privacy"] = True
    with django_capture_on_commit_callbacks(execute=True):
        response = form.submit(extra_environ={"HTTP_HOST": ODD_HOST})
    assert response.status_code == 302 and Lead.objects.exists()

    assert len(mail.outbox) == 2  # the sales alert and the acknowledgement
    for message in mail.outbox:
        found = set(ABSOLUTE_URL.findall(message.body))
        assert found and all(link.startswith(f"{SITE_URL}/") for link in found)
        assert "attacker" not in message.body + str(message.extra_headers)
