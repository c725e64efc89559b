"""Real services for the pipeline: PostgreSQL (the test database, committed
data), a private Redis, aiosmtpd, Celery workers and gunicorn as processes."""

import pytest
from django.db import connection

from tests.support.processes import (
    RedisServer,
    WebServer,
    Worker,
    broker_client,
    service_env,
)
from tests.support.services import missing_service

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


class Processes:
    """Starts workers and web servers wired to the test's services."""

    def __init__(self, redis_url, smtp_url, log_dir):
        self.redis_url, self.smtp_url, self.log_dir = redis_url, smtp_url, log_dir
        self.started = []

    def env(self, **overrides):
        return service_env(
            redis_url=self.redis_url, smtp_url=self.smtp_url, **overrides
        )

    def worker(self, name, concurrency=1, **env):
        process = Worker(name, self.env(**env), self.log_dir, concurrency)
        self.started.append(process)
        return process.start()

    def web(self, name, workers=1, **env):
        process = WebServer(name, self.env(**env), self.log_dir, workers)
        self.started.append(process)
        return process.start()

    def logs(self):
        return "\n".join(process.log() for process in self.started)

    def stop_all(self):
        # All at once: a worker takes a couple of seconds to wind down.
        for process in self.started:
            process.terminate()
        for process in self.started:
            process.wait()


@pytest.fixture(scope="module")
def module_processes(services_db, private_redis, smtp_server, log_dir):
    """Processes shared by the tests of a module (started once: they are slow)."""
    started = Processes(private_redis.url, smtp_server.url, log_dir)
    yield started
    started.stop_all()


@pytest.fixture
def processes(services_db, private_redis, smtp_server, log_dir):
    """Processes of one test, stopped when it ends."""
    started = Processes(private_redis.url, smtp_server.url, log_dir)
    yield started
    started.stop_all()


@pytest.fixture
def broker(redis_server):
    return broker_client(redis_server.url)
