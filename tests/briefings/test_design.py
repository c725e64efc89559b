"""The site's frame: navigation that says where the reader is, a footer that
leads to the consultancy, self-hosted assets, a palette that passes WCAG AA."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.briefing_pages import make_briefing

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SECTIONS = ["Briefings", "Countries", "Topics", "Analysts", "About"]


def current(page):
    return [
        (link.text, link["aria-current"])
        for link in page.html.select("header nav a[aria-current]")
    ]


def test_header_links_every_section_and_the_request_for_interest(django_app):
    make_briefing()

    page = django_app.get(reverse("briefings:home"))

    links = [link.text for link in page.html.select("header nav a")]
    assert links == [*SECTIONS, "Request for Interest"]
    assert current(page) == []


@pytest.mark.parametrize(
    ("section", "expected"),
    [(name, [(name, "page")]) for name in SECTIONS],
)
def test_header_marks_the_page_of_a_section(django_app, section, expected):
    make_briefing()

    page = django_app.get(reverse("briefings:home")).click(section, index=0)

    assert current(page) == expected


def test_header_marks_the_section_of_a_page_inside_it(django_app):
    briefing = make_briefing()
    country = briefing.countries.get()

    assert current(django_app.get(briefing.get_absolute_url())) == [
        ("Briefings", "true")
    ]
    assert current(django_app.get(country.get_absolute_url())) == [
        ("Countries", "true")
    ]
    analyst = briefing.authors.get().get_absolute_url()
    assert current(django_app.get(analyst)) == [("Analysts", "true")]


def test_header_marks_the_request_for_interest_on_the_form(django_app):
    page = django_app.get(reverse("leads:request"))

    assert current(page) == [("Request for Interest", "page")]


def test_footer_leads_to_contact_privacy_feeds(django_app):
    make_briefing()
    home = django_app.get(reverse("briefings:home"))

    footer = {link.text: link["href"] for link in home.html.select("footer a")}

    assert footer["Contact"] == reverse("briefings:contact")
    assert footer["About us"] == reverse("briefings:about")
    assert footer["Privacy notice"] == reverse("leads:privacy")
    assert footer["RSS feed"] == reverse("briefings:feed")
    assert footer["Atom feed"] == reverse("briefings:feed-atom")
    for name in ("Contact", "About us", "Privacy notice", "RSS feed"):
        assert home.click(name, href=footer[name]).status_code == 200


def test_footer_follow_links_come_from_the_settings(django_app, settings):
    settings.SITE_FOLLOW_LINKS = {"LinkedIn": "https://www.linkedin.com/company/x"}

    page = django_app.get(reverse("leads:request"))

    link = page.html.select_one("footer a[rel~=me]")
    assert (link.text, link["href"]) == (
        "LinkedIn",
        "https://www.linkedin.com/company/x",
    )


def test_pages_load_only_the_sites_own_styles_fonts_and_scripts(django_app):
    make_briefing()
    html = django_app.get(reverse("briefings:home")).html

    assets = [tag.get("href") or tag.get("src") for tag in html.select("link, script")]
    external = [
        url
        for url in assets
        if url
        and url.startswith(("http:", "https:", "//"))
        and not url.startswith(settings.SITE_URL)
    ]
    assert external == []
    assert not html.select("[style], style")
    assert all(tag.get("src") for tag in html.select("script:not([type])"))


def test_fonts_are_self_hosted_and_swap():
    css = (ROOT / "static" / "css" / "site.css").read_text()

    faces = [f for f in re.findall(r"@font-face\{([^}]*)\}", css) if "url(" in f]
    assert len(faces) == 4
    for face in faces:
        assert "font-display:swap" in face
        (url,) = re.findall(r"url\(([^)]*)\)", face)
        font = ROOT / "static" / "css" / url.strip("\"'")
        assert font.resolve().is_file(), url


def test_stylesheet_is_built_from_bootstraps_sass_with_our_palette():
    css = (ROOT / "static" / "css" / "site.css").read_text()

    assert "Bootstrap" in css
    assert re.search(r"--bs-primary: ?#13294b", css)
    assert re.search(r"--bs-body-bg: ?#f8f6f1", css)


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette():
    text = (ROOT / "assets" / "scss" / "_palette.scss").read_text()
    return dict(re.findall(r"^\$([\w-]+): (#[0-9a-f]{6});", text, re.M))


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("text", "paper"),
        ("muted", "paper"),
        ("muted", "white"),
        ("ink", "paper"),
        ("ink-soft", "paper"),
        ("ink-soft", "white"),
        ("ochre", "paper"),
        ("white", "ochre"),
        ("white", "ochre-dark"),
        ("white", "ink"),
        ("ochre-dark", "white"),
        ("danger-text", "paper"),
        ("danger-text", "white"),
    ],
)
def test_palette_text_passes_wcag_aa(foreground, background):
    colours = palette() | {"white": "#ffffff"}

    assert contrast(colours[foreground], colours[background]) >= 4.5
