import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    PageFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def mali():
    return CountryFactory(name="Mali", slug="mali", iso_code="ML")


@pytest.fixture
def briefings(mali):
    BriefingFactory(title="Live on Mali", slug="live-mali", countries=[mali])
    BriefingFactory(title="Live elsewhere", slug="live-elsewhere")
    BriefingFactory(title="Draft", slug="draft", draft=True, countries=[mali])
    BriefingFactory(title="Scheduled", slug="scheduled", scheduled=True)


def test_rss_feed_lists_published_briefings(client, briefings, settings):
    response = client.get(reverse("briefings:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("./channel/item")
    assert sorted(item.findtext("title") for item in items) == [
        "Live elsewhere",
        "Live on Mali",
    ]
    links = {item.findtext("link") for item in items}
    assert f"{settings.SITE_URL}/briefings/live-mali/" in links


def test_atom_feed_lists_published_briefings(client, briefings):
    response = client.get(reverse("briefings:feed-atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert sorted(entry.findtext(f"{ATOM}title") for entry in entries) == [
        "Live elsewhere",
        "Live on Mali",
    ]


def test_country_feed_lists_only_that_countrys_published_briefings(client, briefings):
    response = client.get(reverse("briefings:country-feed", args=["mali"]))

    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert "Mali" in channel.findtext("title")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Live on Mali"
    ]


def test_unknown_country_feed_is_404(client):
    assert client.get(reverse("briefings:country-feed", args=["x"])).status_code == 404


def test_sitemap_lists_published_briefings_subjects_and_static_pages(
    client, briefings, settings
):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = {
        loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    }
    site = settings.SITE_URL
    assert {
        f"{site}/",
        f"{site}/briefings/",
        f"{site}{reverse('leads:request')}",
        f"{site}/briefings/live-mali/",
        f"{site}/briefings/live-elsewhere/",
        f"{site}/countries/mali/",
    } <= locations
    assert not any("draft" in loc or "scheduled" in loc for loc in locations)


def test_sitemap_leaves_out_countries_without_published_briefings(client):
    lonely = CountryFactory(slug="lonely")
    BriefingFactory(draft=True, countries=[lonely])

    response = client.get("/sitemap.xml")

    assert b"/countries/lonely/" not in response.content


def test_robots_txt_points_to_the_sitemap(client, settings):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_sitemap_lists_analysts_and_the_pages_editors_wrote(client, settings):
    AnalystFactory(slug="ama-owusu")
    PageFactory(slug="about")

    response = client.get("/sitemap.xml")

    locations = {
        loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")
    }
    site = settings.SITE_URL
    assert {
        f"{site}/analysts/",
        f"{site}/analysts/ama-owusu/",
        f"{site}/countries/",
        f"{site}/about/",
    } <= locations
    assert f"{site}/contact/" not in locations  # not written yet: a 404
