"""Running the rounds against the live stack: check, warm up or cool down, load."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote_plus

import redis

from .browser import FormError, prepare_submission, submit
from .load import Request, run_wrk
from .pipeline import wait_quiet
from .scenarios import FLOOR, FORM_PATH, get_requests

PROXY_HEADERS = (("X-Forwarded-Proto", "https"),)
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Match|DoesNotExist)\b")
# What every browser sends: pages come compressed, as readers get them.
LOAD_HEADERS = (*PROXY_HEADERS, ("Accept-Encoding", "gzip, deflate, br"))


class Runner:
    def __init__(self, *, web, worker, client, mailbox, data, redis_url, options):
        self.web, self.worker = web, worker  # tests.support.processes
        self.client = client
        self.mailbox = mailbox
        self.data = data
        self.redis = redis.Redis.from_url(redis_url)
        self.options = options
        self.base_url = f"http://{client.host}:{client.port}"
        self.rates = {}  # the last rounds' requests/s, to size the next submissions
        self.run_id = int(time.time())
        self.sequence = 0
        self.notes = []
        self.deliveries = []  # per submission round: emails and how long they took
        self.peak_rss = {"web worker": 0.0, "Celery worker": 0.0}

    def preflight(self, scenario):
        """None if the scenario answers as expected, else what went wrong."""
        problem = self._check(scenario)
        if problem and " 500" in problem:
            cause = last_exception(self.web.log_path)
            problem += f" ({cause})" if cause else ""
        return problem

    def _check(self, scenario):
        if scenario.key == "submit":
            try:
                prepared = self.prepare_forms(1)[0]
            except FormError as exc:
                return str(exc)
            result = submit(self.client, prepared.submission)
            return result.problem and f"POST {FORM_PATH} answered {result.problem}"
        first = get_requests(scenario.key, self.data)[0]
        path = first.path
        if scenario.key == "search":  # one word: it must find something
            path = f"/search/?q={quote_plus(self.data['search_words'][0])}"
        response = self.client.request("GET", path, headers=first.headers)
        if response.status not in scenario.expected:
            return f"GET {path} answered {response.status}"
        if scenario.key == "search" and not any(
            f"/briefings/{slug}/".encode() in response.body
            for slug in self.data["slugs"]
        ):
            self.notes.append(
                f"GET {path} lists none of the seeded briefings: the search index may "
                "not cover rows written by bulk_create (bench/seed.py)."
            )
        return None

    def prepare_forms(self, count):
        batch = self.sequence = self.sequence + 1

        def one(n):
            email = f"prospect-{self.run_id}-{batch}-{n}@example.com"
            return Prepared(prepare_submission(self.client, FORM_PATH, n, email))

        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(one, range(count)))

    def requests_for(self, scenario):
        if scenario.clear_cache:
            self.clear_page_cache()
        if scenario.key == "submit":
            return [p.request for p in self.prepare_forms(self.forms_needed())]
        requests = get_requests(scenario.key, self.data)
        if not scenario.clear_cache:
            for request in requests[:20] * 2:  # fill the cache, then a hit
                self.client.request("GET", request.path, headers=request.headers)
        return requests

    def forms_needed(self):
        """One fresh form per post: posting is rarely faster than getting the form."""
        rate = self.rates.get("submit") or self.rates.get("form") or 150
        return int(rate * self.options.seconds * 1.5) + 20

    def clear_page_cache(self):
        # Django's cache keys are "prefix:version:key"; Celery's keys never look
        # like that, so the broker's queues and bindings survive.
        keys = list(self.redis.scan_iter(match="*:1:*", count=1000))
        for start in range(0, len(keys), 500):
            self.redis.delete(*keys[start : start + 500])

    def warm_up(self, seconds=2):
        """An unrecorded floor round: the first seconds of a new stack run slow."""
        run_wrk(
            self.base_url,
            get_requests(FLOOR.key, self.data),
            seconds,
            connections=self.options.connections,
            threads=self.options.threads,
            headers=LOAD_HEADERS,
        )

    def run(self, scenario):
        requests = self.requests_for(scenario)
        first_email, started = len(self.mailbox.messages), time.monotonic()
        result = run_wrk(
            self.base_url,
            requests,
            self.options.seconds,
            connections=self.options.connections,
            threads=self.options.threads,
            headers=LOAD_HEADERS,
        )
        if scenario.clear_cache and result.requests > len(requests):
            self.notes.append(
                f"{scenario.label}: {result.requests} requests for {len(requests)} "
                "distinct pages in one round, so some may have come from the cache"
            )
        self.rates[scenario.key] = result.rps
        if scenario.key == "submit":
            if result.requests > len(requests):
                self.notes.append(
                    f"a submission round sent {result.requests} posts for "
                    f"{len(requests)} forms: some forms were posted twice"
                )
            # The emails of this round are sent before the next round starts.
            if not wait_quiet(self.mailbox, quiet=2.0, timeout=180):
                self.notes.append("the outbox was still sending 180 s after a round")
            self.record_delivery(first_email, started, result)
        self.check_alive()
        self.sample_memory()
        return result

    def record_delivery(self, first_email, started, result):
        """How fast the Celery worker emptied the outbox a submission round filled."""
        emails = self.mailbox.messages[first_email:]
        if emails:
            seconds = emails[-1].arrived - started
            self.deliveries.append(
                {
                    "posts": result.statuses.get(302, 0) + result.statuses.get(303, 0),
                    "emails": len(emails),
                    "seconds": round(seconds, 1),
                    "emails_per_s": round(len(emails) / seconds, 1),
                }
            )

    def check_alive(self):
        self.web.check_alive()
        self.worker.check_alive()

    def sample_memory(self):
        web, worker = self.web.popen.pid, self.worker.popen.pid
        for role, pids in (
            ("web worker", children(web)),  # not the master
            ("Celery worker", [worker, *children(worker)]),
        ):
            for pid in pids:
                self.peak_rss[role] = max(self.peak_rss[role], peak_rss_mib(pid) or 0)


class Prepared:
    def __init__(self, submission):
        self.submission = submission
        self.request = Request(
            "POST",
            submission.path,
            submission.body,
            tuple(submission.headers.items()),
        )


def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def peak_rss_mib(pid):
    """VmHWM: the most resident memory the process has ever had, in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def last_exception(log_path):
    """The last exception line in a log (plain or JSON lines), for a 500's cause."""
    found = None
    lines = Path(log_path).read_text(errors="replace").splitlines()[-400:]
    for line in lines:
        if line.startswith("{"):
            try:
                line = json.loads(line).get("exc_info") or ""
            except ValueError:
                continue
        for candidate in line.splitlines():
            if EXCEPTION_LINE.match(candidate):
                found = candidate.strip()
    return found
