"""Starting, watching and always stopping the processes the benchmark runs."""

import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Match|DoesNotExist)\b")


class StackError(RuntimeError):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=25):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def last_exception(log_path):
    """The last exception line in a log (plain or JSON lines), for a 500's cause."""
    found = None
    for line in log_tail(log_path, 400).splitlines():
        if line.startswith("{"):
            try:
                line = json.loads(line).get("exc_info") or ""
            except ValueError:
                continue
        for candidate in line.splitlines():
            if EXCEPTION_LINE.match(candidate):
                found = candidate.strip()
    return found


def run(argv, env, log_path):
    """Run a setup command to completion, its output in log_path."""
    with open(log_path, "ab") as log:
        done = subprocess.run(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    if done.returncode:
        raise StackError(
            f"{' '.join(argv[1:])} failed (exit {done.returncode}); end of "
            f"{log_path}:\n{log_tail(log_path)}"
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


class Stack:
    """The processes of one benchmark run; leaving the block stops them all."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.processes = {}
        self._exit = ExitStack()

    def __enter__(self):
        self._exit.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._exit.__exit__(*exc_info)

    def log_path(self, name):
        return self.log_dir / f"{name}.log"

    def start(self, name, argv, env):
        # A session of its own: Ctrl-C reaches only us, and we stop the whole group.
        with open(self.log_path(name), "ab") as log:
            proc = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self.processes[name] = proc
        self._exit.callback(self.stop, name)
        return proc

    def stop(self, name, grace=10):
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def callback(self, function, *args):
        self._exit.callback(function, *args)

    def wait_until(self, name, ready, what, timeout=60):
        proc = self.processes[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StackError(
                    f"{name} exited with {proc.returncode} before {what}; "
                    f"end of {self.log_path(name)}:\n{log_tail(self.log_path(name))}"
                )
            if ready():
                return
            time.sleep(0.2)
        raise StackError(
            f"{name}: no {what} after {timeout} s; end of {self.log_path(name)}:\n"
            + log_tail(self.log_path(name))
        )

    def check_alive(self):
        for name, proc in self.processes.items():
            if proc.poll() is not None:
                raise StackError(
                    f"{name} died (exit {proc.returncode}); end of "
                    f"{self.log_path(name)}:\n{log_tail(self.log_path(name))}"
                )

    def start_redis(self, port):
        argv = [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(self.log_dir)),
        ]
        self.start("redis", argv, os.environ.copy())
        self.wait_until("redis", lambda: _answers(port, b"PING\r\n"), "PONG")

    def start_gunicorn(self, port, env, workers):
        argv = [str(BIN / "gunicorn")]
        if GUNICORN_CONFIG.exists():
            # Production's own gunicorn settings; the command line overrides them.
            argv += ["--config", str(GUNICORN_CONFIG.relative_to(ROOT))]
        argv += [
            "config.wsgi:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
            # At the floor's rate max_requests would restart a worker every few
            # seconds: the rounds would measure restarts, and no worker would
            # live long enough to show its peak memory.
            *("--max-requests", "0"),
        ]
        self.start("gunicorn", argv, env)
        self.wait_until(
            "gunicorn",
            lambda: (
                _http_ok(f"http://127.0.0.1:{port}/bench/floor/")
                and len(children(self.processes["gunicorn"].pid)) >= workers
            ),
            "answer on /bench/floor/",
        )

    def start_celery(self, env, concurrency):
        argv = [
            *(str(BIN / "celery"), "-A", "config", "worker"),
            *("--concurrency", str(concurrency), "--loglevel", "INFO"),
            *("--hostname", f"bench-{os.getpid()}@%h"),
        ]
        self.start("celery", argv, env)
        self.wait_until(
            "celery",
            lambda: " ready." in log_tail(self.log_path("celery"), 200),
            "'ready' line in its log",
        )

    def process_tree(self, name):
        proc = self.processes.get(name)
        if proc is None:
            return []
        return [proc.pid, *children(proc.pid)]


def _die_with_parent():
    # Even if the bench itself is killed with SIGKILL, nothing it started lingers.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _answers(port, probe):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(probe)
            return bool(sock.recv(64))
    except OSError:
        return False


def _http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False
