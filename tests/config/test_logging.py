"""Logs are JSON lines with a request or task id and no personal data; error
emails to the admins carry the traceback, not the visitor's data."""

import io
import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils.log import AdminEmailHandler

from config.celery import app as celery_app
from config.logs import JsonFormatter, MaskEmailAddresses

PROSPECT_EMAIL = "prospect@example.org"


@pytest.fixture
def log_lines():
    """Everything logged during the test, through the production formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def lines_from(lines, logger):
    found = [line for line in lines if line["logger"] == logger]
    assert found, f"nothing logged by {logger}"
    return found


@pytest.mark.django_db
def test_request_log_line_is_json_with_the_request_id_and_no_email(client, log_lines):
    response = client.get(f"/missing/{PROSPECT_EMAIL}/")
    assert response.status_code == 404
    [line] = lines_from(log_lines(), "django.request")
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["message"] == "Not Found: /missing/[email]/"
    assert line["status_code"] == 404
    assert "request" not in line
    assert PROSPECT_EMAIL not in json.dumps(log_lines())


@pytest.mark.django_db
@pytest.mark.urls("tests.config.error_urls")
def test_error_log_line_masks_emails_in_the_exception(log_lines):
    response = Client(raise_request_exception=False).get("/test-failure/")
    [line] = lines_from(log_lines(), "django.request")
    assert line["level"] == "ERROR"
    assert line["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: duplicate key: (email)=([email])" in line["exc_info"]
    assert PROSPECT_EMAIL not in json.dumps(log_lines())


@pytest.mark.django_db
def test_well_formed_request_id_from_the_proxy_is_kept(client):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID="edge-7f3a9c21")
    assert response["X-Request-ID"] == "edge-7f3a9c21"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["short", "a b c d e f g h", "<script>x</script>"])
def test_malformed_request_id_is_replaced(client, incoming):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_only_plain_extras_are_kept_and_emails_are_masked(log_lines):
    logging.getLogger("leads").info(
        "Lead %s accepted",
        42,
        extra={"request": object(), "lead_id": 42, "note": f"from {PROSPECT_EMAIL}"},
    )
    [line] = lines_from(log_lines(), "leads")
    assert line["message"] == "Lead 42 accepted"
    assert line["lead_id"] == 42
    assert line["note"] == "from [email]"
    assert "request" not in line
    assert "timestamp" in line


def test_task_log_lines_carry_the_task_id(log_lines):
    @celery_app.task(name="tests.config.log_something")
    def log_something():
        logging.getLogger("leads.tasks").info("sending notification 7")

    result = log_something.apply()
    [line] = lines_from(log_lines(), "leads.tasks")
    assert line["task_id"] == result.id


def test_access_log_line_keeps_request_facts_and_drops_the_client():
    atoms = {
        "h": "203.0.113.9",
        "m": "POST",
        "U": "/request-for-interest/",
        "q": f"email={PROSPECT_EMAIL}",
        "s": "302",
        "B": 0,
        "M": 12,
        "a": "Mozilla/5.0 (the visitor's browser)",
        "{x-request-id}o": "0123456789abcdef",
    }
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        0,
        "%(m)s %(U)s %(s)s %(M)sms",
        (atoms,),
        None,
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "POST /request-for-interest/ 302 12ms"
    assert {key: line[key] for key in ("method", "path", "status", "request_id")} == {
        "method": "POST",
        "path": "/request-for-interest/",
        "status": 302,
        "request_id": "0123456789abcdef",
    }
    assert line["duration_ms"] == 12
    for leak in ("203.0.113.9", "Mozilla", PROSPECT_EMAIL):
        assert leak not in json.dumps(line)


@pytest.fixture
def mail_admins(settings, monkeypatch):
    """Error emails through the handler production configures (see
    test_production_settings), in place of Django's default one."""
    settings.ADMINS = [("Operators", "ops@example.com")]
    handler = AdminEmailHandler(include_html=False)
    handler.setLevel(logging.ERROR)
    handler.addFilter(MaskEmailAddresses())
    logger = logging.getLogger("django")
    monkeypatch.setattr(
        logger,
        "handlers",
        [h for h in logger.handlers if not isinstance(h, AdminEmailHandler)]
        + [handler],
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.config.error_urls")
def test_error_email_subject_masks_an_address_in_the_path(mail_admins):
    Client(raise_request_exception=False).get(f"/test-failure/{PROSPECT_EMAIL}/")
    [email] = mail.outbox
    assert email.subject.endswith("Internal Server Error: /test-failure/[email]/")
    assert PROSPECT_EMAIL not in email.subject + email.body


@pytest.mark.django_db
@pytest.mark.urls("tests.config.error_urls")
def test_error_email_to_admins_has_the_traceback_but_no_personal_data(mail_admins):
    staff = get_user_model().objects.create_user(
        "grace_hopper", password="irrelevant", is_staff=True
    )
    client = Client(
        raise_request_exception=False,
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="VisitorBrowser/1.0",
    )
    client.force_login(staff)
    client.cookies["tracking"] = "cookie-value-123"
    client.post(
        "/test-failure/?utm_source=newsletter-ada",
        {
            "full_name": "Ada Lovelace",
            "email": PROSPECT_EMAIL,
            "phone": "+44 20 7946 0000",
        },
    )

    [email] = mail.outbox
    assert email.subject.endswith("Internal Server Error: /test-failure/")
    assert email.alternatives == []
    body = email.body
    assert "RuntimeError" in body
    assert 'File "' in body
    assert "/test-failure/" in body
    assert f"USER: id {staff.pk}" in body
    for leak in (
        "Ada Lovelace",
        PROSPECT_EMAIL,
        "+44 20 7946 0000",
        "203.0.113.9",
        "VisitorBrowser",
        "cookie-value-123",
        "newsletter-ada",
        "grace_hopper",
        "ops@example.com",
        client.cookies["sessionid"].value,
    ):
        assert leak not in body, leak


@pytest.mark.django_db
def test_request_id_is_forgotten_once_the_response_is_finished(client, log_lines):
    client.get("/robots.txt")
    logging.getLogger("leads").info("between requests")
    [line] = lines_from(log_lines(), "leads")
    assert "request_id" not in line
