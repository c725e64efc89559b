"""Exports, subject-access downloads and erasures ask for the second factor
again once the last check is more than 10 minutes old: an intermediate page
that posts the action back with its selection."""

import time

import pytest
import time_machine
from django.urls import reverse

from leads.models import Prospect
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.changelists import choose, confirm, messages
from tests.support.factories import LeadFactory
from tests.support.logins import admin_login
from tests.support.mfa import authenticator, code, log_in_verified
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.django_db
LEADS = reverse("admin:leads_lead_changelist")
PROSPECTS = reverse("admin:leads_prospect_changelist")
ASKED = "Confirm it is you"


def later(minutes):
    return time_machine.travel(time.time() + minutes * 60, tick=False)


def answer(page, value, field="code"):
    form = page.forms["recheck-form"]
    form[field] = value
    return form.submit()


@pytest.fixture
def sales_app(django_app):
    user = staff_user(SALES)
    log_in_verified(django_app, user)
    django_app.user = user
    return django_app


@pytest.fixture
def manager_app(django_app):
    user = staff_user(SALES_MANAGERS)
    log_in_verified(django_app, user)
    django_app.user = user
    return django_app


def test_an_export_within_ten_minutes_asks_nothing(sales_app):
    chosen, _other = LeadFactory(), LeadFactory()
    with later(9):
        response = choose(sales_app.get(LEADS), "export_leads", chosen)
    assert response.content_type == "text/csv"
    assert chosen.reference in response.text


def test_an_export_after_ten_minutes_asks_again_and_keeps_the_selection(
    sales_app, security_log
):
    chosen, other = LeadFactory(), LeadFactory()
    device = authenticator(sales_app.user)
    with later(11):
        asked = choose(sales_app.get(LEADS), "export_leads", chosen)
        assert asked.status_code == 200
        assert ASKED in asked.text
        assert "#changelist-form" not in asked.text

        wrong = answer(asked, code(device, offset=-4))
        assert "That code is not right" in wrong.text
    with later(11.1):
        exported = answer(wrong, code(device))
    assert exported.content_type == "text/csv"
    assert chosen.reference in exported.text
    assert other.reference not in exported.text
    (event,) = security_log("export")
    assert (event.user_id, event.count) == (sales_app.user.pk, 1)
    with later(15):
        again = choose(sales_app.get(LEADS), "export_leads", chosen)
    assert again.content_type == "text/csv"


def test_a_subject_access_download_asks_again(manager_app, security_log):
    lead = LeadFactory()
    device = authenticator(manager_app.user)
    with later(11):
        asked = choose(
            manager_app.get(PROSPECTS), "download_personal_data", lead.prospect
        )
        assert ASKED in asked.text
        downloaded = answer(asked, code(device))
    assert downloaded.content_type == "application/json"
    assert downloaded.json["prospect"]["email"] == lead.prospect.email
    (event,) = security_log("subject_access_download")
    assert (event.user_id, event.prospect_id) == (
        manager_app.user.pk,
        lead.prospect.pk,
    )


def test_an_erasure_asks_again_then_its_confirmation_erases(manager_app):
    chosen, other = LeadFactory(), LeadFactory()
    device = authenticator(manager_app.user)
    with later(11):
        asked = choose(
            manager_app.get(PROSPECTS), "erase_personal_data", chosen.prospect
        )
        assert ASKED in asked.text
        confirmation = answer(asked, code(device))
        # The erasure's own confirmation page, for the same selection.
        assert "Erase the personal data" in confirmation.text
        assert [li.text for li in confirmation.html.select("#content li")] == [
            str(chosen.prospect)
        ]
        assert not Prospect.objects.filter(erased_at__isnull=False).exists()
        done = confirm(confirmation, reason="Email of 3 March").follow()
    assert messages(done) == ["1 of 1 prospect erased."]
    assert Prospect.objects.get(pk=chosen.prospect.pk).erased_at is not None
    assert Prospect.objects.get(pk=other.prospect.pk).erased_at is None


def test_without_a_second_factor_the_password_is_asked(django_app, settings):
    settings.STAFF_MFA_REQUIRED = False
    user = staff_user(SALES)
    admin_login(django_app, user.username, PASSWORD)
    lead = LeadFactory()
    with later(11):
        asked = choose(django_app.get(LEADS), "export_leads", lead)
        assert "Password" in asked.text
        wrong = answer(asked, "not-the-password", field="password")
        assert "That password is not right." in wrong.text
        exported = answer(wrong, PASSWORD, field="password")
    assert exported.content_type == "text/csv"
