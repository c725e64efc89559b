"""Bad input and failures get a clean, generic page: never a traceback, never a 500."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

THREE_MB = 3 * 1024 * 1024
CSRF_SECRET = "k" * 32


def stored_leads_rows():
    return sum(
        model.objects.count() for model in apps.get_app_config("leads").get_models()
    )


@pytest.mark.django_db
def test_unknown_host_gets_400_with_the_generic_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert "We could not understand that request" in content
    assert "attacker.example" not in content
    assert "ALLOWED_HOSTS" not in content


@pytest.mark.django_db
@pytest.mark.urls("tests.config.error_urls")
def test_an_error_gets_the_generic_500_page_without_a_traceback():
    response = Client(raise_request_exception=False).get("/test-failure/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    for leak in ("Traceback", "RuntimeError", "prospect@example.org", "duplicate key"):
        assert leak not in content


@pytest.mark.django_db
def test_form_post_without_csrf_token_is_refused_and_stores_nothing():
    client = Client(enforce_csrf_checks=True)
    before = stored_leads_rows()
    response = client.post(
        reverse("leads:request"),
        {"full_name": "Ada Lovelace", "email": "ada@example.org", "privacy": "on"},
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert stored_leads_rows() == before


def browser_client():
    """A client whose requests carry a valid CSRF cookie and token, as a browser's do.

    The CSRF check then reads the body, before any view does.
    """
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_three_megabyte_body_to_the_form_gets_413(encoding):
    if encoding == "multipart":
        content_type = "multipart/form-data; boundary=BoUnDaRy"
        body = (
            b"--BoUnDaRy\r\n"
            b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            + CSRF_SECRET.encode()
            + b"\r\n--BoUnDaRy\r\n"
            b'Content-Disposition: form-data; name="requirements"\r\n\r\n'
            + b"x" * THREE_MB
            + b"\r\n--BoUnDaRy--\r\n"
        )
    else:
        content_type = "application/x-www-form-urlencoded"
        body = f"csrfmiddlewaretoken={CSRF_SECRET}&requirements=".encode()
        body += b"x" * THREE_MB
    before = stored_leads_rows()
    response = browser_client().generic(
        "POST", reverse("leads:request"), body, content_type=content_type
    )
    assert response.status_code == 413
    assert "That request was too large" in response.content.decode()
    assert stored_leads_rows() == before


@pytest.mark.django_db
def test_three_megabyte_body_to_the_admin_login_gets_413():
    body = f"csrfmiddlewaretoken={CSRF_SECRET}&username=".encode() + b"x" * THREE_MB
    response = browser_client().post(
        "/admin/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
