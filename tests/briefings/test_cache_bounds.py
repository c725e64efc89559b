"""Junk query strings cannot grow the page cache or change the page served.

A page is keyed by the parameters its view reads, read as the view reads them
(the last value wins); searches and unknown filters are not stored, and any
other bad value is a 404, which is never stored.
"""

import random
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.views import PAGE_SIZE
from tests.support.briefing_pages import BRIEFING_PAGES, briefing_url, make_briefing
from tests.support.factories import BriefingFactory, CountryFactory
from tests.support.page_cache import redis_page_cache

pytestmark = pytest.mark.django_db

JUNK_REQUESTS = 1000


@pytest.fixture
def briefing():
    return make_briefing()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def junk_query(rng, briefing):
    """A query string a scanner or a cache-busting bot might send."""

    def word(size):
        return "".join(rng.choices(string.ascii_letters + string.digits, k=size))

    params = [(word(rng.randint(1, 12)), word(rng.randint(0, 40)))]
    params += rng.choice(
        [
            [],
            [("page", str(rng.randint(-5, 10**6)))],
            [("page", "0" * rng.randint(1, 20) + "1")],
            [("country", word(8)), ("country", briefing.countries.get().slug)],
            [("topic", word(12))],
            [("q", word(rng.randint(1, 30)))],
            [("p", str(rng.randint(0, 10**6)))],
            [("utm_source", word(10)), ("fbclid", word(30))],
        ]
    )
    rng.shuffle(params)
    return "&".join(f"{name}={value}" for name, value in params)


@pytest.mark.redis
def test_a_thousand_junk_query_strings_add_almost_nothing_to_redis(
    client, briefing, redis_url, settings
):
    urls = [briefing_url(page, briefing).split("?")[0] for page in BRIEFING_PAGES]
    rng = random.Random(9)
    with redis_page_cache(settings, redis_url, "junk") as (server, prefix):
        for url in urls:
            assert client.get(url).status_code == 200
        legitimate = len(list(server.scan_iter(match=f"{prefix}:*")))

        statuses = set()
        for _ in range(JUNK_REQUESTS):
            url = f"{rng.choice(urls)}?{junk_query(rng, briefing)}"
            statuses.add(client.get(url).status_code)
        after = len(list(server.scan_iter(match=f"{prefix}:*")))

    print(f"cache keys: {legitimate} for the pages, {after} after 1 000 junk URLs")
    assert statuses <= {200, 404}
    # At most the one filtered list a junk query can name with a real country.
    assert after - legitimate <= 1


def test_a_junk_parameter_does_not_change_the_page_served(client):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    BriefingFactory.create_batch(PAGE_SIZE + 1, countries=[mali])
    url = f"{reverse('briefings:list')}?country=mali"

    poisoned = client.get(f"{url}&utm_source=evil-campaign&fbclid=junk")
    reader, cost = queries(client, url)

    assert poisoned.status_code == reader.status_code == 200
    assert cost == 0
    assert reader.content == poisoned.content
    html = reader.content.decode()
    assert "evil-campaign" not in html
    assert 'href="?country=mali&amp;page=2"' in html


def test_a_repeated_parameter_is_read_as_the_view_reads_it(client, briefing):
    CountryFactory(name="Niger", slug="niger", iso_code="NE")
    list_url = reverse("briefings:list")
    client.get(f"{list_url}?country=niger&country=mali")

    last_wins, cost = queries(client, f"{list_url}?country=mali")
    other, _ = queries(client, f"{list_url}?country=mali&country=niger")

    assert cost == 0
    assert "Security outlook for the Sahel" in last_wins.content.decode()
    assert "Security outlook for the Sahel" not in other.content.decode()


@pytest.mark.parametrize(
    "query", ["q=security", "country=nowhere", "topic=nothing", "country=mali&q=x"]
)
def test_searches_and_unknown_filters_are_never_stored(client, briefing, query):
    path = reverse("briefings:search" if "q=" in query else "briefings:list")

    first, _ = queries(client, f"{path}?{query}")
    second, cost = queries(client, f"{path}?{query}")

    assert first.status_code == second.status_code == 200
    assert "private" in second["Cache-Control"]
    assert cost > 0


@pytest.mark.parametrize("page", ["01", "1_0", "\N{FULLWIDTH DIGIT ONE}", "last", ""])
def test_another_spelling_of_a_page_number_is_404(client, briefing, page):
    assert client.get(reverse("briefings:list"), {"page": page}).status_code == 404
    sitemap = reverse("django.contrib.sitemaps.views.sitemap")
    assert client.get(sitemap, {"p": page}).status_code == 404
