"""make bench: start the real stack, seed it, load it, print and write the table.

Options also come from the environment (BENCH_SECONDS=3 make bench).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

from . import database, load, machine, quality, report
from .browser import Client, FormError
from .mailbox import start_smtp_server
from .pipeline import measure, submit_paced, wait_for_emails
from .rounds import PROXY_HEADERS, Runner
from .scenarios import FORM_PATH, SCENARIOS, interleave
from .stack import BIN, GUNICORN_CONFIG, ROOT, Stack, StackError, free_port, run

RESULTS = ROOT / "bench" / "results"
CELERY_CONCURRENCY = 2


KNOBS = [
    # (option, type, default, help); each also read from BENCH_<OPTION>
    ("seconds", int, 5, "length of each round"),
    ("repeats", int, 3, "rounds of each page, each between two floor rounds"),
    ("connections", int, 8, "open connections of the load generator"),
    ("threads", int, 1, "wrk threads"),
    ("workers", int, 2, "gunicorn workers"),
    ("briefings", int, 2000, "briefings seeded"),
    ("pipeline", int, 150, "submissions timed from post to email (0: none)"),
    ("pipeline_rate", float, 5.0, "their rate, per second"),
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
        "--python-load",
        action="store_true",
        help="use the Python load generator even where wrk is installed",
    )
    return parser.parse_args(argv)


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_wrk():
    if load.wrk_available():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing Debian's package")
        apt = {
            "env": os.environ | {"DEBIAN_FRONTEND": "noninteractive"},
            "stdout": subprocess.DEVNULL,
            "stderr": subprocess.DEVNULL,
        }
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, **apt).returncode:  # stale package lists
            subprocess.run(["apt-get", "update", "-qq"], **apt)
            subprocess.run(install, **apt)
    return load.wrk_available()


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
    stop_on_signals()
    selected = args.only.split(",") if args.only else [s.key for s in SCENARIOS]
    unknown = set(selected) - {s.key for s in SCENARIOS}
    if unknown:
        raise SystemExit(f"--only: unknown scenarios {', '.join(sorted(unknown))}")
    if not shutil.which("redis-server"):
        raise SystemExit("bench needs redis-server (apt-get install redis-server)")
    logs = RESULTS / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    use_wrk = not args.python_load and ensure_wrk()
    if not use_wrk:
        why = "--python-load" if args.python_load else "wrk is not available"
        say(f"{why}: using the slower Python load generator")

    say(f"resetting the database {args.database_url.rsplit('/', 1)[-1]}")
    pg_version = database.reset(args.database_url)
    machine_info = machine.describe(pg_version, "wrk" if use_wrk else "python")
    started = time.monotonic()
    with Stack(logs) as stack:
        client, mailbox, data, redis_url = start(stack, args)
        runner = Runner(
            stack=stack,
            client=client,
            mailbox=mailbox,
            load=load.run_wrk if use_wrk else load.run_python,
            data=data,
            redis_url=redis_url,
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
            client, redis_url, f"/briefings/{data['slugs'][1]}/"
        )
        say(f"page sizes: {sizes}")
        scores = {"skipped": "--lighthouse 0"}
        if args.lighthouse:
            say("Lighthouse on home, a briefing, a hub, an analyst and the form")
            scores = quality.lighthouse(
                client.origin.replace("https", "http"), quality.pages(data)
            )
        pipeline = pipeline_phase(args, client, mailbox, skipped)
        runner.sample_memory()
        stack.check_alive()

    rows = report.summarise(rounds, skipped)
    the_report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info,
        "setup": {
            "briefings": data["briefings"],
            "related_links": data["related_links"],
            "seed_seconds": data["seconds"],
            "workers": args.workers,
            "gunicorn_config": (
                str(GUNICORN_CONFIG.relative_to(ROOT))
                if GUNICORN_CONFIG.exists()
                else "gunicorn's defaults"
            ),
            "celery_concurrency": CELERY_CONCURRENCY,
            "load_generator": f"wrk -t{args.threads}" if use_wrk else "Python threads",
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
        "memory": runner.peak_rss,
        "notes": runner.notes,
        "targets": report.targets(rows, pipeline, runner.peak_rss),
    }
    print(report.write(the_report, RESULTS))
    say(f"written to {RESULTS / 'latest.md'} and latest.json; logs in {logs}")


def start(stack, args):
    """Private Redis, schema, static files, data, Celery, gunicorn, SMTP."""
    redis_port, smtp_port, port = free_port(), free_port(), free_port()
    stack.start_redis(redis_port)
    env = service_env(
        port=port,
        redis_port=redis_port,
        smtp_port=smtp_port,
        database_url=args.database_url,
        settings=args.settings,
    )
    python = str(BIN / "python")
    say("migrate and collectstatic")
    for command in (["migrate"], ["collectstatic"]):
        run(
            [python, "manage.py", *command, "--noinput"],
            env,
            stack.log_path(command[0]),
        )
    say(f"seeding {args.briefings} briefings")
    seed_file = stack.log_dir / "seed.json"
    seed = ["-m", "bench.seed", "--briefings", str(args.briefings)]
    run([python, *seed, "--output", str(seed_file)], env, stack.log_path("seed"))
    data = json.loads(seed_file.read_text())
    say(f"seeded in {data['seconds']} s; starting Celery and gunicorn")
    stack.start_celery(env, concurrency=CELERY_CONCURRENCY)
    stack.start_gunicorn(port, env, workers=args.workers)
    # Threads only now: preexec_fn (see stack.py) is unsafe once they exist.
    controller, mailbox = start_smtp_server(smtp_port)
    stack.callback(controller.stop)
    client = Client("127.0.0.1", port, headers=PROXY_HEADERS)
    return client, mailbox, data, env["REDIS_URL"]


def run_rounds(runner, scenarios, repeats):
    runner.mailbox.wait_quiet(quiet=1.0, timeout=30)  # the preflight's emails
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
    mailbox.wait_quiet(quiet=2.0, timeout=180)
    first = mailbox.count()
    try:
        leads, rejected = submit_paced(
            client, FORM_PATH, args.pipeline, args.pipeline_rate, int(time.time())
        )
    except FormError as exc:
        return {"skipped": str(exc)}
    wait_for_emails(mailbox, first, leads, timeout=60)
    result = measure(mailbox, leads, rejected, args.pipeline, first)
    return result.as_dict() | {"rate": args.pipeline_rate}


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("interrupted: everything the bench started has been stopped")
        sys.exit(130)
    except StackError as exc:
        say(f"the stack failed: {exc}")
        sys.exit(1)
