import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from briefings.cache import bump_generation
from briefings.views import PAGE_SIZE
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mali():
    return CountryFactory(name="Mali", slug="mali", iso_code="ML")


@pytest.fixture
def niger():
    return CountryFactory(name="Niger", slug="niger", iso_code="NE")


def titles(response):
    return [briefing.title for briefing in response.context["page_obj"]]


def test_home_shows_featured_latest_countries_and_call_to_action(client, mali):
    featured = BriefingFactory(title="Featured one", featured=True, countries=[mali])
    latest = BriefingFactory(title="Latest one")
    BriefingFactory(title="Secret draft", draft=True, featured=True)
    BriefingFactory(title="Not yet", scheduled=True)

    response = client.get(reverse("briefings:home"))

    assert response.status_code == 200
    assert response.context["featured"] == [featured]
    assert list(response.context["latest"]) == [latest]
    assert [(c.name, c.briefing_count) for c in response.context["countries"]] == [
        ("Mali", 1)
    ]
    html = response.content.decode()
    assert "Secret draft" not in html and "Not yet" not in html
    assert f'href="{reverse("leads:request")}"' in html


def test_home_with_no_content_says_so(client):
    response = client.get(reverse("briefings:home"))

    assert response.status_code == 200
    assert "No briefings are published yet." in response.content.decode()


def test_list_shows_published_briefings_newest_first(client):
    now = timezone.now()
    BriefingFactory(title="Older", published_at=now - timezone.timedelta(days=2))
    BriefingFactory(title="Newer", published_at=now - timezone.timedelta(days=1))
    BriefingFactory(title="Draft", draft=True)
    BriefingFactory(title="Scheduled", scheduled=True)

    response = client.get(reverse("briefings:list"))

    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]


def test_list_filters_by_country_and_topic(client, mali, niger):
    sahel = TopicFactory(name="Sahel", slug="sahel")
    BriefingFactory(title="Mali Sahel", countries=[mali], topics=[sahel])
    BriefingFactory(title="Mali only", countries=[mali])
    BriefingFactory(title="Niger Sahel", countries=[niger], topics=[sahel])

    url = reverse("briefings:list")
    assert sorted(titles(client.get(url, {"country": "mali"}))) == [
        "Mali Sahel",
        "Mali only",
    ]
    assert sorted(titles(client.get(url, {"topic": "sahel"}))) == [
        "Mali Sahel",
        "Niger Sahel",
    ]
    assert titles(client.get(url, {"country": "mali", "topic": "sahel"})) == [
        "Mali Sahel"
    ]


@pytest.mark.parametrize(
    "params", [{"country": "atlantis"}, {"topic": "nope"}, {"country": "a\x00b"}]
)
def test_unknown_filter_gives_an_empty_list_not_an_error(client, mali, params):
    BriefingFactory(countries=[mali])

    response = client.get(reverse("briefings:list"), params)

    assert response.status_code == 200
    assert titles(response) == []
    assert "There is no such country or topic." in response.content.decode()


def test_list_paginates_and_keeps_the_filters_in_page_links(client, mali):
    BriefingFactory.create_batch(PAGE_SIZE + 1, countries=[mali])

    first = client.get(reverse("briefings:list"), {"country": "mali"})
    second = client.get(reverse("briefings:list"), {"country": "mali", "page": 2})

    assert len(titles(first)) == PAGE_SIZE
    assert len(titles(second)) == 1
    assert 'href="?country=mali&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("page", ["999", "0", "abc", "-1", "1.5"])
def test_bad_page_is_a_clean_404(client, page):
    BriefingFactory()

    response = client.get(reverse("briefings:list"), {"page": page})

    assert response.status_code == 404


def test_country_page_lists_its_published_briefings(client, mali, niger):
    BriefingFactory(title="On Mali", countries=[mali])
    BriefingFactory(title="On Niger", countries=[niger])
    BriefingFactory(title="Draft on Mali", countries=[mali], draft=True)

    response = client.get(mali.get_absolute_url())

    assert response.status_code == 200
    assert titles(response) == ["On Mali"]
    html = response.content.decode()
    assert "<h1>Mali</h1>" in html
    assert reverse("briefings:country-feed", args=["mali"]) in html


def test_topic_page_lists_its_published_briefings(client):
    water = TopicFactory(name="Water security", slug="water-security")
    BriefingFactory(title="On water", topics=[water])
    BriefingFactory(title="Elsewhere")

    response = client.get(water.get_absolute_url())

    assert response.status_code == 200
    assert titles(response) == ["On water"]


@pytest.mark.parametrize("name", ["briefings:country", "briefings:topic"])
def test_unknown_country_or_topic_is_404(client, name):
    assert client.get(reverse(name, args=["atlantis"])).status_code == 404


def test_search_matches_every_field_of_published_briefings(client):
    BriefingFactory(title="Nile talks")
    BriefingFactory(standfirst="What the NILE dam means")
    BriefingFactory(summary="Summary mentions the nile.")
    BriefingFactory(body="## Water\n\nThe Nile again.")
    BriefingFactory(title="Draft about the Nile", draft=True)
    BriefingFactory(title="Scheduled Nile", scheduled=True)
    BriefingFactory(title="Unrelated")

    response = client.get(reverse("briefings:search"), {"q": "nile"})

    assert response.status_code == 200
    assert response.context["paginator"].count == 4
    assert "4 briefings match" in response.content.decode()


def test_search_requires_every_word(client):
    BriefingFactory(title="Russia and Mali")
    BriefingFactory(title="Russia and Egypt")

    response = client.get(reverse("briefings:search"), {"q": "russia mali"})

    assert titles(response) == ["Russia and Mali"]


