"""The real processes the pipeline tests start: Redis, Celery workers, gunicorn,
and nginx with the stack's proxy configuration.

Each runs in a session of its own, so stopping or killing it takes its children
(a prefork worker's pool) too, and dies with the test run if pytest is killed.
"""

import ctypes
import getpass
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from string import Template

import redis
from celery import Celery
from django.conf import settings

from tests.support.services import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def wait_until(condition, what, timeout=30.0, interval=0.05, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None:
            process.check_alive()
        if result := condition():
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Process:
    # The tests need no graceful shutdown: gunicorn and Celery both stop at
    # once on SIGQUIT (a Celery message in flight stays unacknowledged).
    stop_signal = signal.SIGQUIT

    def __init__(self, name, argv, env, log_path):
        self.name, self.argv, self.env, self.log_path = name, argv, env, log_path
        self.popen = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        return self

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def check_alive(self):
        if self.popen is not None and self.popen.poll() is not None:
            raise AssertionError(
                f"{self.name} exited with {self.popen.returncode}:\n"
                + "\n".join(self.log().splitlines()[-30:])
            )

    def kill(self):
        """SIGKILL the whole group: no cleanup, no acknowledgement, nothing."""
        self._signal(signal.SIGKILL)
        self.popen.wait(10)

    def stop(self, grace=10):
        self.terminate()
        self.wait(grace)

    def terminate(self):
        if self.running:
            self._signal(self.stop_signal)

    def wait(self, grace=10):
        if self.popen is None:
            return
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, sig):
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass


class RedisServer(Process):
    """A Redis of the test's own, which it may stop, restart and flush."""

    stop_signal = signal.SIGTERM

    def __init__(self, binary, log_dir):
        self.port = free_port()
        super().__init__(
            "redis",
            [
                binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(log_dir)),
            ],
            os.environ.copy(),
            Path(log_dir) / "redis.log",
        )

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2)

    def start(self):
        super().start()
        wait_until(self._answers, "redis to answer PING", process=self)
        return self

    def _answers(self):
        try:
            return self.client().ping()
        except redis.RedisError:
            return False


def database_url():
    """The test database, as a URL for processes started by the test."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def service_env(*, redis_url, smtp_url, **overrides):
    """The environment of a process that runs the portal with real services,
    configured the way an operator would: local settings plus variables."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CELERY_", "LEADS_", "EMAIL_", "GUNICORN_"))
        and name not in ("DATABASE_URL", "REDIS_URL", "SITE_URL", "PYTEST_CURRENT_TEST")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        EMAIL_URL=smtp_url,
        EMAIL_TIMEOUT="5",
        SITE_URL="https://portal.example",
        LEADS_NOTIFY_EMAILS="sales@asa.example",
        LEADS_MIN_FILL_SECONDS="0",
        LEADS_RATE_LIMIT="100000/m",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


class Worker(Process):
    def __init__(self, name, env, log_dir, concurrency=1):
        super().__init__(
            name,
            [
                str(BIN / "celery"),
                *("-A", "config", "worker", "--pool=prefork"),
                f"--concurrency={concurrency}",
                *("--hostname", f"{name}@%h", "--loglevel", "INFO"),
                *("--without-heartbeat", "--without-mingle", "--without-gossip"),
            ],
            env,
            Path(log_dir) / f"{name}.log",
        )

    def start(self):
        super().start()
        wait_until(lambda: " ready." in self.log(), f"{self.name} ready", process=self)
        return self


def _answers_on(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class WebServer(Process):
    """gunicorn with the project's own configuration."""

    def __init__(self, name, env, log_dir, workers=1):
        self.port = free_port()
        super().__init__(
            name,
            [
                str(BIN / "gunicorn"),
                *("--config", "config/gunicorn.py"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)),
            ],
            env,
            Path(log_dir) / f"{name}.log",
        )

    def start(self):
        super().start()
        wait_until(
            lambda: _answers_on(self.port), f"{self.name} to answer", process=self
        )
        return self


PROXY_TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "portal.conf.template"


def proxy_config(**variables):
    """The stack's proxy configuration, rendered as the nginx image's envsubst
    does: only these variables are replaced, nginx's own ($host...) are kept."""
    text = Template(PROXY_TEMPLATE.read_text()).safe_substitute(variables)
    assert "${PORTAL_" not in text, "a variable of the template was not given"
    return text


class Nginx(Process):
    """Debian's nginx on a free port, with deploy/nginx's configuration in the
    http block of a minimal main file, as the nginx image includes conf.d/."""

    stop_signal = signal.SIGTERM

    def __init__(self, binary, upstream_port, log_dir, **variables):
        self.port = free_port()
        prefix = Path(log_dir) / f"nginx-{self.port}"
        prefix.mkdir()
        for path in ("static", "media"):
            (prefix / path).mkdir()
        self.static_root, self.media_root = prefix / "static", prefix / "media"
        variables = {
            "PORTAL_LISTEN": f"127.0.0.1:{self.port}",
            "PORTAL_UPSTREAM": f"127.0.0.1:{upstream_port}",
            "PORTAL_RESOLVER": "127.0.0.1",
            "PORTAL_UPLOAD_MAX_BODY_SIZE": str(settings.UPLOAD_MAX_BODY_SIZE),
            "PORTAL_STATIC_ROOT": str(self.static_root),
            "PORTAL_MEDIA_ROOT": str(self.media_root),
            "PORTAL_FORWARDED_PROTO": "$scheme",
            **variables,
        }
        (prefix / "portal.conf").write_text(proxy_config(**variables))
        temp_paths = "".join(
            f"    {kind}_temp_path {prefix / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (prefix / "nginx.conf").write_text(
            # Workers run as this user, who owns the test's directories.
            f"user {getpass.getuser()};\n"
            "worker_processes 1;\n"
            "daemon off;\n"
            f"pid {prefix / 'nginx.pid'};\n"
            "events { worker_connections 512; }\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            f"    access_log {prefix / 'access.log'};\n"
            f"{temp_paths}"
            f"    include {prefix / 'portal.conf'};\n"
            "}\n"
        )
        super().__init__(
            "nginx",
            [
                binary,
                *("-p", str(prefix), "-e", str(prefix / "error.log")),
                *("-c", str(prefix / "nginx.conf")),
            ],
            os.environ.copy(),
            prefix / "nginx.log",
        )
        self.prefix = prefix

    def start(self):
        super().start()
        wait_until(lambda: _answers_on(self.port), "nginx to answer", process=self)
        return self


def broker_client(redis_url):
    """Sends tasks the way another process of the portal would."""
    app = Celery("tests", broker=redis_url, set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    return app
