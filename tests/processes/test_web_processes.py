"""The image's processes, run here as the Dockerfile and docker-compose.yml run them.

Docker is not available in CI, so each test runs the same commands on the host
under config.settings.production: collectstatic and migrate, gunicorn with
config/gunicorn.py, the Celery worker with the Compose health check, and beat.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time

import pytest

from tests.support.production import PRODUCTION_ENV, ROOT, run_python
from tests.support.services import free_port

pytestmark = pytest.mark.services

HOST = "portal.example.com"


@pytest.fixture(scope="module")
def stack_env(tmp_path_factory, private_redis):
    """Production settings on a throwaway SQLite file and a private Redis."""
    tmp_path = tmp_path_factory.mktemp("stack")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": private_redis.url,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
    }
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        result = run_python(["manage.py", *command], **env)
        assert result.returncode == 0, result.stderr
    return env


def start(args, env, log_path):
    log = log_path.open("w")
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(port, path, host=HOST, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host, **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def json_lines(log_path):
    """Every line of output, which must all be JSON objects."""
    return [json.loads(line) for line in log_path.read_text().splitlines()]


def json_objects(log_path):
    """The JSON lines of an output that starts with a plain banner, as Celery's."""
    return [
        json.loads(line)
        for line in log_path.read_text().splitlines()
        if line.startswith("{")
    ]


def wait_for_output(process, log_path, text, timeout=30):
    """Wait until the process writes text; fail with its output if it exits first
    or takes longer than timeout seconds."""
    deadline = time.monotonic() + timeout
    while text not in log_path.read_text():
        assert process.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)


@pytest.fixture(scope="module")
def gunicorn(stack_env, tmp_path_factory):
    port = free_port()
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        **stack_env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
    }
    process = start(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py"],
        env,
        log_path,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # Probed by address, as Docker's HEALTHCHECK does.
                response, _body = get(port, "/healthz", host=f"127.0.0.1:{port}")
                if response.status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        yield port, log_path
    finally:
        stop(process)


def test_gunicorn_serves_health_redirects_to_https_and_sends_hsts(gunicorn):
    port, _log_path = gunicorn
    response, body = get(port, "/healthz", host="127.0.0.1")
    assert response.status == 200
    assert json.loads(body)["checks"] == {"database": "ok", "redis": "ok"}

    response, _body = get(port, "/robots.txt")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/robots.txt"

    response, _body = get(port, "/robots.txt", **{"X-Forwarded-Proto": "https"})
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security").startswith(
        "max-age=31536000"
    )
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")


def test_gunicorn_serves_hashed_compressed_static_files_cached_for_a_year(gunicorn):
    port, _log_path = gunicorn
    https = {"X-Forwarded-Proto": "https"}
    _response, page = get(port, "/admin/login/", **https)
    stylesheet = re.search(rb'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the admin page links no hashed stylesheet"

    response, _body = get(
        port, stylesheet.group(1).decode(), **https, **{"Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    cache_control = response.getheader("Cache-Control")
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control


def test_gunicorn_logs_json_lines_with_request_ids_and_no_client_address(gunicorn):
    port, log_path = gunicorn
    response, _body = get(
        port,
        "/missing/prospect@example.org/?email=prospect@example.org",
        **{"X-Forwarded-Proto": "https", "User-Agent": "VisitorBrowser/1.0"},
    )
    assert response.status == 404
    request_id = response.getheader("X-Request-ID")

    def about_this_request(logger):
        return [
            line
            for line in json_lines(log_path)
            if line["logger"] == logger and line.get("request_id") == request_id
        ]

    deadline = time.monotonic() + 10
    while not about_this_request("gunicorn.access"):
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.1)
    [access] = about_this_request("gunicorn.access")
    [warning] = about_this_request("django.request")
    assert warning["message"] == "Not Found: /missing/[email]/"
    assert access["status"] == 404
    assert {"timestamp", "level", "logger", "message", "method"} <= set(access)
    assert access["method"] == "GET"
    output = log_path.read_text()
    for leak in ("prospect@example.org", "VisitorBrowser", "email="):
        assert leak not in output
    assert "127.0.0.1" not in json.dumps([warning, access])


def test_celery_worker_logs_json_and_answers_the_compose_health_check(
    stack_env, tmp_path
):
    log_path = tmp_path / "worker.log"
    # The node name Celery gives itself, which the Compose check addresses as
    # celery@$HOSTNAME.
    node = f"celery@{socket.gethostname()}"
    worker = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
        ],
        stack_env,
        log_path,
    )
    try:
        wait_for_output(worker, log_path, "ready.")
        ping = run_python(
            ["-m", "celery", "-A", "config", "inspect", "ping", "--destination", node],
            **stack_env,
        )
        assert ping.returncode == 0, ping.stdout + ping.stderr
        assert "pong" in ping.stdout
    finally:
        stop(worker)
    logged = json_objects(log_path)
    assert any(line["message"] == f"{node} ready." for line in logged)


def test_celery_beat_starts_with_its_schedule_outside_the_code(stack_env, tmp_path):
    log_path = tmp_path / "beat.log"
    schedule = tmp_path / "celerybeat-schedule"
    beat = start(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(schedule),
        ],
        stack_env,
        log_path,
    )
    try:
        wait_for_output(beat, log_path, "beat: Starting")
    finally:
        stop(beat)
    logged = json_objects(log_path)
    assert any(line["logger"] == "celery.beat" for line in logged)