@pytest.mark.parametrize("query", ["", "   ", "a\x00b", "x" * 201])
def test_empty_or_invalid_search_gives_no_results_and_no_error(client, query):
    BriefingFactory(title="Anything")

    response = client.get(reverse("briefings:search"), {"q": query})

    assert response.status_code == 200
    assert titles(response) == []


def test_search_escapes_the_query(client):
    response = client.get(reverse("briefings:search"), {"q": "<script>x</script>"})

    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()


def test_detail_shows_the_whole_briefing(client, mali, niger):
    author = AnalystFactory(name="Ama Owusu", title="Lead analyst")
    topic = TopicFactory(name="Defence cooperation")
    briefing = BriefingFactory(
        title="Russia and the AES",
        standfirst="A short standfirst.",
        summary="The executive summary.",
        body="## Military cooperation\n\nDetails.\n\n## Outlook\n\nNext.",
        countries=[mali, niger],
        topics=[topic],
        authors=[author],
    )

    response = client.get(briefing.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "<h1",
        "Russia and the AES",
        "A short standfirst.",
        "The executive summary.",
        'href="#military-cooperation"',
        '<h2 id="outlook">Outlook</h2>',
        f'<a href="{author.get_absolute_url()}" rel="author">Ama Owusu</a>, '
        "Lead analyst",
        "1 min read",
        f'href="{mali.get_absolute_url()}"',
        f'href="{topic.get_absolute_url()}"',
        f'<time datetime="{briefing.published_at.isoformat(timespec="seconds")}"',
    ):
        assert text in html, text
    assert "noindex" not in html
    assert "X-Robots-Tag" not in response.headers


def test_call_to_action_names_the_countries_and_links_to_the_form(client, mali, niger):
    burkina = CountryFactory(name="Burkina Faso", iso_code="BF")
    briefing = BriefingFactory(slug="russia-aes", countries=[burkina, mali, niger])

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert "interests in Burkina Faso, Mali or Niger" in html
    assert f'href="{reverse("leads:request")}?briefing=russia-aes"' in html


def test_editor_text_overrides_the_generated_call_to_action(client, mali):
    briefing = BriefingFactory(countries=[mali], cta_text="Talk to our Mali desk.")

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert "Talk to our Mali desk." in html
    assert "interests in Mali" not in html


def test_detail_has_canonical_url_social_cards_and_json_ld(client, settings, mali):
    settings.SITE_URL = "https://portal.example.com"
    briefing = BriefingFactory(
        slug="aes", title="AES", seo_description="For search engines.", countries=[mali]
    )

    html = client.get(briefing.get_absolute_url()).content.decode()

    url = "https://portal.example.com/briefings/aes/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:description" content="For search engines.">' in html
    card = "https://portal.example.com/briefings/aes/social-card/"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta property="og:image" content="{card}">' in html
    assert f'<meta name="twitter:image" content="{card}">' in html
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "AES"
    assert data["url"] == url
    assert data["about"] == [{"@type": "Country", "name": "Mali"}]
    assert data["image"] == card
    assert data["associatedMedia"] == {
        "@type": "MediaObject",
        "encodingFormat": "application/pdf",
        "contentUrl": "https://portal.example.com/briefings/aes/pdf/",
    }


def json_ld(html):
    match = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_json_ld_cannot_be_closed_by_a_hostile_title(client):
    title = '</script><script>alert("x")</script><!--'
    briefing = BriefingFactory(title=title)

    html = client.get(briefing.get_absolute_url()).content.decode()

    head = html.split("</head>", 1)[0]
    assert head.count("</script>") == 1
    assert "<script>alert" not in html
    assert json_ld(html)["headline"] == title


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_briefing_is_404_for_anonymous(client, trait):
    briefing = BriefingFactory(**{trait: True})

    assert client.get(briefing.get_absolute_url()).status_code == 404


def test_unpublished_briefing_is_404_for_staff_without_permission(
    client, django_user_model
):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(user)
    briefing = BriefingFactory(draft=True)

    assert client.get(briefing.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("trait", "banner"),
    [
        ("draft", "This briefing is a draft"),
        ("scheduled", "This briefing is scheduled"),
    ],
)
def test_staff_can_preview_unpublished_briefings(admin_client, trait, banner):
    briefing = BriefingFactory(title="Coming soon", **{trait: True})

    response = admin_client.get(briefing.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Coming soon" in html
    assert banner in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_published_briefing_is_not_marked_as_preview_for_staff(admin_client):
    briefing = BriefingFactory()

    response = admin_client.get(briefing.get_absolute_url())

    assert "Preview." not in response.content.decode()
    assert "X-Robots-Tag" not in response.headers


def test_unknown_briefing_is_404(client):
    assert client.get(reverse("briefings:detail", args=["nope"])).status_code == 404


def test_pages_have_no_executable_inline_script(client, mali):
    briefing = BriefingFactory(countries=[mali])
    urls = [
        reverse("briefings:home"),
        reverse("briefings:list"),
        briefing.get_absolute_url(),
        mali.get_absolute_url(),
        reverse("briefings:search") + "?q=briefing",
    ]

    for url in urls:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)
        assert " style=" not in html, url


def test_detail_shows_the_updated_date_only_after_a_later_revision(client):
    briefing = BriefingFactory(published_at=timezone.now() - timezone.timedelta(days=3))

    assert "Updated" in client.get(briefing.get_absolute_url()).content.decode()

    briefing.published_at = timezone.now() - timezone.timedelta(hours=2)
    briefing.save()
    bump_generation()  # what the admin does after an editor's save

    assert "Updated" not in client.get(briefing.get_absolute_url()).content.decode()
