"""The coverage map: Africa's outlines (briefings/data/africa.json, built once
by `manage.py build_africa_map`) shaded by what we published lately."""

import datetime
import functools
import json
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

GEOMETRY_FILE = Path(__file__).with_name("data") / "africa.json"
COVERAGE_DAYS = 90
# The darkest shade a count reaches: 0, 1, 2-3, 4 or more briefings.
LEVELS = [
    (0, 0, _("Covered, no briefing lately")),
    (1, 1, _("1 briefing")),
    (2, 2, _("2 or 3 briefings")),
    (4, 3, _("4 or more briefings")),
]


@functools.cache
def outlines():
    return json.loads(GEOMETRY_FILE.read_text())


def coverage_since(now):
    return now - datetime.timedelta(days=COVERAGE_DAYS)


def level(count):
    return next(shade for least, shade, _label in reversed(LEVELS) if count >= least)


def describe(country):
    return ngettext(
        "%(name)s: %(count)d briefing in the last 90 days",
        "%(name)s: %(count)d briefings in the last 90 days",
        country.recent_count,
    ) % {"name": country.name, "count": country.recent_count}


def coverage_map(countries, highlight=None):
    """The map's shapes: each covered country (annotated with `recent_count`,
    see Country.objects.with_coverage()) linked and shaded, the rest plain land.
    `highlight` is the ISO code of a country drawn apart."""
    data = outlines()
    by_code = {country.iso_code: country for country in countries}
    shapes = []
    for shape in data["countries"]:
        country = by_code.get(shape["iso"])
        shapes.append(
            {
                "d": shape["d"],
                "name": shape["name"],
                "country": country,
                "level": level(country.recent_count) if country else None,
                "label": describe(country) if country else shape["name"],
                "highlighted": shape["iso"] == highlight,
            }
        )
    return {
        "view_box": data["viewBox"],
        "shapes": shapes,
        "legend": [(shade, label) for _least, shade, label in LEVELS],
        "countries": countries,
    }
