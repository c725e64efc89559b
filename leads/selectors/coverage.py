"""Who covers what: every country against every sector, as the routing rules
would route a request for that pair, and the gaps where no rule does."""

from dataclasses import dataclass

from briefings.models import Country

from ..models import Lead, Sector
from ..services.routing import Routing, RoutingTable


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
    unrouted = list(
        Lead.objects.open()
        .filter(unrouted=True)
        .prefetch_related("countries", "sectors")
    )
    return Coverage(
        sectors=Sector.choices,
        rows=rows,
        gaps=sum(cell.unrouted for row in rows for cell in row.cells),
        pairs=len(rows) * len(Sector.values),
        unrouted=len(unrouted),
        now_covered=sum(not would_go(table, lead).unrouted for lead in unrouted),
    )


def would_go(table: RoutingTable, lead: Lead) -> Routing:
    """Where a lead whose countries and sectors were prefetched would go."""
    return table.resolve(
        [country.pk for country in lead.countries.all()],
        [sector.sector for sector in lead.sectors.all()],
    )
