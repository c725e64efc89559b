"""The load generator: wrk, with bench/wrk.lua to cycle through a list of
requests (each submission its own form) and count every status."""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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
    """The RoundResult in the JSON line bench/wrk.lua's done() prints.

    >>> result = parse_wrk_output(
    ...     'BENCH_JSON {"requests": 5000, "duration_us": 5000000, '
    ...     '"socket_errors": {"read": 2, "timeout": 0}, '
    ...     '"statuses": {"200": 4990, "500": 8}, '
    ...     '"latency_us": {"p50": 1500, "p99": 12345}}'
    ... )
    >>> result.rps, result.unexpected({200}), result.latency_ms
    (1000.0, 10, {'p50': 1.5, 'p99': 12.35})
    """
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


def ensure_wrk():
    """Whether wrk is installed, after installing Debian's package if we can."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        apt = {
            "env": os.environ | {"DEBIAN_FRONTEND": "noninteractive"},
            "stdout": subprocess.DEVNULL,
            "stderr": subprocess.DEVNULL,
        }
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, **apt).returncode:  # stale package lists
            subprocess.run(["apt-get", "update", "-qq"], **apt)
            subprocess.run(install, **apt)
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
