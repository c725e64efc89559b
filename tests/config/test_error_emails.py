"""No visitor can flood the operators' mailbox: the same error is emailed to
DJANGO_ADMINS at most once per ERROR_EMAIL_THROTTLE_MINUTES."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from config.error_reports import ThrottleRepeatedErrors
from config.settings.base import page_cache
from tests.support.services import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.config.error_urls")]


@pytest.fixture(autouse=True)
def admins(settings):
    settings.ADMINS = [("Operators", "ops@example.com")]
    settings.ERROR_EMAIL_THROTTLE_MINUTES = 10
    ThrottleRepeatedErrors.local.clear()


def fail(path, times=1):
    client = Client(raise_request_exception=False)
    for _ in range(times):
        assert client.get(path).status_code == 500


def test_the_same_error_twenty_times_is_one_email():
    fail("/test-failure/", times=20)
    assert len(mail.outbox) == 1
    assert "RuntimeError" in mail.outbox[0].body


def test_the_same_error_from_another_url_is_still_the_same_error():
    fail("/test-failure/")
    fail("/test-failure/elsewhere/", times=5)
    assert len(mail.outbox) == 1


def test_a_different_error_gets_its_own_email():
    fail("/test-failure/", times=3)
    fail("/test-other-failure/", times=3)
    assert sorted("LookupError" in message.body for message in mail.outbox) == [
        False,
        True,
    ]


def test_the_same_error_is_emailed_again_after_the_interval():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0), tick=False) as t:
        fail("/test-failure/")
        t.shift(datetime.timedelta(minutes=9))
        fail("/test-failure/")
        assert len(mail.outbox) == 1
        t.shift(datetime.timedelta(minutes=2))
        fail("/test-failure/")
    assert len(mail.outbox) == 2


def test_with_the_cache_down_errors_are_still_emailed_and_throttled(settings):
    # As configured: django-redis answers None when Redis does not.
    settings.CACHES = {"default": page_cache(f"redis://127.0.0.1:{free_port()}/0")}
    fail("/test-failure/", times=5)
    assert len(mail.outbox) == 1
