import logging

from django.core import checks

from leads.checks import check_notify_emails
from leads.models import OutgoingEmail
from leads.services.intake import notify
from tests.support.factories import LeadFactory


def test_deploy_check_warns_when_nobody_receives_unrouted_requests(settings):
    settings.LEADS_NOTIFY_EMAILS = []
    assert [warning.id for warning in check_notify_emails(None)] == ["leads.W001"]

    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example"]
    assert check_notify_emails(None) == []


def test_a_typo_in_the_business_hours_stops_the_portal_at_start(settings):
    settings.LEADS_BUSINESS_HOURS = "9-17"
    assert "leads.E001" in [error.id for error in checks.run_checks()]


def test_request_that_alerts_nobody_is_logged_by_id_only(db, settings, caplog):
    settings.LEADS_NOTIFY_EMAILS = []
    lead = LeadFactory(email="prospect@example.org")

    with caplog.at_level(logging.ERROR, logger="leads.services.intake"):
        notify(lead)

    assert not lead.emails.filter(kind=OutgoingEmail.Kind.ANALYST_ALERT)
    assert lead.emails.get().kind == OutgoingEmail.Kind.ACKNOWLEDGEMENT
    assert f"Request {lead.pk} matches no lead recipient" in caplog.text
    assert "prospect@example.org" not in caplog.text
