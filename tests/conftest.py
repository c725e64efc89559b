"""Shared fixtures: real services are found or the test skips, except under CI.

Under CI=true a test whose service is missing fails instead of skipping, so a
green run always means the real-service tests ran.
"""

import contextlib
import shutil

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client

from briefings.cache import forget as forget_recent_pages
from tests.support.mfa import log_in_verified
from tests.support.receiver import Receiver
from tests.support.services import free_port, missing_service
from tests.support.smtp import SMTPServer

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """Cached pages must not leak from one test into the next.

    Only a local-memory cache is emptied: the shared Redis is never flushed.
    """
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    forget_recent_pages()


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, past the second step of the login."""
    return log_in_verified(Client(), admin_user)


# Set in place by django-webtest's django_app and put back on whatever override
# of pytest-django's `settings` is on top by then, which may not be the base.
WEBTEST_PATCHED = (
    "DEBUG_PROPAGATE_EXCEPTIONS",
    "MIDDLEWARE",
    "AUTHENTICATION_BACKENDS",
)


@pytest.fixture(autouse=True)
def _webtest_settings_put_back():
    """Once every override is gone, the settings django-webtest patched are as
    they were: a leaked DEBUG_PROPAGATE_EXCEPTIONS turns later 500 pages into
    exceptions."""
    original = {name: getattr(settings, name) for name in WEBTEST_PATCHED}
    yield
    for name, value in original.items():
        setattr(settings, name, value)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        missing_service("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture(scope="session")
def redis_url():
    """The shared Redis from REDIS_URL; tests must not stop, flush or flood it."""
    url = settings.REDIS_URL
    if not url:
        missing_service("needs Redis: set REDIS_URL=redis://...")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        missing_service(f"Redis at REDIS_URL does not answer: {exc}")
    return url


@pytest.fixture(scope="session")
def redis_server_binary():
    path = shutil.which("redis-server")
    if not path:
        missing_service("needs the redis-server binary to start a private Redis")
    return path


@pytest.fixture(scope="session")
def nginx_binary():
    path = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not path:
        missing_service("needs Debian's nginx (apt-get install nginx-light)")
    return path


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing_service("needs Debian's chromium package (apt-get install chromium)")
    return path


@pytest.fixture
def chromium_browser(chromium_path):
    """`with chromium_browser() as browser:` runs Chromium for the block.

    Playwright runs an event loop, inside which Django refuses ORM calls: set the
    database up before the block and check it after.
    """
    from playwright.sync_api import sync_playwright

    @contextlib.contextmanager
    def launch():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()

    return launch


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django sends through a real SMTP server; returns what it received."""
    smtp_server.mailbox.reset()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_server.mailbox


@pytest.fixture(scope="session")
def receiver_server():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def receiver(receiver_server):
    """A real HTTP server on 127.0.0.1 that receives webhooks and checks
    their signature; emptied for each test."""
    receiver_server.reset()
    return receiver_server
