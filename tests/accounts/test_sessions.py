"""Staff sessions end after 30 idle minutes, 12 hours after login, and with
the browser."""

import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from leads.services.roles import SALES
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db
LEADS = reverse("admin:leads_lead_changelist")


def later(minutes):
    return time_machine.travel(time.time() + minutes * 60, tick=False)


def test_defaults():
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    assert settings.STAFF_SESSION_MAX_HOURS == 12
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_the_session_cookie_ends_with_the_browser():
    client = client_for(staff_user(SALES))
    with later(2):
        response = client.get(LEADS)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def test_an_idle_session_ends_after_thirty_minutes(security_log):
    user = staff_user(SALES)
    client = client_for(user)
    with later(29):
        assert client.get(LEADS).status_code == 200
    with later(29 + 31):
        response = client.get(LEADS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    (ended,) = security_log("session_ended")
    assert (ended.user_id, ended.reason) == (user.pk, "idle")


def test_a_busy_session_ends_twelve_hours_after_login(security_log):
    user = staff_user(SALES)
    client = client_for(user)
    for minutes in range(20, 12 * 60, 20):
        with later(minutes):
            assert client.get(LEADS).status_code == 200, minutes
    with later(12 * 60 + 1):
        response = client.get(LEADS)
    assert response.status_code == 302
    (ended,) = security_log("session_ended")
    assert ended.reason == "lifetime"


def test_the_idle_timeout_is_configurable(settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client = client_for(staff_user(SALES))
    with later(6):
        assert client.get(LEADS).status_code == 302
