"""Load generators: wrk with bench/wrk.lua, or Python threads where wrk is missing.

Both take a list of requests (cycled through) and return the same RoundResult.
"""

import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .stats import percentile

LUA_SCRIPT = Path(__file__).with_name("wrk.lua")
JSON_MARK = "BENCH_JSON "


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def line(self):
        fields = [self.method, self.path, self.body]
        fields += [f"{name}: {value}" for name, value in self.headers]
        if any(("\t" in f or "\n" in f or "\r" in f) for f in fields):
            raise ValueError(f"request for {self.path} has a tab or newline")
        return "\t".join(fields)


@dataclass
class RoundResult:
    requests: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def unexpected(self, expected):
        """Responses with a status outside `expected`, plus socket errors."""
        wrong = sum(n for status, n in self.statuses.items() if status not in expected)
        return wrong + sum(self.socket_errors.values())

    def as_dict(self):
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "socket_errors": self.socket_errors,
            "latency_ms": self.latency_ms,
        }


def parse_wrk_output(text):
    """The RoundResult in the JSON line bench/wrk.lua's done() prints."""
    for line in text.splitlines():
        if line.startswith(JSON_MARK):
            data = json.loads(line[len(JSON_MARK) :])
            break
    else:
        raise ValueError("wrk printed no BENCH_JSON line:\n" + text[-2000:])
    return RoundResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        statuses={int(k): v for k, v in data["statuses"].items()},
        socket_errors={k: v for k, v in data["socket_errors"].items() if v},
        latency_ms={k: round(v / 1000, 2) for k, v in data["latency_us"].items()},
    )


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(base_url, requests, seconds, *, connections, threads, headers=()):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", prefix="bench-") as file:
        file.write("\n".join(r.line() for r in requests) + "\n")
        file.flush()
        argv = [
            "wrk",
            *("-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"),
            *("--timeout", "10s", "-s", str(LUA_SCRIPT)),
        ]
        for name, value in headers:
            argv += ["-H", f"{name}: {value}"]
        argv += [base_url, "--", file.name, str(threads)]
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=seconds + 60
        )
    if done.returncode:
        raise RuntimeError(f"wrk exited with {done.returncode}: {done.stderr}")
    return parse_wrk_output(done.stdout)


def run_python(base_url, requests, seconds, *, connections, threads=None, headers=()):
    """A fallback with the same contract; slower per request than wrk."""
    host, port = base_url.split("//", 1)[1].rstrip("/").split(":")
    lock = threading.Lock()
    position = iter(range(10**12))
    latencies, statuses, socket_errors = [], {}, {}
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                request = requests[next(position) % len(requests)]
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            started = time.monotonic()
            try:
                connection.request(
                    request.method,
                    request.path,
                    body=request.body or None,
                    headers=dict(headers) | dict(request.headers),
                )
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    kind = "timeout" if isinstance(exc, TimeoutError) else "read"
                    socket_errors[kind] = socket_errors.get(kind, 0) + 1
                continue
            finally:
                connection.close()
            with lock:
                latencies.append(time.monotonic() - started)
                statuses[response.status] = statuses.get(response.status, 0) + 1

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    return RoundResult(
        requests=len(latencies),
        seconds=elapsed,
        statuses=statuses,
        socket_errors=socket_errors,
        latency_ms={
            name: round(percentile(latencies, p) * 1000, 2) if latencies else 0.0
            for name, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
        },
    )
