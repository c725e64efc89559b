"""Submissions per client are limited; the client is the socket's address unless
trusted proxies are configured. (The same limit across two gunicorn workers
sharing Redis: tests/processes/test_rate_limit_shared.py.)"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from leads.models import Lead
from leads.services.intake.throttling import client_address, local_counts
from tests.support.processes import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_an_hour(settings):
    # Counted per hour all the same: django-ratelimit counts in fixed windows,
    # and a slow run that crossed a minute's boundary would count again.
    settings.LEADS_RATE_LIMIT = "3/h"


def post(client, data, address="198.51.100.7", **headers):
    return client.post(
        reverse("leads:request"), data, REMOTE_ADDR=address, headers=headers
    )


def test_over_the_limit_a_client_gets_a_friendly_429_and_nothing_is_stored(
    client, valid_data, three_an_hour
):
    for _ in range(3):
        assert post(client, valid_data).status_code == 302
    response = post(client, valid_data)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Please wait a moment" in response.content.decode()
    assert Lead.objects.count() == 3


def test_invalid_and_bot_posts_count_too(client, valid_data, three_an_hour):
    post(client, valid_data | {"email": "bad"})
    post(client, valid_data | {"website": "bot"})
    post(client, valid_data)
    assert post(client, valid_data).status_code == 429


def test_another_client_is_not_affected(client, valid_data, three_an_hour):
    for _ in range(4):
        post(client, valid_data)
    assert post(client, valid_data, address="203.0.113.9").status_code == 302


def test_a_spoofed_forwarded_for_does_not_reset_the_limit(
    client, valid_data, three_an_hour
):
    for n in range(3):
        post(client, valid_data, x_forwarded_for=f"10.0.0.{n}")
    response = post(client, valid_data, x_forwarded_for="192.0.2.200")
    assert response.status_code == 429


def test_reading_the_form_is_not_limited(client, three_an_hour):
    for _ in range(6):
        assert client.get(reverse("leads:request")).status_code == 200


@pytest.fixture
def stopped_redis(redis_server_binary, tmp_path, settings):
    """The cache is a private Redis that was running and has been stopped."""
    server = RedisServer(redis_server_binary, tmp_path).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.RATELIMIT_USE_CACHE = "default"
    server.stop()
    yield
    local_counts.clear()


def test_with_the_shared_cache_down_the_limit_is_counted_in_the_process(
    client, valid_data, three_an_hour, stopped_redis, caplog
):
    for _ in range(3):
        assert post(client, valid_data).status_code == 302
    assert post(client, valid_data).status_code == 429
    assert post(client, valid_data, address="203.0.113.9").status_code == 302

    warnings = [
        r for r in caplog.records if r.name == "leads.services.intake.throttling"
    ]
    assert warnings
    assert {r.levelname for r in warnings} == {"WARNING"}
    assert {r.getMessage() for r in warnings} == {
        "Rate limit counted in this process only: the shared cache did not answer"
    }
    assert not any("198.51.100.7" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "192.0.2.1"),
        (0, "203.0.113.5", "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client prepended one
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "192.0.2.1"),  # fewer hops than proxies: not via them
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.LEADS_TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1", **headers)
    assert client_address(request) == expected
