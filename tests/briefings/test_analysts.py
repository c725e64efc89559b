"""The people behind the briefings: a list, a profile each, bylines that lead
there, and JSON-LD Person for search engines."""

import json

import pytest
from django.db import IntegrityError
from django.urls import reverse

from tests.support.admin_pages import png
from tests.support.factories import AnalystFactory, BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    person = AnalystFactory(
        name="Ama Owusu",
        slug="ama-owusu",
        title="Senior analyst, Sahel",
        bio="Ten years in the field.\n\nSpeaks Bambara.",
        countries=[niger, mali],
        photo_alt="Portrait of Ama Owusu",
    )
    person.photo.save("ama.png", png(), save=True)
    BriefingFactory(title="Roads of Ménaka", countries=[mali], authors=[person])
    BriefingFactory(title="Not published", authors=[person], draft=True)
    return person


def json_ld(html):
    return json.loads(html.select_one('script[type="application/ld+json"]').string)


def test_analysts_page_lists_each_with_photo_title_and_countries(django_app, analyst):
    page = django_app.get(reverse("briefings:analysts"))

    card = page.html.select_one(".analyst-card")
    assert card.h2.text == "Ama Owusu"
    assert card.select_one(".analyst-title").text == "Senior analyst, Sahel"
    assert card.img["alt"] == "Portrait of Ama Owusu"
    assert "Mali, Niger" in card.text
    assert page.click("Ama Owusu").request.path == "/analysts/ama-owusu/"


def test_profile_shows_photo_bio_countries_and_published_briefings(django_app, analyst):
    html = django_app.get("/analysts/ama-owusu/").html

    assert html.h1.text == "Ama Owusu"
    photo = html.select_one(".analyst-profile img")
    assert photo["alt"] == "Portrait of Ama Owusu"
    assert photo.get("loading") is None  # at the top of the page
    assert [p.text for p in html.select(".prose p")] == [
        "Ten years in the field.",
        "Speaks Bambara.",
    ]
    assert [a.text for a in html.select("aside a.country-pill")] == ["Mali", "Niger"]
    assert [a.text for a in html.select(".card-title a")] == ["Roads of Ménaka"]


def test_profile_carries_json_ld_person(django_app, analyst, settings):
    settings.SITE_URL = "https://portal.example.com"

    data = json_ld(django_app.get("/analysts/ama-owusu/").html)

    assert data["@type"] == "Person"
    assert data["name"] == "Ama Owusu"
    assert data["jobTitle"] == "Senior analyst, Sahel"
    assert data["url"] == "https://portal.example.com/analysts/ama-owusu/"
    assert data["knowsAbout"] == ["Mali", "Niger"]
    assert data["worksFor"]["name"] == "African Security Analysis"
    assert data["image"].startswith("https://portal.example.com/media/analysts/")


def test_every_byline_links_to_the_profile_and_json_ld_names_the_person(
    django_app, analyst, settings
):
    settings.SITE_URL = "https://portal.example.com"
    briefing = analyst.briefings.get(title="Roads of Ménaka")

    page = django_app.get(briefing.get_absolute_url())

    assert page.click("Ama Owusu").request.path == "/analysts/ama-owusu/"
    (author,) = json_ld(page.html)["author"]
    assert author == {
        "@type": "Person",
        "name": "Ama Owusu",
        "url": "https://portal.example.com/analysts/ama-owusu/",
        "jobTitle": "Senior analyst, Sahel",
    }


def test_unknown_analyst_is_404(django_app):
    assert django_app.get("/analysts/nobody/", status=404).status_code == 404


def test_database_refuses_a_photo_without_a_description():
    with pytest.raises(IntegrityError):
        AnalystFactory(photo="analysts/x/ama.png", photo_alt="")
