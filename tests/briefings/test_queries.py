"""Every public page, feed, the sitemap and the briefings admin lists cost the
same number of queries with 1 or 30 of everything they show."""

import pytest
from django.db import connection
from django.urls import reverse

from briefings.cache import bump_generation
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    PageFactory,
    RelatedLinkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 30]

# What building each page costs (the generation is already known, see below).
PUBLIC_PAGES = {
    # Featured, latest, countries with their counts, and the cards' subjects.
    "home": 5,
    # Count, page, the cards' countries, the filter form's two lists.
    "list": 5,
    "list-filtered": 7,
    # The briefing, its countries, topics, authors, links, similar briefings
    # and their countries.
    "detail": 7,
    # The country, the count, page and cards' countries of its briefings, and
    # the analysts who cover it.
    "country": 5,
    "topic": 4,
    # Every country with its counts, for the map and the list.
    "countries": 1,
    # The analysts and their countries.
    "analysts": 2,
    # The analyst, their countries, and the count, page and cards' countries of
    # their briefings.
    "analyst": 5,
    "about": 1,
    # Page and the cards' countries, and the count, which PostgreSQL takes from
    # the page's own query.
    "search": 2 if connection.vendor == "postgresql" else 3,
    "feed": 4,
    "feed-atom": 4,
    "country-feed": 5,
    # Each of its six sections counts its items, then reads them (the static
    # one reads nothing).
    "sitemap": 10,
    "robots": 0,
}
# Session, user and its second factor, then the changelist's own queries.
ADMIN_CHANGELISTS = {
    "briefing": 11,
    "country": 6,
    "topic": 6,
    "analyst": 7,
}


@pytest.fixture
def content(request):
    """`size` of everything pages list: briefings (featured and not), subjects,
    authors, related links."""
    size = request.param
    countries = CountryFactory.create_batch(size)
    topics = TopicFactory.create_batch(size)
    authors = AnalystFactory.create_batch(size, countries=countries)
    subjects = {"countries": countries, "topics": topics, "authors": authors}
    briefing, *featured = BriefingFactory.create_batch(size, featured=True, **subjects)
    BriefingFactory.create_batch(size, **subjects)
    for target in featured:
        RelatedLinkFactory(briefing=briefing, target=target)
    RelatedLinkFactory(
        briefing=briefing, target=None, url="https://example.org/a", title="Article"
    )
    PageFactory()
    # Pages are built under a known generation: starting one costs a query
    # (the next scheduled briefing), whatever the content.
    bump_generation()
    return briefing


def public_url(page, briefing):
    country = briefing.countries.first()
    topic = briefing.topics.first()
    return {
        "home": reverse("briefings:home"),
        "list": reverse("briefings:list"),
        "list-filtered": f"{reverse('briefings:list')}?country={country.slug}"
        f"&topic={topic.slug}",
        "detail": briefing.get_absolute_url(),
        "country": country.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "countries": reverse("briefings:countries"),
        "analysts": reverse("briefings:analysts"),
        "analyst": briefing.authors.first().get_absolute_url(),
        "about": reverse("briefings:about"),
        "search": f"{reverse('briefings:search')}?q=briefing",
        "feed": reverse("briefings:feed"),
        "feed-atom": reverse("briefings:feed-atom"),
        "country-feed": reverse("briefings:country-feed", args=[country.slug]),
        "sitemap": reverse("django.contrib.sitemaps.views.sitemap"),
        "robots": reverse("robots"),
    }[page]


@pytest.mark.parametrize("content", SIZES, indirect=True, ids=lambda n: f"{n}-each")
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_query_count_does_not_grow_with_content(
    client, content, page, django_assert_num_queries
):
    url = public_url(page, content)

    with django_assert_num_queries(PUBLIC_PAGES[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("content", SIZES, indirect=True, ids=lambda n: f"{n}-each")
@pytest.mark.parametrize("model", ADMIN_CHANGELISTS)
def test_admin_changelist_query_count_does_not_grow_with_content(
    admin_client, content, model, django_assert_num_queries
):
    url = reverse(f"admin:briefings_{model}_changelist")

    with django_assert_num_queries(ADMIN_CHANGELISTS[model]):
        response = admin_client.get(url)

    assert response.status_code == 200
