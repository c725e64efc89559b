import subprocess
import time

import pytest
import redis

from tests.conftest import free_port

from .production import SECURITY_SETTINGS, production_settings


@pytest.fixture(scope="session")
def production_security():
    return production_settings(*SECURITY_SETTINGS)


@pytest.fixture
def https_only(settings, production_security):
    """The test settings with production's HTTPS, HSTS and cookie settings."""
    for name, value in production_security.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture(scope="module")
def private_redis_url(redis_server_binary, tmp_path_factory):
    """A Redis of our own on a free port, for one test module."""
    port = free_port()
    process = subprocess.Popen(
        [
            redis_server_binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.2)
    try:
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
