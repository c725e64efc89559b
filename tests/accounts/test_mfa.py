"""The second step of a staff login: required for everyone who may see leads,
set up on the first login through the rendered pages, then asked every time."""

import base64
import re
import time

import pytest
import time_machine
from django.urls import (
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory
from tests.support.logins import admin_login
from tests.support.mfa import authenticator, code
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db
ENROL = reverse("accounts:enrol")
VERIFY = reverse("accounts:verify")
LEAD_PAGES = [
    reverse("admin:leads_lead_changelist"),
    reverse("admin:leads_prospect_changelist"),
    reverse("leads:dashboard"),
    reverse("admin:index"),
]


def code_from_page(page):
    """What the authenticator app shows once the key on the page is typed in."""
    secret = page.html.select_one("code.two-step-secret").text.strip()
    return f"{totp(base64.b32decode(secret)):06d}"


def enrol(app, page):
    form = page.forms["login-form"]
    form["code"] = code_from_page(page)
    return form.submit().follow()


@pytest.mark.parametrize("role", [SALES, SALES_MANAGERS, "superuser"])
def test_a_password_alone_reaches_no_lead_page(app, password, role):
    if role == "superuser":
        user = staff_user(None, username="root", is_superuser=True)
    else:
        user = staff_user(role)
    lead = LeadFactory()
    assert admin_login(app, user.username, password).status_code == 302
    for url in [*LEAD_PAGES, reverse("admin:leads_lead_change", args=[lead.pk])]:
        response = app.get(url, status="*")
        assert response.status_code == 302, url
        assert response.location.startswith(ENROL), url


def test_an_export_posted_with_a_password_alone_is_refused(app, password):
    user = staff_user(SALES)
    lead = LeadFactory()
    admin_login(app, user.username, password)
    token = app.get(ENROL).forms["login-form"]["csrfmiddlewaretoken"].value
    response = app.post(
        reverse("admin:leads_lead_changelist"),
        {
            "csrfmiddlewaretoken": token,
            "action": "export_leads",
            "_selected_action": [lead.pk],
            "index": 0,
        },
        status="*",
    )
    assert response.status_code == 302
    assert response.location.startswith(ENROL)
    assert lead.email not in response.text


def test_the_first_login_is_guided_through_enrolment(app, password, security_log):
    user = staff_user(SALES)
    lead_list = reverse("admin:leads_lead_changelist")
    response = admin_login(app, user.username, password, next_url=lead_list)
    page = response.follow().follow()
    assert page.request.path == ENROL
    assert page.html.select_one(".two-step-qr svg") is not None
    assert "data:" not in page.html.select_one(".two-step-qr").decode()

    codes_page = enrol(app, page)
    codes = [li.text.strip() for li in codes_page.html.select(".recovery-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert [r.user_id for r in security_log("mfa_enrolled")] == [user.pk]

    lead_page = codes_page.click(href=re.escape(lead_list))
    assert lead_page.status_code == 200
    # Shown once only.
    again = app.get(reverse("accounts:recovery_codes"))
    assert not again.html.select(".recovery-codes li")


def test_a_wrong_code_at_enrolment_is_refused_and_logged(app, password, security_log):
    user = staff_user(SALES)
    admin_login(app, user.username, password)
    form = app.get(ENROL).forms["login-form"]
    form["code"] = "000000"
    page = form.submit()
    assert "That code is not right" in page.text
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert [r.user_id for r in security_log("mfa_failed")] == [user.pk]


def test_the_next_login_asks_for_a_code(app, password, security_log):
    user = staff_user(SALES)
    device = authenticator(user)
    lead_list = reverse("admin:leads_lead_changelist")
    page = admin_login(app, user.username, password, next_url=lead_list)
    page = page.follow().follow()
    assert page.request.path == VERIFY

    form = page.forms["login-form"]
    form["code"] = code(device, offset=-3)
    wrong = form.submit()
    assert "That code is not right" in wrong.text
    assert app.get(lead_list, status="*").status_code == 302

    with _later(2):
        form = wrong.forms["login-form"]
        form["code"] = code(device)
        listed = form.submit().follow()
    assert listed.request.path == lead_list
    assert listed.status_code == 200
    assert [r.user_id for r in security_log("mfa_failed")] == [user.pk]
    (verified,) = security_log("mfa_verified")
    assert verified.user_id == user.pk and verified.recovery_code is False


def _later(seconds):
    """The throttle after a wrong code waits 1 s, then 2 s..."""
    return time_machine.travel(time.time() + seconds, tick=False)


def test_a_recovery_code_works_once(app_from, password):
    user = staff_user(SALES)
    first = app_from("192.0.2.20")
    admin_login(first, user.username, password)
    codes_page = enrol(first, first.get(ENROL))
    recovery = codes_page.html.select_one(".recovery-codes li").text.strip()

    second = app_from("192.0.2.21")
    page = admin_login(second, user.username, password).follow().follow()
    form = page.forms["login-form"]
    form["code"] = recovery.upper()
    assert form.submit().follow().request.path == reverse("admin:index")

    third = app_from("192.0.2.22")
    page = admin_login(third, user.username, password).follow().follow()
    form = page.forms["login-form"]
    form["code"] = recovery
    with _later(2):
        refused = form.submit()
    assert "That code is not right" in refused.text
    assert third.get(LEAD_PAGES[0], status="*").status_code == 302


def test_wrong_codes_are_throttled(app, password):
    user = staff_user(SALES)
    device = authenticator(user)
    page = admin_login(app, user.username, password).follow().follow()
    form = page.forms["login-form"]
    form["code"] = code(device, offset=-5)
    form.submit()
    form["code"] = code(device)
    throttled = form.submit()
    assert "Too many wrong codes" in throttled.text


def test_editors_may_opt_in_and_then_must_verify(app_from, editor, password):
    first = app_from("192.0.2.30")
    index = admin_login(first, editor.username, password).follow()
    assert index.request.path == reverse("admin:index")
    page = index.click("Set up two-step login")
    assert "Add a second step" in page.text
    enrol(first, page)

    second = app_from("192.0.2.31")
    response = admin_login(second, editor.username, password).follow()
    assert response.location.startswith(VERIFY)


def every_url(prefix=""):
    """Every URL of the project that takes no argument, or whose arguments a
    lead's id fills, with the admin's and the staff workspace's first."""
    lead = LeadFactory()

    def walk(patterns, route=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield route + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        path = re.sub(r"<(?:path:)?object_id>|<int:[a-z_]+>", str(lead.pk), route)
        path = path.lstrip("^").rstrip("$").replace("\\Z", "")
        if "<" in path or "(?P" in path:
            continue
        yield prefix + "/" + path


OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/staff/account/")


@pytest.mark.parametrize("script_name", ["", "/portal"])
def test_a_password_alone_reaches_nothing_but_the_second_step(
    app, password, script_name
):
    user = staff_user(SALES)
    admin_login(app, user.username, password)
    reached = []
    try:
        for url in every_url():
            if url.startswith(OPEN_PATHS) or url.startswith("/healthz"):
                continue
            response = app.get(
                script_name + url,
                status="*",
                extra_environ={"SCRIPT_NAME": script_name, "PATH_INFO": url},
            )
            if response.status_code < 300 or (
                response.status_code in (301, 302)
                and "/staff/account/two-step/" not in response.location
            ):
                reached.append((url, response.status_code))
    finally:
        set_script_prefix("/")  # each request sets it for the thread
    assert reached == []


def test_each_login_shows_a_new_key_to_set_up(app, password):
    user = staff_user(SALES)
    secrets = []
    for _ in range(2):
        admin_login(app, user.username, password)
        page = app.get(ENROL)
        secrets.append(page.html.select_one("code.two-step-secret").text.strip())
        app.reset()
    assert secrets[0] != secrets[1]
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1
