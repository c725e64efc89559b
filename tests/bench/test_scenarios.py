"""The requests each round cycles through."""

from bench.scenarios import SCENARIOS, get_requests
from bench.seed import SEARCH_WORDS

DATA = {"slugs": [f"briefing-{n}" for n in range(2000)], "search_words": SEARCH_WORDS}


def test_uncached_detail_visits_every_briefing_once_per_pass():
    paths = [r.path for r in get_requests("detail_uncached", DATA)]
    assert sorted(paths) == sorted(f"/briefings/{s}/" for s in DATA["slugs"])
    assert paths[:3] != ["/briefings/briefing-0/", "/briefings/briefing-1/",
                         "/briefings/briefing-2/"]  # fmt: skip


def test_search_queries_are_distinct_and_url_encoded():
    paths = [r.path for r in get_requests("search", DATA)]
    assert len(set(paths)) == len(paths) > 1000
    assert all(" " not in path for path in paths)
    assert "/search/?q=Burkina+Faso" in paths


def test_only_uncached_scenarios_start_from_an_empty_cache():
    cold = {s.key for s in SCENARIOS if s.clear_cache}
    assert cold == {"detail_uncached", "search"}
