"""From rounds to the table: ratios to the adjacent floors, targets, Markdown, JSON."""

import json
from statistics import mean

from .scenarios import FLOOR, SCENARIOS
from .stats import median

SUBMIT_TO_EMAIL_P95_S = 1.0
WEB_WORKER_MIB = 150


def floor_ratios(rounds):
    """For each non-floor round, its throughput over the mean of its neighbour floors.

    rounds: [(key, RoundResult)] in the order they ran.

    >>> from bench.load import RoundResult
    >>> rps = [("floor", 1000), ("home", 900), ("floor", 800), ("feed", 450)]
    >>> floor_ratios([(key, RoundResult(n, 1.0)) for key, n in rps])
    [('home', 1.0), ('feed', 0.5625)]
    """
    ratios = []
    for i, (key, result) in enumerate(rounds):
        if key == FLOOR.key:
            continue
        floors = [
            rounds[j][1].rps
            for j in (i - 1, i + 1)
            if 0 <= j < len(rounds) and rounds[j][0] == FLOOR.key
        ]
        ratio = result.rps / mean(floors) if floors and mean(floors) else None
        ratios.append((key, ratio))
    return ratios


def summarise(rounds, skipped=None):
    """One row per scenario, floor first, in the order of SCENARIOS."""
    skipped = skipped or {}
    ratios = floor_ratios(rounds)
    rows = []
    for scenario in [FLOOR, *SCENARIOS]:
        results = [r for key, r in rounds if key == scenario.key]
        row = {"key": scenario.key, "label": scenario.label, "target": scenario.target}
        if not results:
            row["skipped"] = skipped.get(scenario.key, "not run")
            rows.append(row)
            continue
        statuses = {}
        for result in results:
            for status, n in result.statuses.items():
                statuses[status] = statuses.get(status, 0) + n
        own = [r for key, r in ratios if key == scenario.key and r is not None]
        if scenario is FLOOR:
            # The floor's own spread shows how noisy the machine was.
            typical = median([r.rps for r in results])
            own = [r.rps / typical for r in results] if typical else []
        errors = sum(r.unexpected(scenario.expected) for r in results)
        row |= {
            "rounds": len(results),
            "rps": median([r.rps for r in results]),
            "ratio": 1.0 if scenario is FLOOR else median(own),
            "ratio_min": min(own, default=None),
            "ratio_max": max(own, default=None),
            "p50_ms": median([r.latency_ms.get("p50", 0) for r in results]),
            "p99_ms": max(r.latency_ms.get("p99", 0) for r in results),
            "requests": sum(r.requests for r in results),
            "errors": errors,
            "error_detail": _error_detail(results, statuses, scenario.expected),
        }
        row["verdict"] = _verdict(row)
        rows.append(row)
    return rows


def _error_detail(results, statuses, expected):
    parts = [f"{s}×{n}" for s, n in sorted(statuses.items()) if s not in expected]
    sockets = {}
    for result in results:
        for kind, n in result.socket_errors.items():
            sockets[kind] = sockets.get(kind, 0) + n
    parts += [f"{kind}×{n}" for kind, n in sorted(sockets.items())]
    return ", ".join(parts)


def _verdict(row):
    if row["target"] is None:
        return "MISS (errors)" if row["errors"] else ""
    if row["errors"]:
        return "MISS (errors)"
    return (
        "PASS" if row["ratio"] is not None and row["ratio"] >= row["target"] else "MISS"
    )


