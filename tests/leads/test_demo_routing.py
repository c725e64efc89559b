"""`make run`'s demo routing: every demo country has its rule, every demo
request alerts someone, and loading the demo logs no error."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from briefings.models import Country
from leads.models import Lead, LeadStatus, OutgoingEmail, RoutingRule

pytestmark = pytest.mark.django_db


def test_the_demo_routes_every_country_and_logs_no_error(settings, caplog):
    # As under `make run`'s local settings: no address of last resort.
    settings.CREATE_DEMO_ACCOUNTS, settings.LEADS_NOTIFY_EMAILS = True, []
    caplog.set_level(logging.INFO)
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_leads", stdout=StringIO())

    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    routed = set(
        RoutingRule.objects.filter(is_active=True).values_list(
            "countries__slug", flat=True
        )
    )
    assert routed - {None} == set(Country.objects.values_list("slug", flat=True))
    accepted = Lead.objects.exclude(status=LeadStatus.SPAM)
    assert not accepted.exclude(emails__kind=OutgoingEmail.Kind.ANALYST_ALERT).exists()
    # Only the request that names no country is unrouted, and it is flagged.
    assert list(accepted.filter(unrouted=True).values_list("countries", flat=True)) == [
        None
    ]
