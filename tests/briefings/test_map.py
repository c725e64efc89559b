"""The coverage map: every covered country a link, shaded by what was published
on it in the last 90 days, with a legend and the same facts as a list."""

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from briefings import maps
from tests.support.factories import BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


def shading(page):
    """{country page: the shade its shape is drawn in} for the map's links."""
    return {
        link["href"]: link.path["class"][1]
        for link in page.html.select(".coverage-map svg a")
    }


@pytest.fixture
def coverage():
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    CountryFactory(name="Chad", slug="chad", iso_code="TD")
    with time_machine.travel(NOW, tick=False):
        for days in (1, 10, 30, 89):
            BriefingFactory(
                countries=[mali], published_at=timezone.now() - timezone.timedelta(days)
            )
        BriefingFactory(
            countries=[niger], published_at=timezone.now() - timezone.timedelta(60)
        )
        BriefingFactory(
            countries=[niger], published_at=timezone.now() - timezone.timedelta(91)
        )
        yield


@pytest.mark.parametrize("url", [reverse("briefings:home"), "/countries/"])
def test_map_links_covered_countries_shaded_by_the_last_90_days(
    django_app, coverage, url
):
    with time_machine.travel(NOW, tick=False):
        page = django_app.get(url)

    assert shading(page) == {
        "/countries/chad/": "coverage-0",
        "/countries/mali/": "coverage-3",
        "/countries/niger/": "coverage-1",
    }
    niger = page.html.select_one(".coverage-map a[href='/countries/niger/']")
    assert niger["aria-label"] == "Niger: 1 briefing in the last 90 days"
    uncovered = page.html.select(".coverage-map svg > path")
    assert len(uncovered) == len(maps.outlines()["countries"]) - 3


def test_shades_move_with_time(django_app, coverage):
    with time_machine.travel(NOW + datetime.timedelta(days=31), tick=False):
        page = django_app.get("/countries/")

    # Mali's briefings of 30 and 89 days ago have left the window.
    assert shading(page)["/countries/mali/"] == "coverage-2"


def test_map_has_a_legend_and_a_text_list(django_app, coverage):
    with time_machine.travel(NOW, tick=False):
        page = django_app.get("/countries/")

    legend = [item.text for item in page.html.select(".map-legend li")]
    assert legend == [
        "Not covered",
        "Covered, no briefing lately",
        "1 briefing",
        "2 or 3 briefings",
        "4 or more briefings",
    ]
    items = page.html.select(".coverage-list li")
    listed = {item.a.text: item.span.text for item in items}
    assert listed == {
        "Chad": "0 in 90 days, 0 in all",
        "Mali": "4 in 90 days, 4 in all",
        "Niger": "1 in 90 days, 2 in all",
    }


def test_every_country_on_the_map_is_reachable_from_the_list(django_app, coverage):
    page = django_app.get("/countries/")

    assert {a["href"] for a in page.html.select(".coverage-list a")} == set(
        shading(page)
    )


def test_a_country_unknown_to_the_map_is_still_listed(django_app):
    CountryFactory(name="Atlantis", slug="atlantis", iso_code="QQ")

    page = django_app.get("/countries/")

    assert shading(page) == {}
    assert page.html.select_one(".coverage-list a")["href"] == "/countries/atlantis/"


def test_build_africa_map_converts_natural_earth_topojson(tmp_path, monkeypatch):
    # Two squares: Mali's (id 466) and France's (250), which is not Africa.
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [-5, 10]},
        "arcs": [
            [[0, 0], [400, 0], [0, 400], [-400, 0], [0, -400]],
            [[500, 3500], [100, 0], [0, 100], [-100, 0], [0, -100]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "466",
                     "properties": {"name": "Mali"}},
                    {"type": "Polygon", "arcs": [[1]], "id": "250",
                     "properties": {"name": "France"}},
                ],
            }
        },
    }  # fmt: skip
    source, target = tmp_path / "countries.json", tmp_path / "africa.json"
    source.write_text(json.dumps(topology))
    monkeypatch.setattr(
        "briefings.management.commands.build_africa_map.GEOMETRY_FILE", target
    )

    call_command("build_africa_map", str(source))

    built = json.loads(target.read_text())
    assert built["viewBox"] == "0 0 860 745"
    (mali,) = built["countries"]
    # From 5°W 10°N to 1°W 14°N, 10 units a degree from 26°W and 38.5°N.
    assert mali == {"iso": "ML", "name": "Mali", "d": "M210 285l40 0 0 -40 -40 0 0 40z"}


def test_committed_outlines_cover_the_continent():
    outlines = maps.outlines()

    codes = {shape["iso"] for shape in outlines["countries"]}
    assert len(codes) >= 54
    assert {"ML", "NE", "BF", "CD", "EG", "ET", "SD", "SC", "MU", "KM"} <= codes
    assert "Natural Earth" in outlines["source"]
