"""Retention, erasure and subject access: what is gone is gone from every table."""

import json
from datetime import UTC, datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from leads import tasks
from leads.models import ErasureRecord, Lead, LeadNote, OutgoingEmail, Prospect
from leads.services import triage
from leads.services.privacy import erase_prospect, purge_expired
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.changelists import choose, confirm
from tests.support.factories import LeadFactory, OutgoingEmailFactory, ProspectFactory
from tests.support.mfa import verified_app
from tests.support.privacy import rows_containing
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db


def test_the_scan_finds_an_email_wherever_it_is():
    lead = LeadFactory(prospect=ProspectFactory(email="Amara@Kilima.example"))
    OutgoingEmailFactory(lead=lead, last_error="550 amara@kilima.example unknown")
    assert set(rows_containing("amara@kilima.example")) >= {
        ("leads_prospect", "email"),
        ("leads_lead", "email"),
        ("leads_outgoingemail", "recipient"),
        ("leads_outgoingemail", "last_error"),
    }


def test_retention_counts_calendar_months_to_the_end_of_a_shorter_month(settings):
    settings.LEADS_RETENTION_MONTHS = 6
    now = datetime(2026, 8, 31, 12, tzinfo=UTC)  # six months back: 28 February
    older = LeadFactory(status="lost")
    younger = LeadFactory(status="lost")
    for lead, moment in (
        (older, datetime(2026, 2, 28, 11, tzinfo=UTC)),
        (younger, datetime(2026, 2, 28, 13, tzinfo=UTC)),
    ):
        Lead.objects.filter(pk=lead.pk).update(created_at=moment, updated_at=moment)

    purge_expired(now)

    assert list(Lead.objects.all()) == [younger]


def aged(lead, months, settings):
    """Make the lead's last change `months` months old (plus a day)."""
    then = timezone.now() - relativedelta(months=months, days=1)
    Lead.objects.filter(pk=lead.pk).update(created_at=then, updated_at=then)
    return lead


@pytest.fixture
def old_and_new(settings):
    settings.LEADS_RETENTION_MONTHS = 18
    staff = staff_user(SALES)
    gone, kept = {}, {}
    for status in ("new", "contacted", "lost", "spam"):
        lead = LeadFactory(status=status, email=f"gone-{status}@client.example")
        triage.add_note(lead, f"Note about gone-{status}@client.example", by=staff)
        OutgoingEmailFactory(lead=lead)
        gone[status] = aged(lead, 19, settings)
    for status in ("qualified", "proposal_sent", "won"):
        kept[status] = aged(LeadFactory(status=status), 19, settings)
    kept["recent"] = aged(LeadFactory(status="lost"), 17, settings)
    kept["held"] = aged(LeadFactory(status="lost", legal_hold=True), 40, settings)
    # A returning prospect keeps their record while one request remains.
    returning = ProspectFactory(email="returning@client.example")
    gone["returning-old"] = aged(
        LeadFactory(prospect=returning, email=returning.email), 19, settings
    )
    kept["returning-new"] = LeadFactory(prospect=returning, email=returning.email)
    return gone, kept


def test_retention_deletes_unqualified_lost_and_spam_requests_past_the_period(
    old_and_new,
):
    gone, kept = old_and_new
    LogEntry.objects.log_actions(
        user_id=staff_user(SALES_MANAGERS).pk,
        queryset=Prospect.objects.filter(pk=gone["new"].prospect_id),
        action_flag=2,
        change_message="",
    )

    counts = purge_expired()

    assert counts == {"leads": 5, "prospects": 4, "subscribers": 0}
    assert set(Lead.objects.values_list("pk", flat=True)) == {
        lead.pk for lead in kept.values()
    }
    assert Prospect.objects.filter(email="returning@client.example").exists()
    for status in ("new", "contacted", "lost", "spam"):
        assert rows_containing(f"gone-{status}@client.example") == []
    assert not LeadNote.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert purge_expired() == {"leads": 0, "prospects": 0, "subscribers": 0}


def test_the_purge_runs_as_a_celery_task(old_and_new):
    tasks.purge_expired_leads.delay()
    assert Lead.objects.count() == 6


@pytest.fixture
def amara(mali):
    """A prospect with two requests, notes, history and emails, mentioned in the
    admin's log and in a note about someone else."""
    staff = staff_user(SALES, first_name="Samuel")
    first = LeadFactory(
        email="Amara.Diallo@Kilima.example",
        full_name="Amara Diallo",
        phone="+27 11 555 0100",
        organisation="Kilima Mining",
        requirements="Our mine near Kayes, Mali",
        utm_source="newsletter",
        countries=[mali],
        prospect=ProspectFactory(email="Amara.Diallo@Kilima.example"),
    )
    second = LeadFactory(
        prospect=first.prospect,
        email="amara.diallo@kilima.example",
        full_name="Amara D.",
    )
    OutgoingEmailFactory(lead=first, state="sent", sent_at=timezone.now())
    OutgoingEmailFactory(
        lead=second,
        kind="analyst_alert",
        recipient="mariam@asa.example",
        state="failed",
        last_error="550 Reply-To <amara.diallo@kilima.example> refused",
    )
    triage.add_note(first, "Spoke to Amara Diallo; wants a proposal.", by=staff)
    triage.set_status(first, "contacted", by=staff)
    triage.assign(second, staff, by=staff)
    other = LeadFactory()
    triage.add_note(other, "Colleague of AMARA.DIALLO@KILIMA.EXAMPLE", by=staff)
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=Prospect.objects.filter(pk=first.prospect_id),
        action_flag=2,
        change_message="Changed Amara.Diallo@Kilima.example",
    )
    return first.prospect


