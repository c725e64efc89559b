"""What is measured, in which order, and against which target."""

import itertools
import random
from dataclasses import dataclass
from urllib.parse import quote_plus

from .load import Request

FLOOR_PATH = "/bench/floor/"
FORM_PATH = "/request-for-interest/"


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    expected: frozenset = frozenset({200})
    target: float | None = None  # the least throughput, as a ratio to the floor
    clear_cache: bool = False  # start from a cold page cache (uncached pages)
    staff: bool = False  # as a member of sales, logged in


FLOOR = Scenario("floor", "minimal view (the floor)")
SCENARIOS = [
    Scenario("home", "home"),
    Scenario("list", "briefing list"),
    Scenario("detail_cached", "briefing detail, cached", target=0.8),
    Scenario(
        "detail_uncached", "briefing detail, uncached", target=0.35, clear_cache=True
    ),
    Scenario("search", "search, uncached (distinct queries)", clear_cache=True),
    Scenario("feed", "RSS feed"),
    Scenario("form", "Request for Interest form (GET)"),
    Scenario(
        "submit",
        "Request for Interest submission (POST)",
        expected=frozenset({302, 303}),
        target=0.25,
    ),
    # The sales workspace over 10 000 requests, as a member of sales.
    Scenario("board", "pipeline board (staff)", staff=True),
    Scenario("lead_list", "lead list (staff)", staff=True),
    Scenario("timeline", "a lead's page and timeline (staff)", staff=True),
    Scenario("dashboard", "dashboard (staff)", staff=True),
    Scenario("coverage", "routing coverage (staff)", staff=True),
]


def interleave(scenarios, repeats):
    """floor, A, floor, B, floor... so each round has a floor on either side.

    >>> [s.key for s in interleave(SCENARIOS[:2], repeats=2)]
    ['floor', 'home', 'floor', 'list', 'floor', 'home', 'floor', 'list', 'floor']
    """
    plan = [FLOOR]
    for _ in range(repeats):
        for scenario in scenarios:
            plan += [scenario, FLOOR]
    return plan


def search_queries(data):
    """Every word of the data set alone and in pairs: well over a round's worth."""
    words = data["search_words"]
    queries = words + [f"{a} {b}" for a, b in itertools.combinations(words, 2)]
    return random.Random("search").sample(queries, len(queries))


def get_requests(key, data):
    """The GET requests a round cycles through (submissions are built per round)."""
    slugs = data["slugs"]
    shuffled = random.Random(key).sample(slugs, len(slugs))
    paths = {
        "floor": [FLOOR_PATH],
        "home": ["/"],
        "list": ["/briefings/"],
        "detail_cached": [f"/briefings/{slugs[0]}/"],
        # Every slug once per pass: a page cache cannot help, and the page cache
        # is also emptied before each round.
        "detail_uncached": [f"/briefings/{slug}/" for slug in shuffled],
        "search": [f"/search/?q={quote_plus(q)}" for q in search_queries(data)],
        "feed": ["/feeds/briefings/"],
        "form": [f"{FORM_PATH}?briefing={slugs[0]}"],
        "board": ["/staff/pipeline/"],
        "lead_list": ["/admin/leads/lead/"],
        "timeline": [f"/admin/leads/lead/{data.get('timeline_lead')}/change/"],
        "dashboard": ["/staff/dashboard/"],
        "coverage": ["/staff/coverage/"],
    }[key]
    staff = next(s.staff for s in [FLOOR, *SCENARIOS] if s.key == key)
    headers = (("Cookie", data["staff_cookie"]),) if staff else ()
    return [Request("GET", path, headers=headers) for path in paths]
