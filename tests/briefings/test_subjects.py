"""Browsing by country and topic: every subject listed with its count, in
alphabetical order, each with a page, a feed and a call to action."""

import pytest
from django.urls import reverse

from briefings.models import Country
from tests.support.factories import BriefingFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects():
    """Created out of alphabetical order; Chad and Security have no briefing."""
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    chad = CountryFactory(name="Chad", slug="chad", iso_code="TD")
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    mining = TopicFactory(name="Mining", slug="mining")
    security = TopicFactory(name="Security", slug="security")
    elections = TopicFactory(name="Elections", slug="elections")
    BriefingFactory(title="Gold in Niger", countries=[niger], topics=[mining])
    BriefingFactory(title="Niger votes", countries=[niger], topics=[elections])
    BriefingFactory(title="Mali votes", countries=[mali], topics=[elections])
    BriefingFactory(title="Draft on Chad", countries=[chad], draft=True)
    return {"chad": chad, "security": security}


def listed(page):
    """(name, count) of each subject link in the page's lists, in order."""
    return [
        (link.contents[0].strip(), link.select_one(".badge").contents[0].strip())
        for link in page.html.select("main .subject-list a")
    ]


def test_home_browses_countries_alphabetically(django_app, subjects):
    page = django_app.get(reverse("briefings:home"))

    assert listed(page) == [("Mali", "1"), ("Niger", "2")]


def test_country_list_shows_every_country_with_its_counts(django_app, subjects):
    page = django_app.get(reverse("briefings:home")).click("Countries", index=0)

    assert page.request.path == "/countries/"
    assert [
        (item.a.text, item.span.text) for item in page.html.select(".coverage-list li")
    ] == [
        ("Chad", "0 in 90 days, 0 in all"),
        ("Mali", "1 in 90 days, 1 in all"),
        ("Niger", "2 in 90 days, 2 in all"),
    ]


def test_topic_list_shows_every_topic_with_its_count(django_app, subjects):
    page = django_app.get(reverse("briefings:home")).click("Topics", index=0)

    assert page.request.path == "/topics/"
    assert listed(page) == [("Elections", "2"), ("Mining", "1"), ("Security", "0")]


@pytest.mark.parametrize(
    ("listing", "name"),
    [("briefings:countries", "Chad"), ("briefings:topics", "Security")],
)
def test_subject_without_briefings_still_offers_the_call_to_action(
    django_app, subjects, listing, name
):
    listing_page = django_app.get(reverse(listing))
    link = listing_page.html.select_one(
        f"main :is(.subject-list, .coverage-list) a[href$='/{name.lower()}/']"
    )
    page = listing_page.goto(link["href"])

    assert page.status_code == 200
    cta = page.html.select_one("main .cta")
    assert name in cta.h2.text
    assert cta.select_one("a")["href"].startswith(reverse("leads:request"))
    form = page.goto(cta.select_one("a")["href"]).forms["lead-form"]
    if listing == "briefings:countries":  # the country is ticked, alone
        ticked = [box.value for box in form.fields["countries"] if box.checked]
        assert ticked == [str(Country.objects.get(name=name).pk)]


def test_topic_page_links_its_feed_of_the_topics_briefings(django_app, subjects):
    page = django_app.get(reverse("briefings:topic", kwargs={"slug": "elections"}))

    feed = page.click("Follow Elections by RSS")

    assert feed.content_type == "application/rss+xml"
    titles = [item.find("title").text for item in feed.xml.iter("item")]
    assert sorted(titles) == ["Mali votes", "Niger votes"]
    assert "African Security Analysis: briefings on Elections" in feed.text


def test_unknown_topic_feed_is_404(client):
    response = client.get(reverse("briefings:topic-feed", kwargs={"slug": "nothing"}))

    assert response.status_code == 404
