"""Security headers on every public page and every admin page.

RELIABILITY.md: HTTPS only, HSTS of at least a year, secure cookies,
X-Frame-Options DENY, nosniff, Referrer-Policy, and a Content-Security-Policy
without unsafe-inline/unsafe-eval in script-src, with frame-ancestors 'none',
object-src 'none' and base-uri.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.pages import (
    ADMIN_PAGES,
    PUBLIC_PAGES,
    admin_url,
    make_content,
    public_url,
)

ONE_YEAR = 365 * 24 * 3600
POWERFUL_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
)


def csp_directives(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";"))
        if name
    }


def assert_security_headers(response):
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp["default-src"])
        assert "'unsafe-inline'" not in sources, directive
        assert "'unsafe-eval'" not in sources, directive
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        feature.split("=") for feature in response["Permissions-Policy"].split(", ")
    )
    for feature in POWERFUL_FEATURES:
        assert policy[feature] == "()", feature


@pytest.fixture
def briefing(db):
    return make_content()


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_sends_security_headers_to_visitors(client, briefing, page):
    response = client.get(public_url(page, briefing))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_sends_security_headers_to_staff(admin_client, briefing, page):
    response = admin_client.get(public_url(page, briefing))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_login_sends_security_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_page_sends_security_headers(admin_client, admin_user, briefing, page):
    url = admin_url(page, admin_user)
    if url is None:
        pytest.skip(f"{page}: no object to show, or the admin allows no such change")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/robots.txt", "/admin/login/"])
def test_plain_http_is_redirected_to_https(client, https_only, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


@pytest.mark.parametrize("page", ["home", "detail", "request-form"])
def test_https_pages_carry_a_year_of_hsts(client, https_only, briefing, page):
    response = client.get(public_url(page, briefing), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    max_age, *flags = response["Strict-Transport-Security"].split("; ")
    assert int(max_age.removeprefix("max-age=")) >= ONE_YEAR
    assert "includeSubDomains" in flags


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(
    client, https_only, admin_user
):
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    login_page = client.get("/admin/login/", **https)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True

    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password", "next": "/admin/"},
        HTTP_REFERER="https://testserver/admin/login/",
        **https,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.urls("tests.config.error_urls")
@pytest.mark.parametrize(
    ("status", "request_kwargs"),
    [
        (400, {"path": "/", "HTTP_HOST": "attacker.example"}),
        (403, {"path": "/request-for-interest/", "method": "post"}),
        (404, {"path": "/no-such-page/"}),
        (404, {"path": "/briefings/no-such-briefing/"}),
        (500, {"path": "/test-failure/"}),
    ],
    ids=["400-bad-host", "403-csrf", "404", "404-briefing", "500"],
)
def test_error_pages_send_the_security_headers_too(status, request_kwargs):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    request_kwargs = dict(request_kwargs)
    method = getattr(client, request_kwargs.pop("method", "get"))
    response = method(request_kwargs.pop("path"), **request_kwargs)
    assert response.status_code == status
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_refused_submission_sends_the_security_headers(client, settings):
    settings.LEADS_RATE_LIMIT = "0/m"
    response = client.post(reverse("leads:request"), {})
    assert response.status_code == 429
    assert_security_headers(response)
