"""A country's hub: its introduction, where it lies, its latest briefings, the
analysts who cover it, its feed and the call to action."""

import pytest

from tests.support.admin_pages import editor
from tests.support.factories import AnalystFactory, BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mali():
    return CountryFactory(name="Mali", slug="mali", iso_code="ML")


def test_hub_shows_introduction_map_briefings_analysts_feed_and_call_to_action(
    django_app, mali
):
    mali.introduction = "Mali is at the **heart** of the Sahel."
    mali.save()
    BriefingFactory(title="Bamako's new partners", countries=[mali])
    BriefingFactory(title="Drafted", countries=[mali], draft=True)
    AnalystFactory(name="Ama Owusu", title="Senior analyst", countries=[mali])
    AnalystFactory(name="Covers elsewhere")

    page = django_app.get("/countries/mali/")

    html = page.html
    assert html.h1.text == "Mali"
    assert "<strong>heart</strong>" in str(html.select_one("main .prose"))
    highlighted = html.select(".hub-map path.is-highlighted")
    assert len(highlighted) == 1
    assert html.select_one(".hub-map")["aria-label"] == "Mali on the map of Africa"
    titles = [a.text for a in html.select(".hub-briefings .card-title a")]
    assert titles == ["Bamako's new partners"]
    analysts = [a.text for a in html.select("aside .analyst-card a")]
    assert analysts == ["Ama Owusu"]
    assert page.click("Follow Mali by RSS").content_type == "application/rss+xml"
    cta = html.select_one("main .cta")
    assert "Exposed to risk in Mali?" in cta.h2.text
    assert page.click("Request for Interest", index=-2).request.path == (
        "/request-for-interest/"
    )


def test_hub_introduction_is_sanitised(django_app, mali):
    mali.introduction = (
        'Hello <script>alert("x")</script> <img src=x onerror="alert(1)"> '
        "[link](javascript:alert(2))"
    )
    mali.save()

    html = django_app.get("/countries/mali/").text

    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_editor_writes_the_introduction_in_the_admin(django_app, mali):
    user = editor()
    form = django_app.get(
        f"/admin/briefings/country/{mali.pk}/change/", user=user
    ).forms["country_form"]

    form["introduction"] = "## Why it matters\n\nGold, and the roads to it."
    form.submit("_save", user=user).follow()

    page = django_app.get("/countries/mali/")
    assert page.html.select_one("main .prose h2").text == "Why it matters"


def test_country_without_analysts_or_briefings_still_has_a_page(django_app, mali):
    html = django_app.get("/countries/mali/").html

    assert "No briefings on this country are published yet." in html.text
    assert html.select_one("main .cta")
