"""Outbox throughput: emails per second that ONE Celery worker process
(concurrency 1) delivers to a real SMTP server from a backlog.

With no worker running, `python -m bench.outbox write` adds N leads and their
N pending acknowledgements; one worker starts; `python -m bench.outbox ring`
rings them as the portal does (leads.services.outbox.ring) and prints when,
on the monotonic clock every process of the machine shares; the bench times
until the SMTP server has received all N.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from tests.support.processes import ROOT, Worker

from .pipeline import wait_quiet


def throughput(args, env, log_dir, mailbox, say):
    """`args.repeats` runs of `args.outbox` emails: their median, range and runs."""
    if args.outbox <= 0:
        return {"skipped": "--outbox 0"}
    runs = []
    for run in range(1, args.repeats + 1):
        say(f"outbox [{run}/{args.repeats}]: {args.outbox} emails, one worker")
        runs.append(measure(args.outbox, env, log_dir, mailbox, run))
        say(f"outbox: {runs[-1]}")
    rates = [r["emails_per_s"] for r in runs]
    return {
        "emails": args.outbox,
        "runs": runs,
        "emails_per_s": median(rates),
        "min": min(rates),
        "max": max(rates),
        "missing": sum(r["missing"] for r in runs),
        "doubled": sum(r["doubled"] for r in runs),
    }


def measure(emails, env, log_dir, mailbox, run):
    """One run: the rows written, a worker started, the rows rung and timed."""
    tag = f"{os.getpid()}-{run}"
    command = [sys.executable, "-m", "bench.outbox", "--tag", tag]
    log_path = Path(log_dir) / "outbox.log"
    with open(log_path, "ab") as log:
        subprocess.run(
            [*command, "write", "--emails", str(emails)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            check=True,
        )
    first = len(mailbox.messages)
    worker = Worker(f"outbox-worker-{run}", env, log_dir, concurrency=1).start()
    try:
        rung = subprocess.run(
            [*command, "ring"], cwd=ROOT, env=env, capture_output=True, check=True
        )
        deadline = time.monotonic() + max(60, emails / 10)
        while len(ours(mailbox, first, tag)) < emails and time.monotonic() < deadline:
            time.sleep(0.1)
        wait_quiet(mailbox, quiet=2.0, timeout=10)  # anything sent twice
    finally:
        worker.stop()
    received = ours(mailbox, first, tag)
    recipients = {address for message in received for address in message.recipients}
    rung_at = json.loads(rung.stdout.splitlines()[-1])
    seconds = max((m.arrived for m in received), default=rung_at) - rung_at
    return {
        "emails": emails,
        "received": len(received),
        "missing": emails - len(recipients),
        "doubled": len(received) - len(recipients),
        "seconds": round(seconds, 2),
        "emails_per_s": round(len(recipients) / seconds, 1) if seconds else 0.0,
    }


def ours(mailbox, first, tag):
    return [
        message
        for message in mailbox.messages[first:]
        if any(address.startswith(f"outbox-{tag}-") for address in message.recipients)
    ]


def write(tag, emails):
    from django.conf import settings
    from django.db import transaction

    from leads.models import Lead, OutgoingEmail, Prospect

    with transaction.atomic():
        prospects = Prospect.objects.bulk_create(
            Prospect(email=f"outbox-{tag}-{n}@example.com") for n in range(emails)
        )
        leads = Lead.objects.bulk_create(
            Lead(
                prospect=prospect,
                full_name="Amara Diallo",
                email=prospect.email,
                organisation="Kilima Mining Holdings",
                job_title="Head of Risk",
                help_wanted=Lead.HelpWanted.RISK_ASSESSMENT,
                timeline=Lead.Timeline.QUARTER,
                requirements="A view of the security outlook for our site.",
                privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION,
            )
            for prospect in prospects
        )
        OutgoingEmail.objects.bulk_create(
            OutgoingEmail.about(
                OutgoingEmail.Kind.ACKNOWLEDGEMENT, lead.email, lead=lead
            )
            for lead in leads
        )


def ring(tag):
    from leads.models import OutgoingEmail
    from leads.services import outbox

    ids = list(
        OutgoingEmail.objects.filter(
            recipient__startswith=f"outbox-{tag}-", state=OutgoingEmail.State.PENDING
        ).values_list("pk", flat=True)
    )
    rung_at = time.monotonic()
    outbox.ring(ids)
    print(json.dumps(rung_at))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.outbox")
    parser.add_argument("--tag", required=True, help="names this run's recipients")
    parser.add_argument("step", choices=["write", "ring"])
    parser.add_argument("--emails", type=int, default=2000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    if args.step == "write":
        write(args.tag, args.emails)
    else:
        ring(args.tag)


if __name__ == "__main__":
    main()
