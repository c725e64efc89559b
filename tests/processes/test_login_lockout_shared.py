"""Failed staff logins are counted in PostgreSQL (django-axes' database
handler), so every web process enforces the same lockout. Two gunicorn servers
stand for two workers or replicas; clients are told apart by their source
address (127.0.0.1 and 127.0.0.2)."""

from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import make_password

from tests.support.formclient import Client, hidden_value
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.services

LOGIN = "/admin/login/"
LIMIT = 3
LOCKED = "Too many failed logins"


def log_in(client, username, password):
    page = client.request("GET", LOGIN)
    assert page.status == 200, page.text[:300]
    cookie = SimpleCookie(page.headers.get("set-cookie", ""))
    body = urlencode(
        {
            "csrfmiddlewaretoken": hidden_value(page.text, "csrfmiddlewaretoken"),
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    )
    return client.request(
        "POST",
        LOGIN,
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        },
    )


def account(username):
    # No role: the groups of the data migration are gone once another test
    # has emptied the tables, and a lockout does not depend on them.
    user = staff_user(None, username=username)
    user.password = make_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_failures_through_one_process_lock_logins_through_the_other(
    committed, redis_server, processes, settings
):
    # The servers run with Django's default hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    env = {"STAFF_LOGIN_FAILURE_LIMIT": str(LIMIT)}
    first = processes.web("web-a", **env)
    second = processes.web("web-b", **env)
    victim, colleague = account("victim"), account("colleague")

    here = [Client(first.port), Client(second.port)]
    statuses = [log_in(here[0], "victim", "wrong-guess").status for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]

    # The right password through the other process is refused as well...
    refused = log_in(here[1], "victim", PASSWORD)
    assert refused.status == 429
    assert LOCKED in refused.text
    # ...and so is this address, for another account,
    assert log_in(here[1], "colleague", PASSWORD).status == 429
    # while the account stays locked from another address too.
    there = Client(second.port, source="127.0.0.2")
    assert log_in(there, "victim", PASSWORD).status == 429
    assert log_in(there, "colleague", PASSWORD).status == 302
    assert victim.pk and colleague.pk
