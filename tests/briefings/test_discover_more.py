import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    RelatedLinkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timezone.timedelta(days=days)


@pytest.fixture
def subjects():
    countries = CountryFactory.create_batch(3)
    topics = TopicFactory.create_batch(2)
    return countries, topics


def discover_more(client, briefing):
    response = client.get(briefing.get_absolute_url())
    assert response.status_code == 200
    curated = [link.link_title for link in response.context["curated_links"]]
    similar = [other.title for other in response.context["similar_briefings"]]
    return curated, similar, response.content.decode()


def test_curated_links_come_first_in_editor_order(client, subjects):
    countries, _ = subjects
    briefing = BriefingFactory(countries=countries)
    second = BriefingFactory(title="Second pick")
    first = BriefingFactory(title="First pick")
    RelatedLinkFactory(briefing=briefing, target=second, position=2)
    RelatedLinkFactory(briefing=briefing, target=first, position=1)
    BriefingFactory(title="Similar", countries=countries)

    curated, similar, html = discover_more(client, briefing)

    assert curated == ["First pick", "Second pick"]
    assert similar == ["Similar"]
    assert html.index("First pick") < html.index("Second pick") < html.index("Similar")


def test_external_article_shows_title_teaser_and_url(client):
    briefing = BriefingFactory()
    RelatedLinkFactory(
        briefing=briefing,
        target=None,
        url="https://news.example.org/nile",
        title="Nile analysis elsewhere",
        teaser="A useful outside read.",
    )

    curated, _, html = discover_more(client, briefing)

    assert curated == ["Nile analysis elsewhere"]
    assert 'href="https://news.example.org/nile"' in html
    assert "A useful outside read." in html
    assert "External article" in html


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_curated_link_to_an_unpublished_briefing_is_hidden(client, trait):
    briefing = BriefingFactory()
    RelatedLinkFactory(briefing=briefing, target=BriefingFactory(**{trait: True}))

    curated, similar, html = discover_more(client, briefing)

    assert curated == similar == []
    assert "Discover more" not in html


def test_similar_briefings_rank_by_shared_countries_and_topics_then_date(
    client, subjects
):
    (a, b, c), (t1, t2) = subjects
    briefing = BriefingFactory(countries=[a, b], topics=[t1, t2])
    BriefingFactory(title="One shared, new", countries=[a], published_at=days_ago(1))
    BriefingFactory(title="One shared, old", topics=[t2], published_at=days_ago(9))
    BriefingFactory(
        title="Three shared", countries=[a, b], topics=[t1], published_at=days_ago(20)
    )
    BriefingFactory(
        title="Two shared", countries=[b, c], topics=[t2], published_at=days_ago(30)
    )
    BriefingFactory(title="Nothing shared", countries=[c])
    BriefingFactory(title="Draft", countries=[a, b], topics=[t1, t2], draft=True)
    BriefingFactory(title="Scheduled", countries=[a, b], scheduled=True)

    _, similar, _ = discover_more(client, briefing)

    assert similar == [
        "Three shared",
        "Two shared",
        "One shared, new",
        "One shared, old",
    ]


def test_similar_briefings_are_limited_and_never_repeat_curated_ones(client, subjects):
    countries, _ = subjects
    briefing = BriefingFactory(countries=countries)
    picked = BriefingFactory(title="Picked", countries=countries)
    RelatedLinkFactory(briefing=briefing, target=picked, position=1)
    RelatedLinkFactory(briefing=briefing, target=picked, position=2)
    BriefingFactory.create_batch(6, countries=countries)

    curated, similar, _ = discover_more(client, briefing)

    assert curated == ["Picked"]
    assert "Picked" not in similar
    assert len(similar) == 4
    assert briefing.title not in similar


def test_briefing_cannot_link_to_itself():
    briefing = BriefingFactory()

    with pytest.raises(IntegrityError):
        RelatedLinkFactory(briefing=briefing, target=briefing)


def test_external_link_needs_a_title():
    with pytest.raises(IntegrityError):
        RelatedLinkFactory(target=None, url="https://example.org/", title="")


def test_briefing_without_countries_or_topics_has_no_similar_briefings(client):
    briefing = BriefingFactory()
    BriefingFactory()

    curated, similar, _ = discover_more(client, briefing)

    assert curated == similar == []
