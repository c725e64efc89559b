"""The demo staff and requests of `make run`: local settings only, idempotent."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from leads.models import Lead, LeadEvent, LeadNote, OutgoingEmail
from tests.support.logins import admin_login

pytestmark = pytest.mark.django_db


def run(command):
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_content():
    run("load_demo_content")


def test_demo_staff_and_requests_are_created_once(settings, demo_content, django_app):
    # As under `make run`'s local settings: the printed password is enough.
    settings.CREATE_DEMO_ACCOUNTS, settings.STAFF_MFA_REQUIRED = True, False
    first = run("load_demo_leads")

    logins = dict(re.findall(r"as (\w+) / (\S+)", first))
    assert set(logins) == {"editor", "sales", "manager"}
    users = get_user_model().objects.in_bulk(logins, field_name="username")
    assert {
        name: [g.name for g in user.groups.all()] for name, user in users.items()
    } == {
        "editor": ["Editors"],
        "sales": ["Sales"],
        "manager": ["Sales managers"],
    }
    assert all(user.is_staff and not user.is_superuser for user in users.values())

    leads = Lead.objects.all()
    assert 8 <= leads.count() <= 12
    statuses = set(leads.values_list("status", flat=True))
    assert {"new", "contacted", "qualified", "won", "lost", "spam"} <= statuses
    assert leads.filter(status="new", assignee__isnull=True).exists()
    assert len(set(leads.values_list("countries", flat=True))) >= 5
    assert leads.exclude(source_briefing=None).exists()
    assert LeadNote.objects.exists() and LeadEvent.objects.exists()
    # Through the real service: each accepted request has its outbox, shown sent.
    assert not leads.exclude(status="spam").filter(emails=None).exists()
    assert not OutgoingEmail.objects.exclude(state="sent").exists()

    second = run("load_demo_leads")
    assert "as sales /" not in second
    assert "exists already" in second
    assert Lead.objects.count() == leads.count()
    assert get_user_model().objects.count() == len(users)

    assert admin_login(django_app, "sales", logins["sales"]).status_code == 302
    page = django_app.get(reverse("admin:leads_lead_changelist")).text
    assert "Олег Петров" in page
    assert django_app.get(reverse("leads:dashboard")).status_code == 200


def test_demo_requests_are_not_created_outside_local_settings(settings, demo_content):
    settings.CREATE_DEMO_ACCOUNTS = False
    assert "nothing done" in run("load_demo_leads")
    assert not Lead.objects.exists()
    assert not get_user_model().objects.exists()
