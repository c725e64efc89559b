"""Briefing alerts at scale: a briefing followed by N confirmed readers, its
alerts written and sent by ONE Celery worker (its two processes, one per core,
as the stack runs it) to a real SMTP server, timed from the moment it is
published.

`python -m bench.fanout write` adds N readers following a country of their own;
`python -m bench.fanout publish` publishes a briefing on that country, and one
on a country nobody follows, timing both calls (what the editor waits for),
then asks for the announcement as beat does, and prints when, on the
monotonic clock every process of the machine shares.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.processes import ROOT, Worker

from .pipeline import wait_quiet
from .rounds import children, peak_rss_mib

ANNOUNCE = "leads.tasks.announce_new_briefings"


def measure(args, env, log_dir, mailbox, say):
    """One fan-out of `args.alerts` readers: seconds, rate, missing, doubled,
    the publish calls' times and the worker's peak memory."""
    if args.alerts <= 0:
        return {"skipped": "--alerts 0"}
    tag = str(os.getpid())
    command = [sys.executable, "-m", "bench.fanout", "--tag", tag]
    log_path = Path(log_dir) / "fanout.log"
    say(f"alerts: writing {args.alerts} readers")
    with open(log_path, "ab") as log:
        subprocess.run(
            [*command, "write", "--readers", str(args.alerts)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            check=True,
        )
    first = len(mailbox.messages)
    worker = Worker(
        "fanout-worker", env, log_dir, concurrency=args.alert_concurrency
    ).start()
    try:
        say("alerts: publishing, with one worker to announce and send")
        published = subprocess.run(
            [*command, "publish"], cwd=ROOT, env=env, capture_output=True, check=True
        )
        timings = json.loads(published.stdout.splitlines()[-1])
        deadline = time.monotonic() + max(120, args.alerts / 20)
        while (
            len(ours(mailbox, first, tag)) < args.alerts and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        wait_quiet(mailbox, quiet=2.0, timeout=10)  # anything sent twice
        pids = [worker.popen.pid, *children(worker.popen.pid)]
        memory = max(peak_rss_mib(pid) or 0 for pid in pids)
    finally:
        worker.stop()
    received = ours(mailbox, first, tag)
    recipients = {address for message in received for address in message.recipients}
    seconds = max((m.arrived for m in received), default=0) - timings["published_at"]
    return {
        "readers": args.alerts,
        "received": len(received),
        "missing": args.alerts - len(recipients),
        "doubled": len(received) - len(recipients),
        "seconds": round(seconds, 1),
        "emails_per_s": round(len(recipients) / seconds, 1) if seconds > 0 else 0.0,
        "publish_ms_followed": timings["followed_ms"],
        "publish_ms_unfollowed": timings["unfollowed_ms"],
        "worker_peak_mib": memory,
        "concurrency": args.alert_concurrency,
    }


def ours(mailbox, first, tag):
    return [
        message
        for message in mailbox.messages[first:]
        if any(address.startswith(f"reader-{tag}-") for address in message.recipients)
    ]


def write(tag, readers):
    from django.db import transaction
    from django.utils import timezone

    from briefings.models import Country
    from leads.models import FollowedCountry, Subscriber

    now = timezone.now()
    with transaction.atomic():
        country = Country.objects.create(
            name=f"Followed {tag}", slug=f"followed-{tag}", iso_code="ZZ"
        )
        Country.objects.create(
            name=f"Unfollowed {tag}", slug=f"unfollowed-{tag}", iso_code="ZY"
        )
        subscribers = Subscriber.objects.bulk_create(
            (
                Subscriber(email=f"reader-{tag}-{n}@example.com", confirmed_at=now)
                for n in range(readers)
            ),
            batch_size=2000,
        )
        FollowedCountry.objects.bulk_create(
            (FollowedCountry(subscriber=s, country=country) for s in subscribers),
            batch_size=2000,
        )


def publish(tag):
    from celery import current_app

    from briefings import publication
    from briefings.models import Briefing, Country

    timings = {}
    for name in ("unfollowed", "followed"):
        briefing = Briefing.objects.create(
            title=f"Alert bench {name} {tag}",
            slug=f"alert-bench-{name}-{tag}",
            standfirst="What changed this week.",
            summary="A summary.",
            body="## Context\n\nThe body.",
        )
        briefing.countries.set([Country.objects.get(slug=f"{name}-{tag}")])
        started = time.monotonic()
        publication.publish(Briefing.objects.filter(pk=briefing.pk))
        timings[f"{name}_ms"] = round((time.monotonic() - started) * 1000, 1)
    timings["published_at"] = time.monotonic()
    current_app.send_task(ANNOUNCE)
    print(json.dumps(timings))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.fanout")
    parser.add_argument("--tag", required=True, help="names this run's readers")
    parser.add_argument("step", choices=["write", "publish"])
    parser.add_argument("--readers", type=int, default=10000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    if args.step == "write":
        write(args.tag, args.readers)
    else:
        publish(args.tag)


if __name__ == "__main__":
    main()
