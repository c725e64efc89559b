"""The briefings' public pages by name, and a briefing to put behind them."""

from django.urls import reverse

from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    PageFactory,
    TopicFactory,
)

BRIEFING_PAGES = (
    "home",
    "list",
    "list-filtered",
    "detail",
    "country",
    "countries",
    "topic",
    "analysts",
    "analyst",
    "about",
    "contact",
    "search",
    "feed",
    "feed-atom",
    "country-feed",
    "sitemap",
    "robots",
)


def make_briefing():
    """A published briefing with a country, a topic and an author, and the
    consultancy's pages."""
    PageFactory(slug="about")
    PageFactory(slug="contact", title="Contact", address="1 Example Road\nAccra")
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
        "countries": reverse("briefings:countries"),
        "topic": topic.get_absolute_url(),
        "analysts": reverse("briefings:analysts"),
        "analyst": briefing.authors.first().get_absolute_url(),
        "about": reverse("briefings:about"),
        "contact": reverse("briefings:contact"),
        "search": f"{reverse('briefings:search')}?q=security",
        "feed": reverse("briefings:feed"),
        "feed-atom": reverse("briefings:feed-atom"),
        "country-feed": reverse(
            "briefings:country-feed", kwargs={"slug": country.slug}
        ),
        "sitemap": reverse("django.contrib.sitemaps.views.sitemap"),
        "robots": reverse("robots"),
    }[page]
