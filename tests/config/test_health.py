import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.support.services import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_redis(settings):
    settings.REDIS_URL = ""


def test_healthz_is_at_the_path_the_image_probes():
    assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client, no_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok"},
        "failing": [],
    }


@pytest.mark.django_db
def test_healthz_is_never_cached(client, no_redis):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_checks_redis_when_it_is_configured(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(client, settings):
    port = free_port()
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "redis": "fail"},
        "failing": ["redis"],
    }
    assert str(port) not in response.content.decode()


def test_healthz_names_the_database_when_it_does_not_answer():
    # A separate interpreter pointed at a closed port: the test database and
    # the shared PostgreSQL are never touched.
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://asa@127.0.0.1:{free_port()}/nowhere",
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {
        "status": "fail",
        "checks": {"database": "fail"},
        "failing": ["database"],
    }


@pytest.mark.django_db
def test_healthz_answers_probes_by_address_while_other_pages_check_the_host(
    client, no_redis
):
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/robots.txt", HTTP_HOST="10.1.2.3:8000").status_code == 400


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect(client, https_only, no_redis):
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


@pytest.mark.django_db
def test_healthz_accepts_head_and_refuses_writes(client, no_redis):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
