"""The briefings' public pages by name, and a briefing to put behind them."""

from django.urls import reverse

from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)

BRIEFING_PAGES = (
    "home",
    "list",
    "list-filtered",
    "detail",
    "country",
    "topic",
    "search",
    "feed",
    "feed-atom",
    "country-feed",
    "sitemap",
    "robots",
)


def make_briefing():
    """A published briefing with a country, a topic and an author."""
    country = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    topic = TopicFactory(name="Armed groups", slug="armed-groups")
    return BriefingFactory(
        title="Security outlook for the Sahel",
        countries=[country],
        topics=[topic],
        authors=[AnalystFactory(countries=[country])],
    )


def briefing_url(page, briefing):
    country = briefing.countries.first()
    topic = briefing.topics.first()
    return {
        "home": reverse("briefings:home"),
        "list": reverse("briefings:list"),
        "list-filtered": f"{reverse('briefings:list')}?country={country.slug}",
        "detail": briefing.get_absolute_url(),
        "country": country.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "search": f"{reverse('briefings:search')}?q=security",
        "feed": reverse("briefings:feed"),
        "feed-atom": reverse("briefings:feed-atom"),
        "country-feed": reverse(
            "briefings:country-feed", kwargs={"slug": country.slug}
        ),
        "sitemap": reverse("django.contrib.sitemaps.views.sitemap"),
        "robots": reverse("robots"),
    }[page]
