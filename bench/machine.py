"""The machine and versions a run was taken on, for the table's header."""

import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _output(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    except OSError:
        return ""
    return (done.stdout or done.stderr).strip()


def _first_line(argv):
    return (_output(argv).splitlines() or ["?"])[0]


def describe(postgresql_version, load_generator):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory_kib = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    pretty = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in _read("/etc/os-release").splitlines()
            if line.startswith("PRETTY_NAME=")
        ),
        platform.system(),
    )
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"])
    if _output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes)"
    redis = _first_line(["redis-server", "--version"]).split("v=")[-1].split()[0]
    return {
        "cpu": cpu,
        "nproc": len(os.sched_getaffinity(0)),
        "memory_gib": memory_kib / 1024 / 1024,
        "os": f"{pretty}, Linux {platform.release()}",
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "celery": importlib.metadata.version("celery"),
        "postgresql": postgresql_version,
        "redis": redis,
        "load_generator": load_generator,
        "commit": commit,
        "load_average": round(os.getloadavg()[0], 2),
    }
