"""Real services for the pipeline: PostgreSQL (the test database, committed
data), a private Redis, aiosmtpd, Celery workers and gunicorn as processes."""

import pytest
from django.db import connection

from tests.conftest import missing_service

from .processes import RedisServer, WebServer, Worker, broker_client, service_env

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def services_db(django_db_setup, django_db_blocker):
    """The committed test database other processes read; PostgreSQL only."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            missing_service("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def committed(services_db, transactional_db):
    """Data the test writes is committed at once, so workers see it; the tables
    are emptied after the test."""


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("services")


@pytest.fixture(scope="module")
def private_redis(redis_server_binary, log_dir):
    server = RedisServer(redis_server_binary, log_dir).start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(private_redis):
    """The private Redis, running and empty at the start of each test."""
    if not private_redis.running:
        private_redis.start()
    private_redis.client().flushall()
    return private_redis


@pytest.fixture
def mailbox(smtp_server):
    smtp_server.mailbox.reset()
    return smtp_server.mailbox


@pytest.fixture(scope="module")
def processes(services_db, private_redis, smtp_server, log_dir):
    """Starts workers and web servers with the test's services; stops them all."""
    started = []

    class Starter:
        def env(self, **overrides):
            return service_env(
                redis_url=private_redis.url, smtp_url=smtp_server.url, **overrides
            )

        def worker(self, name, concurrency=1, **env):
            process = Worker(name, self.env(**env), log_dir, concurrency).start()
            started.append(process)
            return process

        def web(self, name, workers=1, **env):
            process = WebServer(name, self.env(**env), log_dir, workers).start()
            started.append(process)
            return process

        def logs(self):
            return "\n".join(process.log() for process in started)

    yield Starter()
    for process in started:
        process.stop()


@pytest.fixture
def broker(redis_server):
    return broker_client(redis_server.url)
