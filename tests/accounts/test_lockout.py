"""Failed logins through the admin's login form lock the account and the client
address (django-axes, counted in the database every web process shares)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.events import username_key
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.logins import admin_login
from tests.support.mfa import log_in_verified
from tests.support.staff import staff_user

LOCKED = "Too many failed logins"
WRONG = "wrong-password-guess"
pytestmark = pytest.mark.django_db


def fail(app, username, times):
    return [
        admin_login(app, username, WRONG, status="*").status_code for _ in range(times)
    ]


def assert_locked_page(response):
    """The admin's login page, with the lockout message, not a bare 403."""
    assert response.status_code == 429
    assert LOCKED in response.text
    assert response.html.select_one("p.errornote").text.startswith(LOCKED)
    assert response.forms["login-form"]
    assert "African Security Analysis" in response.text


def test_the_limit_is_five_failures_then_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_n_wrong_passwords_lock_and_the_right_one_is_then_refused(app, password):
    user = staff_user(SALES)
    limit = settings.AXES_FAILURE_LIMIT
    statuses = fail(app, user.username, limit)
    assert statuses == [200] * (limit - 1) + [429]

    refused = admin_login(app, user.username, password, status="*")
    assert_locked_page(refused)
    assert "_auth_user_id" not in app.session


def test_an_unknown_username_is_locked_with_the_same_message(app):
    statuses = fail(app, "nobody-by-this-name", settings.AXES_FAILURE_LIMIT + 1)
    assert statuses[-1] == 429
    response = admin_login(app, "nobody-by-this-name", WRONG, status="*")
    assert_locked_page(response)


def test_the_address_is_locked_whichever_usernames_it_tries(app_from, password):
    victim = staff_user(SALES)
    attacker = app_from("198.51.100.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(attacker, f"guess-{n}", WRONG, status="*")
    assert_locked_page(admin_login(attacker, victim.username, password, status="*"))

    elsewhere = app_from("198.51.100.8")
    assert admin_login(elsewhere, victim.username, password).status_code == 302


def test_the_account_is_locked_from_every_address(app_from, password):
    user = staff_user(SALES)
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(app_from(f"198.51.100.{n + 1}"), user.username, WRONG, status="*")
    response = admin_login(app_from("203.0.113.9"), user.username, password, status="*")
    assert_locked_page(response)


def test_the_address_is_the_one_the_trusted_proxy_saw(app, settings, password):
    settings.LEADS_TRUSTED_PROXY_COUNT = 1
    user = staff_user(SALES)
    headers = {"X-Forwarded-For": "203.0.113.50"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(app, f"guess-{_}", WRONG, headers=headers, status="*")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 5
    assert admin_login(app, user.username, password).status_code == 302


def test_a_sales_manager_unlocks_and_both_are_logged(
    app, app_from, password, security_log
):
    user = staff_user(SALES)
    fail(app, user.username, settings.AXES_FAILURE_LIMIT)
    assert [r.username_key for r in security_log("login_locked_out")] == [
        username_key(user.username)
    ]

    manager = staff_user(SALES_MANAGERS)
    manager_app = app_from("192.0.2.40")
    log_in_verified(manager_app, manager)
    page = manager_app.get(reverse("admin:axes_accessattempt_changelist"))
    form = page.forms["changelist-form"]
    form["action"] = "unlock"
    for checkbox in form.fields["_selected_action"]:
        checkbox.checked = True
    done = form.submit().follow()
    assert "1 login unlocked." in done.text
    assert not AccessAttempt.objects.exists()
    (unlocked,) = security_log("login_unlocked")
    assert unlocked.user_id == manager.pk

    assert admin_login(app, user.username, password).status_code == 302


def test_sales_cannot_unlock(app):
    sales_app = app
    log_in_verified(sales_app, staff_user(SALES))
    url = reverse("admin:axes_accessattempt_changelist")
    assert sales_app.get(url, status="*").status_code == 403