def targets(rows, pipeline, memory, outbox, alerts=None):
    """The issue's targets, each with what was measured and PASS/MISS."""
    by_key = {row["key"]: row for row in rows}
    checks = []
    for key, text in (
        ("detail_cached", "cached briefing detail ≥ 0.80 × floor"),
        ("detail_uncached", "uncached briefing detail ≥ 0.35 × floor"),
        ("submit", "submission ≥ 0.25 × floor"),
    ):
        row = by_key[key]
        if "skipped" in row:
            checks.append((text, f"not measured ({row['skipped']})", "MISS"))
        else:
            checks.append((text, f"{row['ratio']:.2f}", row["verdict"]))
    if pipeline and pipeline.get("p95_s") is not None:
        p95 = pipeline["p95_s"]
        checks.append(
            (
                "submit → email p95 < 1 s",
                f"{p95:.3f} s",
                "PASS" if p95 < SUBMIT_TO_EMAIL_P95_S else "MISS",
            )
        )
        lost = pipeline["missing_acknowledgements"] + pipeline["missing_alerts"]
        doubled = pipeline["duplicates"]
        checks.append(
            (
                "no email missing or doubled",
                f"{lost} missing, {doubled} doubled",
                "PASS" if lost == doubled == 0 else "MISS",
            )
        )
    else:
        reason = (pipeline or {}).get("skipped", "no email arrived")
        checks.append(("submit → email p95 < 1 s", f"not measured ({reason})", "MISS"))
    if "runs" in outbox:
        checks.append(
            (
                "outbox, one worker: no email missing or doubled",
                f"{outbox['missing']} missing, {outbox['doubled']} doubled "
                f"({_num(outbox['emails_per_s'])} emails/s)",
                "PASS" if outbox["missing"] == outbox["doubled"] == 0 else "MISS",
            )
        )
    else:
        checks.append(
            (
                "outbox, one worker: no email missing or doubled",
                f"not measured ({outbox['skipped']})",
                "MISS",
            )
        )
    measured = [row for row in rows if "skipped" not in row]
    errors = sum(row["errors"] for row in measured)
    if pipeline and "submitted" in pipeline:
        errors += pipeline["submitted"] - pipeline["accepted"]
    unmeasured = len(rows) - len(measured)
    checks.append(
        (
            "zero errors",
            f"{errors} errors" + (f", {unmeasured} rows not run" if unmeasured else ""),
            "PASS" if errors == 0 and not unmeasured else "MISS",
        )
    )
    web = memory.get("web worker") or 0
    checks.append(
        (
            "web worker peak RSS < 150 MiB",
            f"{web:.0f} MiB",
            "PASS" if 0 < web < WEB_WORKER_MIB else "MISS",
        )
    )
    if alerts and "readers" in alerts:
        checks.append(
            (
                f"{alerts['readers']} alerts by one worker within 60 s, "
                "none missing or doubled",
                f"{alerts['seconds']} s, {alerts['missing']} missing, "
                f"{alerts['doubled']} doubled",
                "PASS"
                if alerts["seconds"] <= 60
                and alerts["missing"] == 0
                and alerts["doubled"] == 0
                else "MISS",
            )
        )
    return checks


