"""The pure maths of `make bench`: percentiles, ratios to the floor, verdicts."""

import pytest

from bench.load import RoundResult
from bench.report import floor_ratios, summarise, targets
from bench.scenarios import FLOOR, SCENARIOS, interleave
from bench.stats import percentile


def result(rps, *, statuses=None, p50=5.0, p99=20.0, sockets=None):
    return RoundResult(
        requests=int(rps * 10),
        seconds=10.0,
        statuses=statuses or {200: int(rps * 10)},
        socket_errors=sockets or {},
        latency_ms={"p50": p50, "p99": p99},
    )


def test_percentile_interpolates_between_ranks():
    values = [4, 1, 3, 2]  # unsorted on purpose
    assert percentile(values, 0) == 1
    assert percentile(values, 50) == 2.5
    assert percentile(values, 100) == 4
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([], 50) is None


def test_interleave_puts_a_floor_on_both_sides_of_every_round():
    a, b = SCENARIOS[:2]
    plan = interleave([a, b], repeats=2)
    assert [s.key for s in plan] == [
        *("floor", a.key, "floor", b.key, "floor"),
        *(a.key, "floor", b.key, "floor"),
    ]


def test_ratio_is_over_the_mean_of_the_neighbouring_floors():
    rounds = [
        ("floor", result(1000)),
        ("detail_cached", result(900)),
        ("floor", result(800)),
        ("submit", result(450, statuses={302: 4500})),
        ("floor", result(1000)),
    ]
    assert floor_ratios(rounds) == [
        ("detail_cached", pytest.approx(1.0)),
        ("submit", pytest.approx(0.5)),
    ]


def test_summary_gives_pass_or_miss_against_each_target():
    rounds = [
        ("floor", result(1000)),
        ("detail_cached", result(700)),
        ("floor", result(1000)),
        ("submit", result(300, statuses={302: 3000})),
        ("floor", result(1000)),
    ]
    rows = {row["key"]: row for row in summarise(rounds)}
    assert rows["floor"]["ratio"] == 1.0
    assert rows["detail_cached"]["verdict"] == "MISS"  # 0.70 < 0.80
    assert rows["submit"]["verdict"] == "PASS"  # 0.30 >= 0.25, 302 expected
    assert rows["submit"]["errors"] == 0


def test_unexpected_statuses_and_socket_errors_are_errors_and_a_miss():
    rounds = [
        ("floor", result(1000)),
        (
            "detail_cached",
            result(950, statuses={200: 9000, 500: 500}, sockets={"timeout": 3}),
        ),
        ("floor", result(1000)),
    ]
    row = {r["key"]: r for r in summarise(rounds)}["detail_cached"]
    assert row["errors"] == 503
    assert row["error_detail"] == "500×500, timeout×3"
    assert row["verdict"] == "MISS (errors)"


def test_p50_is_the_median_and_p99_the_worst_of_the_rounds():
    rounds = [("floor", result(1000))]
    for p50, p99 in ((5, 30), (7, 90), (6, 40)):
        rounds += [("home", result(500, p50=p50, p99=p99)), ("floor", result(1000))]
    row = {r["key"]: r for r in summarise(rounds)}["home"]
    assert (row["p50_ms"], row["p99_ms"], row["rounds"]) == (6, 90, 3)


def test_targets_miss_what_was_not_measured():
    rows = summarise([("floor", result(1000))], {"submit": "GET answered 404"})
    checks = {text: (value, verdict) for text, value, verdict in targets(rows, {}, {})}
    assert checks["submission ≥ 0.25 × floor"] == (
        "not measured (GET answered 404)",
        "MISS",
    )
    assert checks["zero errors"][1] == "MISS"
    assert checks["web worker peak RSS < 150 MiB"][1] == "MISS"


def test_pipeline_and_memory_targets():
    rows = summarise([("floor", result(1000))])
    pipeline = {
        "submitted": 200,
        "accepted": 200,
        "p95_s": 0.4,
        "missing_acknowledgements": 0,
        "missing_alerts": 1,
        "duplicates": 0,
    }
    checks = {
        text: (value, verdict)
        for text, value, verdict in targets(rows, pipeline, {"web worker": 90.0})
    }
    assert checks["submit → email p95 < 1 s"] == ("0.400 s", "PASS")
    assert checks["no email missing or doubled"] == ("1 missing, 0 doubled", "MISS")
    assert checks["web worker peak RSS < 150 MiB"] == ("90 MiB", "PASS")


def test_floor_is_the_first_row():
    assert summarise([])[0]["key"] == FLOOR.key


def test_floor_row_shows_its_own_spread_around_its_median():
    rounds = [("floor", result(800)), ("home", result(100)), ("floor", result(1000))]
    rounds += [("home", result(100)), ("floor", result(1200))]
    floor = summarise(rounds)[0]
    assert floor["rps"] == 1000
    assert (floor["ratio_min"], floor["ratio_max"]) == (0.8, 1.2)
