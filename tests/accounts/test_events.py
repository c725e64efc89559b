"""Security events reach the logs with ids only: no password, no typed
username, no client address."""

import json
import logging

import pytest
from django.urls import reverse

from accounts.events import username_key
from config.logs import JsonFormatter
from leads.services.roles import EDITORS, SALES
from tests.support.factories import LeadFactory
from tests.support.logins import ADDRESS, admin_login
from tests.support.mfa import log_in_verified
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db


def everything_logged(caplog):
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_logins_are_logged_without_the_username_or_address(
    app, caplog, password, security_log
):
    caplog.set_level(logging.DEBUG)
    user = staff_user(SALES, username="amara.sales")
    admin_login(app, user.username, "a-wrong-password", status="*")
    admin_login(app, "no-such-person", "another-wrong-one", status="*")
    admin_login(app, user.username, password)

    failed = security_log("login_failed")
    assert [record.username_key for record in failed] == [
        username_key("amara.sales"),
        username_key("no-such-person"),
    ]
    assert [record.user_id for record in security_log("login_succeeded")] == [user.pk]
    logged = everything_logged(caplog)
    for secret in ("amara.sales", "no-such-person", "wrong-password", password):
        assert secret not in logged
    assert ADDRESS not in logged
    line = json.loads(JsonFormatter().format(failed[0]))
    assert line["event"] == "login_failed"
    assert line["username_key"] == username_key("amara.sales")


def test_a_refusal_is_logged_with_the_user_id(security_log):
    editor = staff_user(EDITORS)
    response = client_for(editor).get(reverse("admin:leads_lead_changelist"))
    assert response.status_code == 403
    (refused,) = security_log("permission_refused")
    assert refused.user_id == editor.pk
    assert refused.view == "admin:leads_lead_changelist"


def test_the_dashboard_refusal_is_logged(security_log):
    editor = staff_user(EDITORS)
    assert client_for(editor).get(reverse("leads:dashboard")).status_code == 403
    assert [r.user_id for r in security_log("permission_refused")] == [editor.pk]


def test_an_export_is_logged_with_the_user_and_the_count(django_app, security_log):
    sales = staff_user(SALES)
    LeadFactory.create_batch(2)
    log_in_verified(django_app, sales)
    form = django_app.get(reverse("admin:leads_lead_changelist")).forms[
        "changelist-form"
    ]
    form["action"] = "export_leads"
    for checkbox in form.fields["_selected_action"]:
        checkbox.checked = True
    assert form.submit().content_type == "text/csv"
    (event,) = security_log("export")
    assert (event.user_id, event.model, event.count) == (sales.pk, "lead", 2)
