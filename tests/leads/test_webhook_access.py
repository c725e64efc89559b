"""Where a webhook may point (no SSRF) and who may set one up."""

import pytest
from django.urls import reverse

from leads.models import Webhook, WebhookDelivery
from leads.services import triage
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

ADD = reverse("leads:webhook_add")


@pytest.fixture
def manager_app(django_app):
    return verified_app(django_app, staff_user(SALES_MANAGERS, "manager"))


@pytest.fixture
def production_rules(settings):
    """As in production: nothing on this machine either."""
    settings.LEADS_WEBHOOK_ALLOW_LOCALHOST = False


def submit(app, url):
    form = app.get(ADD).forms["webhook-form"]
    form["url"] = url
    form["events"] = ["lead.created"]
    return form.submit()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://crm.example.com/hook", "Use an https:// URL."),
        ("ftp://crm.example.com/hook", "Use an https:// URL."),
        ("https://127.0.0.1/hook", "not a public address"),
        ("https://localhost:8443/hook", "not a public address"),
        ("https://0177.0.0.1/hook", "Enter a valid URL."),  # octal loopback
        ("https://[::1]/hook", "not a public address"),
        ("https://10.0.0.8/hook", "not a public address"),
        ("https://172.16.5.4/hook", "not a public address"),
        ("https://192.168.1.20/hook", "not a public address"),
        ("https://100.64.0.1/hook", "not a public address"),
        ("https://169.254.169.254/latest/meta-data/", "not a public address"),
        ("https://[fd00::1]/hook", "not a public address"),
        ("https://[::ffff:10.0.0.1]/hook", "not a public address"),
        ("https://0.0.0.0/hook", "not a public address"),
        ("https://user:secret@1.1.1.1/hook", "Leave the user name and password"),
    ],
)
def test_urls_to_this_machine_private_networks_or_plain_http_are_refused(
    manager_app, production_rules, url, why
):
    page = submit(manager_app, url)
    assert page.status_code == 200
    error = page.html.select_one(".field-url .errorlist").text
    assert why in error
    assert not Webhook.objects.exists()


def test_a_public_https_url_is_accepted(manager_app, production_rules):
    assert submit(manager_app, "https://1.1.1.1/hooks/asa").status_code == 302
    assert Webhook.objects.get().url == "https://1.1.1.1/hooks/asa"


@pytest.mark.parametrize(
    "url", ["http://10.0.0.8/hook", "https://10.0.0.8/hook", "http://1.1.1.1/hook"]
)
def test_in_development_only_this_machine_is_allowed_over_http(manager_app, url):
    page = submit(manager_app, url)
    assert page.html.select_one(".field-url .errorlist") is not None
    assert not Webhook.objects.exists()


def test_a_url_that_now_leads_to_this_machine_is_refused_when_sending(
    manager_app, receiver, settings, django_capture_on_commit_callbacks
):
    submit(manager_app, receiver.url)  # allowed while developing
    settings.LEADS_WEBHOOK_ALLOW_LOCALHOST = False
    lead = LeadFactory(status="spam")

    with django_capture_on_commit_callbacks(execute=True):
        triage.set_status(lead, "new", by=None)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "Refused: Use an https:// URL."
    assert receiver.received == []


PAGES = [
    ("get", "leads:webhooks"),
    ("get", "leads:webhook_add"),
    ("get", "leads:webhook"),
    ("get", "leads:webhook_delete"),
]


@pytest.fixture
def webhook(db):
    return Webhook.objects.create(
        url="https://1.1.1.1/hook", secret="x" * 40, events=["lead.created"]
    )


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 403), (SALES_MANAGERS, 200)]
)
def test_the_webhook_pages_are_for_managers(django_app, webhook, role, status):
    app = verified_app(django_app, staff_user(role))
    for _method, name in PAGES:
        args = [webhook.pk] if name in ("leads:webhook", "leads:webhook_delete") else []
        assert app.get(reverse(name, args=args), status=status).status_code == status


@pytest.mark.parametrize("role", [EDITORS, SALES])
def test_the_webhook_forms_refuse_anyone_but_a_manager(django_app, webhook, role):
    manager = staff_user(SALES_MANAGERS, "manager")
    app = verified_app(django_app, manager)
    add = app.get(ADD).forms["webhook-form"]
    add["url"] = "https://1.1.1.1/other"
    add["events"] = ["lead.created"]
    edit = app.get(webhook.get_absolute_url()).forms["webhook-form"]
    edit["is_active"] = False
    delete = app.get(reverse("leads:webhook_delete", args=[webhook.pk])).forms[
        "delete-form"
    ]
    WebhookDelivery.objects.create(
        webhook=webhook,
        event="lead.created",
        lead=LeadFactory(),
        key="k",
        state="failed",
    )
    resend = app.get(webhook.get_absolute_url()).forms["resend-form"]
    verified_app(django_app, staff_user(role, "intruder"))  # their session now

    for form in (add, edit, delete, resend):
        assert form.submit(status=403).status_code == 403
    assert list(Webhook.objects.values_list("url", "is_active")) == [
        ("https://1.1.1.1/hook", True)
    ]
    assert WebhookDelivery.objects.get().state == "failed"


def test_a_manager_deletes_a_webhook_after_confirming(manager_app, webhook):
    page = manager_app.get(webhook.get_absolute_url()).click("Delete this webhook")
    page.forms["delete-form"].submit().follow()
    assert not Webhook.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, webhook):
    for url in (
        reverse("leads:webhooks"),
        webhook.get_absolute_url(),
        reverse("leads:webhook_resend", args=[webhook.pk]),
    ):
        response = client.get(url) if "resend" not in url else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_menu_shows_webhooks_to_managers_only(django_app):
    url = reverse("leads:webhooks")
    page = verified_app(django_app, staff_user(SALES_MANAGERS)).get(url)
    assert page.html.select_one(f'.workspace-nav a[href="{url}"]')["aria-current"]
    sales_page = verified_app(django_app, staff_user(SALES)).get(
        reverse("leads:workspace")
    )
    assert sales_page.html.select_one(f'.workspace-nav a[href="{url}"]') is None
