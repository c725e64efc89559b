"""Submit -> email received: paced submissions, then every email matched to its lead.

Each submission uses its own prospect address, so the acknowledgement is found
by recipient; an alert to analysts or sales is found by the lead's reference or
the prospect's address in its subject or text. Every (lead, recipient) pair
should arrive exactly once.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .browser import prepare_submission, submit
from .stats import percentile


@dataclass
class Lead:
    prospect_email: str
    reference: str
    submitted: float


@dataclass
class PipelineResult:
    submitted: int
    accepted: int
    emails: int
    latencies: list[float] = field(default_factory=list)
    missing_acknowledgements: int = 0
    missing_alerts: int = 0
    duplicates: int = 0
    unmatched: int = 0
    rejected: list[str] = field(default_factory=list)

    def as_dict(self):
        return {
            "submitted": self.submitted,
            "accepted": self.accepted,
            "emails": self.emails,
            "p50_s": _round(percentile(self.latencies, 50)),
            "p95_s": _round(percentile(self.latencies, 95)),
            "max_s": _round(percentile(self.latencies, 100)),
            "missing_acknowledgements": self.missing_acknowledgements,
            "missing_alerts": self.missing_alerts,
            "duplicates": self.duplicates,
            "unmatched_emails": self.unmatched,
            "rejected_examples": self.rejected[:3],
        }


def _round(value):
    return None if value is None else round(value, 3)


def submit_paced(client, form_path, count, rate, run_id, workers=4):
    """Fetch `count` forms, then post them at `rate` per second."""
    emails = [f"prospect-{run_id}-p{n}@example.com" for n in range(count)]
    with ThreadPoolExecutor(workers) as pool:
        prepared = list(
            pool.map(
                lambda n: prepare_submission(client, form_path, n, emails[n]),
                range(count),
            )
        )
    start = time.monotonic() + 0.2
    results = [None] * count
    position = iter(range(count))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                n = next(position, None)
            if n is None:
                return
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
            results[n] = submit(client, prepared[n])

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    leads = [
        Lead(emails[n], r.reference, r.started)
        for n, r in enumerate(results)
        if r.reference
    ]
    rejected = [r.problem for r in results if not r.reference]
    return leads, rejected


def wait_quiet(mailbox, quiet=2.0, timeout=120.0):
    """Wait until nothing has arrived for `quiet` seconds; False on timeout."""
    deadline = time.monotonic() + timeout
    seen, last_change = len(mailbox.messages), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if len(mailbox.messages) != seen:
            seen, last_change = len(mailbox.messages), time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            return True
    return False


def wait_for_emails(mailbox, first_index, leads, timeout):
    """Until every lead has an acknowledgement and an alert, then a little more."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        matched = match(mailbox.messages[first_index:], leads)
        if all(m["acknowledged"] and m["alerted"] for m in matched.values()):
            break
        time.sleep(0.25)
    # Anything sent twice usually follows within moments.
    wait_quiet(mailbox, quiet=2.0, timeout=10)


def text_of(received):
    """Subject and text body, lower-cased, for finding a reference or address."""
    message = received.message
    body = message.get_body(preferencelist=("plain",))
    return f"{message['Subject']}\n{body.get_content() if body else ''}".lower()


def match(messages, leads):
    """{reference: {"arrivals": {recipient: [times]}, "acknowledged", "alerted"}}."""
    by_email = {lead.prospect_email: lead for lead in leads}
    by_text = {lead.reference.lower(): lead for lead in leads} | by_email
    matched = {
        lead.reference: {"arrivals": {}, "acknowledged": False, "alerted": False}
        for lead in leads
    }
    matched[None] = {"arrivals": {}, "acknowledged": True, "alerted": True}
    for message in messages:
        recipients = [address.lower() for address in message.recipients]
        lead = next((by_email[r] for r in recipients if r in by_email), None)
        if lead is None:
            text = text_of(message)
            lead = next((c for key, c in by_text.items() if key in text), None)
        entry = matched[lead.reference if lead else None]
        for recipient in recipients:
            entry["arrivals"].setdefault(recipient, []).append(message.arrived)
            if lead and recipient == lead.prospect_email:
                entry["acknowledged"] = True
            elif lead:
                entry["alerted"] = True
    return matched


def measure(mailbox, leads, rejected, submitted, first_index):
    messages = mailbox.messages[first_index:]
    matched = match(messages, leads)
    unmatched = matched.pop(None)
    result = PipelineResult(
        submitted=submitted,
        accepted=len(leads),
        emails=len(messages),
        unmatched=sum(len(t) for t in unmatched["arrivals"].values()),
        rejected=rejected,
    )
    for lead in leads:
        entry = matched[lead.reference]
        result.missing_acknowledgements += not entry["acknowledged"]
        result.missing_alerts += not entry["alerted"]
        for arrivals in entry["arrivals"].values():
            result.duplicates += len(arrivals) - 1
            result.latencies.append(min(arrivals) - lead.submitted)
    return result
