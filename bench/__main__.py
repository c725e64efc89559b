"""make bench: start the real stack, seed it, load it, print and write the table.

Options also come from the environment (BENCH_SECONDS=3 make bench).
"""

import argparse
import doctest
import importlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime

from tests.support.processes import (
    BIN,
    ROOT,
    RedisServer,
    WebServer,
    Worker,
    wait_until,
)
from tests.support.services import free_port
from tests.support.smtp import SMTPServer

from . import database, fanout, load, machine, outbox, quality, report
from .browser import Client, FormError
from .pipeline import measure, submit_paced, wait_for_emails, wait_quiet
from .rounds import PROXY_HEADERS, Runner, children
from .scenarios import FLOOR_PATH, FORM_PATH, SCENARIOS, interleave

RESULTS = ROOT / "bench" / "results"
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"
CELERY_CONCURRENCY = 2
# The modules whose doctests `python -m bench --self-check` runs.
SELF_CHECKED = ["load", "report", "scenarios", "stats"]


KNOBS = [
    # (option, type, default, help); each also read from BENCH_<OPTION>
    ("seconds", int, 5, "length of each round"),
    ("repeats", int, 3, "rounds of each page (each between two floors); outbox runs"),
    ("connections", int, 8, "open connections of the load generator"),
    ("threads", int, 1, "wrk threads"),
    ("workers", int, 2, "gunicorn workers"),
    ("briefings", int, 2000, "briefings seeded"),
    ("leads", int, 10000, "requests for interest seeded, for the staff pages"),
    ("pipeline", int, 150, "submissions timed from post to email (0: none)"),
    ("pipeline_rate", float, 5.0, "their rate, per second"),
    ("outbox", int, 2000, "emails in each outbox throughput run (0: none)"),
    ("alerts", int, 10000, "readers a published briefing alerts, one worker (0: none)"),
    ("alert_concurrency", int, 2, "processes of that worker (the stack's default)"),
    ("only", str, "", "comma-separated pages: " + ",".join(s.key for s in SCENARIOS)),
    ("database_url", str, "postgres://postgres@127.0.0.1:5432/asa_bench", ""),
    ("settings", str, "bench.settings", "settings module of the stack under test"),
    ("lighthouse", int, 1, "run Lighthouse on the pages a prospect meets (0: no)"),
]


def options(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    for name, kind, default, text in KNOBS:
        variable = f"BENCH_{name.upper()}"
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=kind,
            default=kind(os.environ.get(variable, default)),
            help=f"{text} ({variable}, default {default!r})".lstrip(),
        )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="run the bench's own doctests, start nothing",
    )
    return parser.parse_args(argv)


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def service_env(*, port, redis_port, smtp_port, database_url, settings):
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        # Plain HTTP on loopback, with X-Forwarded-Proto: https as from a proxy.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LEADS_RATE_LIMIT": "100000/m",
        "LEADS_MIN_FILL_SECONDS": "0",
        "LEADS_NOTIFY_EMAILS": "sales-desk@example.com",
        "BENCH_STATIC_ROOT": str(RESULTS / "staticfiles"),
        # At the floor's rate max_requests would restart a worker every few
        # seconds: the rounds would measure restarts, and no worker would live
        # long enough to show its peak memory. (Overrides config/gunicorn.py.)
        "GUNICORN_CMD_ARGS": "--max-requests 0",
        "PYTHONUNBUFFERED": "1",
    }


def stop_on_signals():
    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)
    # Even when started in the background, where the shell ignores Ctrl-C for us.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv=None):
    args = options(argv)
    if args.self_check:
        return self_check()
    stop_on_signals()
    selected = args.only.split(",") if args.only else [s.key for s in SCENARIOS]
    unknown = set(selected) - {s.key for s in SCENARIOS}
    if unknown:
        raise SystemExit(f"--only: unknown scenarios {', '.join(sorted(unknown))}")
    if not shutil.which("redis-server"):
        raise SystemExit("bench needs redis-server (apt-get install redis-server)")
    if not load.ensure_wrk():
        raise SystemExit("bench needs wrk (apt-get install wrk)")
    logs = RESULTS / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)

    say(f"resetting the database {args.database_url.rsplit('/', 1)[-1]}")
    pg_version = database.reset(args.database_url)
    machine_info = machine.describe(pg_version, "wrk")
    started = time.monotonic()
    with ExitStack() as stack:
        web, worker, smtp, env, data = start(stack, args, logs)
        runner = Runner(
            web=web,
            worker=worker,
            client=Client("127.0.0.1", web.port, headers=PROXY_HEADERS),
            mailbox=smtp.mailbox,
            data=data,
            redis_url=env["REDIS_URL"],
            options=args,
        )
        scenarios = [s for s in SCENARIOS if s.key in selected]
        skipped = {s.key: "not selected (--only)" for s in SCENARIOS}
        skipped = {key: why for key, why in skipped.items() if key not in selected}
        for scenario in scenarios:
            if problem := runner.preflight(scenario):
                skipped[scenario.key] = problem
                say(f"skipping {scenario.label}: {problem}")
        rounds = run_rounds(
            runner, [s for s in scenarios if s.key not in skipped], args.repeats
        )
        sizes = quality.compression(
            runner.client, env["REDIS_URL"], f"/briefings/{data['slugs'][1]}/"
        )
        say(f"page sizes: {sizes}")
        scores = {"skipped": "--lighthouse 0"}
        if args.lighthouse:
            say("Lighthouse on home, a briefing, a hub, an analyst and the form")
            scores = quality.lighthouse(
                runner.client.origin.replace("https", "http"), quality.pages(data)
            )
        pipeline = pipeline_phase(args, runner.client, smtp.mailbox, skipped)
        runner.sample_memory()
        runner.check_alive()
        worker.stop()  # the outbox runs start a worker of their own
        throughput = outbox.throughput(args, env, logs, smtp.mailbox, say)
        alerts = fanout.measure(args, env, logs, smtp.mailbox, say)

    rows = report.summarise(rounds, skipped)
    the_report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info,
        "setup": {
            "briefings": data["briefings"],
            "related_links": data["related_links"],
            "seed_seconds": data["seconds"],
            "workers": args.workers,
            "gunicorn_config": str(GUNICORN_CONFIG.relative_to(ROOT)),
            "celery_concurrency": CELERY_CONCURRENCY,
            "load_generator": f"wrk -t{args.threads}",
            "connections": args.connections,
            "repeats": args.repeats,
            "seconds": args.seconds,
            "total_seconds": round(time.monotonic() - started),
        },
        "rows": rows,
        "rounds": [{"key": key, **result.as_dict()} for key, result in rounds],
        "pipeline": pipeline,
        "sizes": sizes,
        "lighthouse": scores,
        "deliveries": runner.deliveries,
        "outbox": throughput,
        "alerts": alerts,
        "memory": runner.peak_rss,
        "notes": runner.notes,
        "targets": report.targets(rows, pipeline, runner.peak_rss, throughput, alerts),
    }
    print(report.write(the_report, RESULTS))
    say(f"written to {RESULTS / 'latest.md'} and latest.json; logs in {logs}")