PROSPECTS = reverse("admin:leads_prospect_changelist")


def erase_action(client, prospect, **extra):
    return client.post(
        PROSPECTS,
        {
            "action": "erase_personal_data",
            "_selected_action": [prospect.pk],
            **extra,
        },
    )


def test_a_manager_erases_a_prospect_from_every_table(amara, django_app):
    manager = staff_user(SALES_MANAGERS)
    app = verified_app(django_app, manager)
    assert rows_containing("amara.diallo@kilima.example")

    page = choose(app.get(PROSPECTS), "erase_personal_data", amara)
    assert page.status_code == 200
    assert "cannot be undone" in page.text
    assert Prospect.objects.get(pk=amara.pk).erased_at is None

    response = confirm(page, reason="Their email of 3 March")
    assert response.status_code == 302

    assert rows_containing("amara.diallo@kilima.example") == []
    assert rows_containing("Amara Diallo") == []
    assert rows_containing("555 0100") == []
    assert rows_containing("Kayes") == []
    prospect = Prospect.objects.get(pk=amara.pk)
    assert prospect.erased_at is not None
    assert prospect.email == f"erased-{amara.pk}@erased.invalid"
    # What the figures need stays: statuses, dates, countries, the history.
    first = prospect.leads.order_by("pk").first()
    assert first.status == "contacted" and first.first_response_at
    assert first.countries.exists()
    assert first.events.filter(kind="status").exists()
    assert not OutgoingEmail.objects.filter(lead__prospect=prospect).exists()

    record = ErasureRecord.objects.get()
    assert (record.prospect, record.erased_by) == (prospect, manager)
    assert (record.leads, record.notes, record.emails) == (2, 2, 2)
    assert record.log_entries >= 1


def test_erasure_is_refused_while_a_request_is_on_legal_hold(amara, django_app):
    app = verified_app(django_app, staff_user(SALES_MANAGERS))
    Lead.objects.filter(prospect=amara).update(legal_hold=True)
    page = choose(app.get(PROSPECTS), "erase_personal_data", amara)
    response = confirm(page, reason="Their email of 3 March")
    assert response.status_code == 302
    assert rows_containing("amara.diallo@kilima.example")
    assert not ErasureRecord.objects.exists()


def test_a_prospect_is_erased_once():
    prospect = LeadFactory().prospect
    erase_prospect(prospect, by=None)
    with pytest.raises(Exception, match="erased already"):
        erase_prospect(prospect, by=None)
    assert ErasureRecord.objects.count() == 1


def test_an_erased_prospect_released_from_spam_is_not_notified(
    django_capture_on_commit_callbacks,
):
    lead = LeadFactory(status="spam")
    erase_prospect(lead.prospect, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        triage.set_status(lead, "new", by=None)
    assert not OutgoingEmail.objects.exists()


def test_sales_cannot_erase(amara):
    client = client_for(staff_user(SALES, username="colleague"))
    erase_action(client, amara, confirmed="yes")
    assert Prospect.objects.get(pk=amara.pk).erased_at is None


def download(client, *prospects):
    return client.post(
        PROSPECTS,
        {
            "action": "download_personal_data",
            "_selected_action": [prospect.pk for prospect in prospects],
            "index": 0,
        },
    )


def test_a_manager_downloads_one_prospects_data_as_json(amara):
    response = download(client_for(staff_user(SALES_MANAGERS)), amara)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="prospect-{amara.pk}-personal-data.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["prospect"]["email"] == "Amara.Diallo@Kilima.example"
    first, second = data["requests"]
    assert first["full_name"] == "Amara Diallo"
    assert first["phone"] == "+27 11 555 0100"
    assert first["countries"] == ["Mali"]
    assert first["notes"][0]["text"] == "Spoke to Amara Diallo; wants a proposal."
    assert [event["what"] for event in first["history"]] == [
        "Note added",
        "Status changed",
    ]
    assert second["emails"][0]["state"] == "Failed"
    # Nobody else's data.
    assert "Colleague of" not in response.content.decode()


def test_subject_access_needs_one_prospect_and_the_permission(amara):
    other = LeadFactory().prospect
    manager = client_for(staff_user(SALES_MANAGERS))
    response = download(manager, amara, other)
    assert response.status_code == 302
    assert not response.content

    sales = client_for(staff_user(SALES, username="colleague"))
    response = download(sales, amara)
    assert response.status_code == 200  # the list: sales have no actions here
    assert response["Content-Type"].startswith("text/html")
