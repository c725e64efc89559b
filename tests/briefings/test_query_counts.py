"""Pages cost the same number of queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.cache import bump_generation
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    RelatedLinkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def content_generation():
    """Count what building a page costs, not starting a generation (one query)."""
    bump_generation()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def subjects():
    return CountryFactory.create_batch(2), TopicFactory.create_batch(2)


def make_briefing(subjects, links):
    countries, topics = subjects
    briefing = BriefingFactory(
        countries=countries, topics=topics, authors=AnalystFactory.create_batch(2)
    )
    BriefingFactory.create_batch(5, countries=countries, topics=topics)
    for _ in range(links):
        RelatedLinkFactory(
            briefing=briefing, target=BriefingFactory(countries=countries)
        )
    return briefing


@pytest.mark.parametrize("links", [0, 1, 10, 100])
def test_detail_query_count_does_not_grow_with_related_links(
    client, subjects, links, django_assert_num_queries
):
    briefing = make_briefing(subjects, links)

    # The briefing, its countries, topics, authors and links, similar briefings
    # and their countries.
    with django_assert_num_queries(7):
        response = client.get(briefing.get_absolute_url())

    assert len(response.context["curated_links"]) == links


@pytest.mark.parametrize("count", [1, 20, 200])
def test_list_query_count_does_not_grow_with_briefings(
    client, subjects, count, django_assert_num_queries
):
    countries, topics = subjects
    BriefingFactory.create_batch(count, countries=countries, topics=topics)

    # Count, page, their countries, the filter form's two lists.
    with django_assert_num_queries(5):
        client.get(reverse("briefings:list"))


@pytest.mark.parametrize("count", [1, 20])
def test_other_pages_query_count_does_not_grow(client, subjects, count):
    countries, topics = subjects
    BriefingFactory(countries=countries, topics=topics, featured=True)
    BriefingFactory.create_batch(count, countries=countries, topics=topics)
    urls = [
        reverse("briefings:home"),
        countries[0].get_absolute_url(),
        topics[0].get_absolute_url(),
        reverse("briefings:search") + "?q=briefing",
        reverse("briefings:feed"),
        reverse("briefings:country-feed", args=[countries[0].slug]),
        "/sitemap.xml",
    ]

    assert {url: count_queries(client, url) for url in urls} == {
        reverse("briefings:home"): 5,
        countries[0].get_absolute_url(): 5,
        topics[0].get_absolute_url(): 4,
        # PostgreSQL counts the results in the page's own query.
        reverse("briefings:search") + "?q=briefing": (
            2 if connection.vendor == "postgresql" else 3
        ),
        reverse("briefings:feed"): 4,
        reverse("briefings:country-feed", args=[countries[0].slug]): 5,
        "/sitemap.xml": 8,
    }
