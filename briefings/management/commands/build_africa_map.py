"""Convert Natural Earth's boundaries (world-atlas's TopoJSON) into the outlines
of Africa the coverage map draws: run once, by `make map`; the result is
committed (briefings/data/africa.json) and the site needs neither Node nor the
atlas to draw it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from briefings.maps import GEOMETRY_FILE

# ISO 3166-1 numeric code (world-atlas's ids) -> alpha-2 code and name.
AFRICA = {
    "012": ("DZ", "Algeria"), "024": ("AO", "Angola"), "072": ("BW", "Botswana"),
    "108": ("BI", "Burundi"), "120": ("CM", "Cameroon"), "132": ("CV", "Cabo Verde"),
    "140": ("CF", "Central African Republic"), "148": ("TD", "Chad"),
    "174": ("KM", "Comoros"), "178": ("CG", "Congo"), "180": ("CD", "DR Congo"),
    "204": ("BJ", "Benin"), "226": ("GQ", "Equatorial Guinea"),
    "231": ("ET", "Ethiopia"), "232": ("ER", "Eritrea"), "262": ("DJ", "Djibouti"),
    "266": ("GA", "Gabon"), "270": ("GM", "Gambia"), "288": ("GH", "Ghana"),
    "324": ("GN", "Guinea"), "384": ("CI", "Côte d'Ivoire"), "404": ("KE", "Kenya"),
    "426": ("LS", "Lesotho"), "430": ("LR", "Liberia"), "434": ("LY", "Libya"),
    "450": ("MG", "Madagascar"), "454": ("MW", "Malawi"), "466": ("ML", "Mali"),
    "478": ("MR", "Mauritania"), "480": ("MU", "Mauritius"), "504": ("MA", "Morocco"),
    "508": ("MZ", "Mozambique"), "516": ("NA", "Namibia"), "562": ("NE", "Niger"),
    "566": ("NG", "Nigeria"), "624": ("GW", "Guinea-Bissau"), "646": ("RW", "Rwanda"),
    "678": ("ST", "São Tomé and Príncipe"), "686": ("SN", "Senegal"),
    "690": ("SC", "Seychelles"), "694": ("SL", "Sierra Leone"),
    "706": ("SO", "Somalia"), "710": ("ZA", "South Africa"),
    "716": ("ZW", "Zimbabwe"), "728": ("SS", "South Sudan"), "729": ("SD", "Sudan"),
    "732": ("EH", "Western Sahara"), "748": ("SZ", "Eswatini"), "768": ("TG", "Togo"),
    "788": ("TN", "Tunisia"), "800": ("UG", "Uganda"), "818": ("EG", "Egypt"),
    "834": ("TZ", "Tanzania"), "854": ("BF", "Burkina Faso"), "894": ("ZM", "Zambia"),
}  # fmt: skip
# Natural Earth draws Somaliland apart, without a code: it is drawn as Somalia.
UNCODED = {"Somaliland": "706"}
WEST, EAST, SOUTH, NORTH = -26.0, 60.0, -36.0, 38.5
SCALE = 10  # SVG units per degree


def decode_arcs(topology):
    """TopoJSON's quantized, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def project(lon, lat):
    return round((lon - WEST) * SCALE), round((NORTH - lat) * SCALE)


def ring_path(points):
    """A closed SVG subpath in relative moves, or "" when it is too small to draw."""
    projected = []
    for lon, lat in points:
        point = project(lon, lat)
        if not projected or point != projected[-1]:
            projected.append(point)
    if len(set(projected)) < 3:
        return ""
    (x, y), parts = projected[0], []
    for px, py in projected[1:]:
        parts.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{projected[0][0]} {projected[0][1]}l" + " ".join(parts) + "z"


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def inside(points):
    lon = sum(p[0] for p in points) / len(points)
    lat = sum(p[1] for p in points) / len(points)
    return WEST <= lon <= EAST and SOUTH <= lat <= NORTH, (lon, lat)


class Command(BaseCommand):
    help = "Build briefings/data/africa.json from world-atlas's countries TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)

    def handle(self, *args, topojson, **options):
        topology = json.loads(topojson.read_text())
        arcs = decode_arcs(topology)
        paths, centres = {}, {}
        for geometry in topology["objects"]["countries"]["geometries"]:
            numeric = geometry.get("id") or UNCODED.get(geometry["properties"]["name"])
            if numeric not in AFRICA:
                continue
            for polygon in polygons(geometry):
                outer = ring_points(polygon[0], arcs)
                is_inside, centre = inside(outer)
                if not is_inside:
                    continue  # far islands (Prince Edward, Rodrigues)
                centres.setdefault(numeric, centre)
                for ring in polygon:
                    paths.setdefault(numeric, []).append(
                        ring_path(ring_points(ring, arcs))
                    )
        countries = []
        for numeric, (iso, name) in sorted(AFRICA.items(), key=lambda item: item[1][1]):
            d = "".join(paths.get(numeric, []))
            if not d and numeric in centres:
                # Islands smaller than the map's grain: a dot where they are.
                x, y = project(*centres[numeric])
                d = f"M{x - 3} {y}a3 3 0 1 0 6 0a3 3 0 1 0-6 0z"
            if d:
                countries.append({"iso": iso, "name": name, "d": d})
        width, height = project(EAST, SOUTH)
        GEOMETRY_FILE.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:50m, via world-atlas (public domain)",
                    "viewBox": f"0 0 {width} {height}",
                    "countries": countries,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            + "\n"
        )
        self.stdout.write(f"{len(countries)} countries written to {GEOMETRY_FILE}.")
