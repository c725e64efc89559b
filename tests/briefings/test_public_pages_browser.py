"""Every public page in Chromium, as a prospect sees it: nothing wider than a
phone's screen, and no serious or critical accessibility violation (axe-core)."""

import pytest
from django.urls import NoReverseMatch, reverse

from leads.models import new_reference
from tests.support.axe import serious_violations, with_axe
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)
from tests.support.lead_form import fill_in_lead_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# What editors paste into briefings: a wide table, a long link, a quotation, a
# long identifier in code, and a word without a break.
BODY = """## Incidents by region

| Region | Attacks 2025 | Attacks 2026 | Change | Main groups | Road status |
| --- | ---: | ---: | ---: | --- | --- |
| Ménaka | 41 | 63 | +54 % | ISGS, local self-defence militias | Closed to convoys |
| Gao | 28 | 22 | −21 % | JNIM, Dozo hunters' militias | Open with escort |

## Sources

> “The corridor is open by day and nobody's by night,” a transporter in Gao
> told us in October.

Read the [report](https://example.org/reports/2026/sahel/security/corridors/annex-b-incident-database-methodology-and-definitions.pdf)
at https://example.org/reports/2026/sahel/security/corridors/annex-b-incident-database-methodology-and-definitions.pdf

    curl https://data.example.org/api/v2/incidents?region=menaka&from=2025-01-01&to=2026-10-31&format=csv

Counterterrorismcoordinationmechanismsecretariatheadquarters staff moved.
"""


def make_site():
    """A small published site, and the path of each of its public pages."""
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    chad = CountryFactory(name="Chad", slug="chad", iso_code="TD")
    groups = TopicFactory(name="Armed groups", slug="armed-groups")
    briefing = BriefingFactory(
        title="Roads of the Ménaka corridor: who controls what, by day and by night",
        standfirst="Convoys move by day under escort; by night the road changes hands.",
        body=BODY,
        countries=[mali],
        topics=[groups],
        authors=[AnalystFactory(name="Ama Owusu", countries=[mali])],
        featured=True,
    )
    BriefingFactory.create_batch(3, countries=[mali], topics=[groups])
    paths = {
        "home": reverse("briefings:home"),
        "list": reverse("briefings:list"),
        "list filtered": reverse("briefings:list") + "?country=mali",
        "detail": briefing.get_absolute_url(),
        "country": mali.get_absolute_url(),
        "country without briefings": chad.get_absolute_url(),
        "topic": groups.get_absolute_url(),
        "countries": reverse("briefings:countries"),
        "topics": reverse("briefings:topics"),
        "search": reverse("briefings:search") + "?q=corridor",
        "search without result": reverse("briefings:search") + "?q=nothing",
        "form": reverse("leads:request"),
        "form for a briefing": reverse("leads:request") + f"?briefing={briefing.slug}",
        "thanks": reverse("leads:thanks", kwargs={"reference": new_reference()}),
    }
    try:
        paths["privacy"] = reverse("leads:privacy")
    except NoReverseMatch:
        pass
    return paths


def submit_rejected_form(page, base_url):
    """The form sent with an address the browser accepts and the server refuses,
    and no sector."""
    page.goto(base_url + reverse("leads:request"))
    fill_in_lead_page(page)
    page.get_by_label("Work email").fill("amara@kilima")
    page.get_by_label("Mining").uncheck()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_load_state("load")


WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def overflow(page):
    """How far the page scrolls sideways, and the elements sticking out."""
    extra = page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
    return (extra, page.evaluate(WIDER_THAN_SCREEN)) if extra > 0 else None


def test_no_public_page_is_wider_than_a_phone(live_server, chromium_browser, db):
    paths = make_site()

    wide = {}
    with chromium_browser() as browser:
        page = browser.new_page(viewport=PHONE)
        for name, path in paths.items():
            page.goto(live_server.url + path, wait_until="load")
            if found := overflow(page):
                wide[name] = found
        submit_rejected_form(page, live_server.url)
        if found := overflow(page):
            wide["rejected form"] = found
        page.goto(live_server.url + "/no-such-page/", wait_until="load")
        if found := overflow(page):
            wide["not found"] = found

    assert wide == {}


def test_every_public_page_passes_axe(live_server, chromium_browser, db):
    paths = make_site()

    failures = {}
    with chromium_browser() as browser:
        for viewport in (DESKTOP, PHONE):
            page = with_axe(browser.new_context(viewport=viewport)).new_page()
            visited = {}
            for name, path in paths.items():
                response = page.goto(live_server.url + path, wait_until="load")
                assert response.status == 200, name
                visited[name] = serious_violations(page)
            submit_rejected_form(page, live_server.url)
            visited["rejected form"] = serious_violations(page)
            response = page.goto(live_server.url + "/no-such-page/", wait_until="load")
            assert response.status == 404
            visited["not found"] = serious_violations(page)
            failures |= {
                f"{name} at {viewport['width']}": found
                for name, found in visited.items()
                if found
            }

    assert failures == {}