def start(stack, args, logs):
    """Private Redis and SMTP server, schema, static files, data, Celery, gunicorn.

    Each process stops when the stack closes, and dies with the bench if it is
    killed (tests.support.processes).
    """
    redis = RedisServer(shutil.which("redis-server"), logs).start()
    stack.callback(redis.stop)
    smtp = SMTPServer(free_port()).start()
    stack.callback(smtp.stop)
    port = free_port()
    env = service_env(
        port=port,
        redis_port=redis.port,
        smtp_port=smtp.port,
        database_url=args.database_url,
        settings=args.settings,
    )
    python = str(BIN / "python")
    say("migrate and collectstatic")
    for command in (["migrate"], ["collectstatic"]):
        run([python, "manage.py", *command, "--noinput"], env, logs / command[0])
    say(f"seeding {args.briefings} briefings")
    seed_file = logs / "seed.json"
    seed = ["-m", "bench.seed", "--briefings", str(args.briefings)]
    seed += ["--leads", str(args.leads)]
    run([python, *seed, "--output", str(seed_file)], env, logs / "seed")
    data = json.loads(seed_file.read_text())
    say(f"seeded in {data['seconds']} s; starting Celery and gunicorn")
    worker = Worker("celery", env, logs, concurrency=CELERY_CONCURRENCY).start()
    stack.callback(worker.stop)
    web = WebServer("gunicorn", env, logs, workers=args.workers, port=port).start()
    stack.callback(web.stop)
    floor = Client("127.0.0.1", port, headers=PROXY_HEADERS)
    wait_until(
        lambda: (
            floor.request("GET", FLOOR_PATH).status == 200
            and len(children(web.popen.pid)) >= args.workers
        ),
        f"{FLOOR_PATH} to answer from {args.workers} workers",
        timeout=60,
        process=web,
    )
    return web, worker, smtp, env, data


def run(argv, env, log_name):
    """Run a setup command to completion, its output in log_name.log."""
    log_path = log_name.with_suffix(".log")
    with open(log_path, "ab") as log:
        done = subprocess.run(argv, cwd=ROOT, env=env, stdout=log, stderr=log)
    if done.returncode:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-25:])
        raise AssertionError(f"{' '.join(argv[1:])} failed ({log_path}):\n{tail}")


def run_rounds(runner, scenarios, repeats):
    wait_quiet(runner.mailbox, quiet=1.0, timeout=30)  # the preflight's emails
    runner.warm_up()
    plan = interleave(scenarios, repeats)
    rounds = []
    for number, scenario in enumerate(plan, 1):
        result = runner.run(scenario)
        rounds.append((scenario.key, result))
        say(
            f"[{number}/{len(plan)}] {scenario.label}: {result.rps:.0f} req/s, "
            f"p50 {result.latency_ms.get('p50', 0):.1f} ms, p99 "
            f"{result.latency_ms.get('p99', 0):.1f} ms, statuses {result.statuses}"
        )
    return rounds


def pipeline_phase(args, client, mailbox, skipped):
    if args.pipeline <= 0:
        return {"skipped": "--pipeline 0"}
    if "submit" in skipped:
        return {"skipped": skipped["submit"]}
    say(f"pipeline: {args.pipeline} submissions at {args.pipeline_rate}/s")
    wait_quiet(mailbox, quiet=2.0, timeout=180)
    first = len(mailbox.messages)
    try:
        leads, rejected = submit_paced(
            client, FORM_PATH, args.pipeline, args.pipeline_rate, int(time.time())
        )
    except FormError as exc:
        return {"skipped": str(exc)}
    wait_for_emails(mailbox, first, leads, timeout=60)
    result = measure(mailbox, leads, rejected, args.pipeline, first)
    return result.as_dict() | {"rate": args.pipeline_rate}


def self_check():
    """The bench's arithmetic, checked by its doctests; no service needed."""
    failed = tried = 0
    for name in SELF_CHECKED:
        result = doctest.testmod(importlib.import_module(f"bench.{name}"))
        failed, tried = failed + result.failed, tried + result.attempted
    print(f"{tried - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("interrupted: everything the bench started has been stopped")
        sys.exit(130)
    except AssertionError as exc:  # tests.support.processes' way to say it
        say(f"the stack failed: {exc}")
        sys.exit(1)