def _num(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ")


def render_markdown(report):
    machine, setup = report["machine"], report["setup"]
    lines = [
        f"## `make bench`: {report['date']}",
        "",
        f"Machine: {machine['cpu']} × {machine['nproc']} cores, "
        f"{machine['memory_gib']:.0f} GiB RAM, {machine['os']}; Python "
        f"{machine['python']}, Django {machine['django']}, PostgreSQL "
        f"{machine['postgresql']}, Redis {machine['redis']}, gunicorn "
        f"{machine['gunicorn']}, commit {machine['commit']}; load average "
        f"{machine['load_average']} when the run began.",
        "",
        f"Setup: {setup['briefings']} briefings; gunicorn --workers "
        f"{setup['workers']} ({setup['gunicorn_config']}, max_requests off) with "
        "bench.settings "
        "(production + the floor view); "
        f"Celery worker --concurrency {setup['celery_concurrency']}; load by "
        f"{setup['load_generator']} with {setup['connections']} connections, "
        f"{setup['repeats']} × {setup['seconds']} s rounds per page, each between "
        "two floor rounds.",
        "",
        "| page | req/s | × floor (min–max) | p50 ms | p99 ms | errors | target | |",
        "| --- | ---: | --- | ---: | ---: | --- | --- | --- |",
    ]
    for row in report["rows"]:
        target = f"≥ {row['target']:.2f}" if row["target"] else ""
        if "skipped" in row:
            lines.append(
                f"| {row['label']} | — | — | — | — | not run: {row['skipped']} "
                f"| {target} | {'MISS' if target else ''} |"
            )
            continue
        spread = (
            f" ({row['ratio_min']:.2f}–{row['ratio_max']:.2f})"
            if row["ratio_min"] is not None
            else ""
        )
        errors = str(row["errors"]) + (
            f" ({row['error_detail']})" if row["error_detail"] else ""
        )
        lines.append(
            f"| {row['label']} | {_num(row['rps'])} | {_num(row['ratio'], 2)}{spread} "
            f"| {_num(row['p50_ms'], 1)} | {_num(row['p99_ms'], 1)} | {errors} "
            f"| {target} | {row['verdict']} |"
        )
    lines += ["", *_pipeline_lines(report["pipeline"])]
    if report.get("deliveries"):
        lines.append(
            "Outbox after each submission round (posts → emails in seconds from the "
            "round's start): "
            + "; ".join(
                f"{d['posts']} → {d['emails']} in {d['seconds']} s "
                f"({d['emails_per_s']}/s)"
                for d in report["deliveries"]
            )
            + "."
        )
    lines += [*_outbox_lines(report["outbox"]), ""]
    lines += [*_alert_lines(report.get("alerts")), ""]
    lines += [*_size_lines(report.get("sizes")), *_lighthouse_lines(report), ""]
    memory = report["memory"]
    lines.append(
        f"Peak memory (VmHWM): web worker {_num(memory.get('web worker'))} MiB, "
        f"Celery worker {_num(memory.get('Celery worker'))} MiB."
    )
    lines += ["", "| target | measured | |", "| --- | --- | --- |"]
    lines += [
        f"| {text} | {value} | {verdict} |"
        for text, value, verdict in report["targets"]
    ]
    lines += [
        "",
        "req/s and × floor are medians over the rounds; p50 is the median and p99 "
        "the worst of the rounds' own percentiles.",
    ]
    lines += [f"Note: {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _size_lines(sizes):
    if not sizes:
        return []
    html = sizes["html"]

    def part(key):
        return (
            f"{_num(sizes[key])} B ({html / sizes[key]:.1f}×)" if key in sizes else "—"
        )

    return [
        f"A briefing page of {_num(html)} B: on the wire Brotli {part('wire_br')}, "
        f"gzip {part('wire_gzip')}; kept in Redis Brotli {part('redis_br')}, gzip "
        f"{part('redis_gzip')} (before compression a page was kept whole, "
        f"about {_num(html)} B)."
    ]


def _lighthouse_lines(report):
    scores = report.get("lighthouse") or {}
    if "skipped" in scores or not scores:
        return ["", f"Lighthouse: not run: {scores.get('skipped', 'no pages')}."]
    categories = list(next(iter(scores.values())))
    return [
        "",
        "Lighthouse 12 (mobile, simulated throttling) on this stack:",
        "",
        "| page | " + " | ".join(categories) + " |",
        "| --- |" + " ---: |" * len(categories),
        *(
            f"| {page} | " + " | ".join(str(s[c]) for c in categories) + " |"
            for page, s in scores.items()
        ),
    ]


def _pipeline_lines(pipeline):
    if not pipeline or "skipped" in pipeline:
        reason = (pipeline or {}).get("skipped", "not run")
        return [f"Pipeline (submit → email): not measured: {reason}."]
    lines = [
        f"Pipeline: {pipeline['submitted']} submissions at {pipeline['rate']}/s, "
        f"{pipeline['accepted']} accepted, {pipeline['emails']} emails received; "
        f"submit → email p50 {_num(pipeline['p50_s'], 3)} s, p95 "
        f"{_num(pipeline['p95_s'], 3)} s, max {_num(pipeline['max_s'], 3)} s; "
        f"missing {pipeline['missing_acknowledgements']} acknowledgements and "
        f"{pipeline['missing_alerts']} alerts, {pipeline['duplicates']} doubled, "
        f"{pipeline['unmatched_emails']} unmatched."
    ]
    if pipeline["rejected_examples"]:
        lines.append("Rejected: " + " | ".join(pipeline["rejected_examples"]))
    return lines


def _outbox_lines(outbox):
    if "skipped" in outbox:
        return [f"Outbox throughput: not measured: {outbox['skipped']}."]
    runs = outbox["runs"]
    return [
        f"Outbox throughput, one Celery worker process (--concurrency 1) "
        f"delivering {outbox['emails']} pending acknowledgements to the SMTP "
        f"server: {_num(outbox['emails_per_s'])} emails/s (median of {len(runs)} "
        f"runs, {_num(outbox['min'])}–{_num(outbox['max'])}: "
        + ", ".join(f"{r['emails']} in {r['seconds']} s" for r in runs)
        + f"); missing {outbox['missing']}, doubled {outbox['doubled']}."
    ]


def _alert_lines(alerts):
    if not alerts or "skipped" in alerts:
        return [f"Alerts: not measured: {(alerts or {}).get('skipped', '-')}."]
    return [
        f"Alerts: a briefing followed by {alerts['readers']} confirmed readers, "
        f"published, announced and sent by one Celery worker (--concurrency "
        f"{alerts.get('concurrency', 1)}): "
        f"{alerts['received']} alerts at the SMTP server {alerts['seconds']} s "
        f"after publishing ({_num(alerts['emails_per_s'])} emails/s); missing "
        f"{alerts['missing']}, doubled {alerts['doubled']}; the worker's peak "
        f"memory {_num(alerts['worker_peak_mib'])} MiB. Publishing took "
        f"{alerts['publish_ms_followed']} ms for that briefing and "
        f"{alerts['publish_ms_unfollowed']} ms for one nobody follows."
    ]


def write(report, directory):
    directory.mkdir(parents=True, exist_ok=True)
    text = render_markdown(report)
    (directory / "latest.md").write_text(text)
    (directory / "latest.json").write_text(json.dumps(report, indent=2, default=str))
    return text
