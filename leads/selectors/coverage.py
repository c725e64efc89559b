"""Who covers what: every country against every sector, as the routing rules
would route a request for that pair, and the gaps where no rule does."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from briefings.models import Country

from ..models import Lead, LeadCountry, LeadSector, Sector
from ..services.routing import RoutingTable


@dataclass(frozen=True)
class Row:
    country: Country
    cells: list  # a Routing per sector, in Sector's order


@dataclass(frozen=True)
class Coverage:
    sectors: list  # (value, label)
    rows: list
    gaps: int
    pairs: int
    unrouted: int  # open leads no rule matched when they came
    now_covered: int  # of which a rule covers now


def coverage(table: RoutingTable | None = None) -> Coverage:
    """The whole grid from one read of the rules: a few queries in all."""
    table = table or RoutingTable.load()
    rows = [
        Row(country, [table.resolve([country.pk], [value]) for value in Sector.values])
        for country in Country.objects.order_by("name")
    ]
    unrouted = Lead.objects.open().filter(unrouted=True)
    countries, sectors = defaultdict(set), defaultdict(set)
    for lead, country in LeadCountry.objects.filter(lead__in=unrouted).values_list(
        "lead", "country"
    ):
        countries[lead].add(country)
    for lead, sector in LeadSector.objects.filter(lead__in=unrouted).values_list(
        "lead", "sector"
    ):
        sectors[lead].add(sector)
    leads = list(unrouted.values_list("pk", flat=True))

    @cache  # leads asking for the same countries and sectors go alike
    def routed(countries, sectors):
        return not table.resolve(countries, sectors).unrouted

    return Coverage(
        sectors=Sector.choices,
        rows=rows,
        gaps=sum(cell.unrouted for row in rows for cell in row.cells),
        pairs=len(rows) * len(Sector.values),
        unrouted=len(leads),
        now_covered=sum(
            routed(frozenset(countries[pk]), frozenset(sectors[pk])) for pk in leads
        ),
    )
