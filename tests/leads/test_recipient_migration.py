"""The migration that moves lead routing out of the author profiles keeps what
routing knew: each analyst with a staff account becomes a recipient, rules keep
their people, requests keep their countries."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("leads", "0003_roles"), ("briefings", "0002_search_document")]
AFTER = [
    ("leads", "0004_lead_recipients"),
    ("briefings", "0003_analyst_public_profile_only"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_analysts_with_accounts_become_recipients_and_rules_keep_them():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Country = old.get_model("briefings", "Country")
    Analyst = old.get_model("briefings", "Analyst")
    RoutingRule = old.get_model("leads", "RoutingRule")
    Prospect = old.get_model("leads", "Prospect")
    Lead = old.get_model("leads", "Lead")

    mali = Country.objects.create(name="Mali", slug="mali", iso_code="ML")
    account = User.objects.create(username="mariam", email="m@asa.example")
    mariam = Analyst.objects.create(
        name="Mariam", slug="mariam", email="x@asa.example", user=account
    )
    mariam.countries.set([mali])
    away = Analyst.objects.create(
        name="Away",
        slug="away",
        email="a@asa.example",
        is_active=False,
        user=User.objects.create(username="away"),
    )
    field = Analyst.objects.create(name="Field", slug="field", email="f@x.example")
    rule = RoutingRule.objects.create(country=mali)
    rule.analysts.set([mariam, away, field])
    lead = Lead.objects.create(
        prospect=Prospect.objects.create(email="p@client.example"),
        full_name="P",
        email="p@client.example",
        organisation="O",
        job_title="J",
        help_wanted="other",
        timeline="later",
        requirements="R",
        privacy_notice_version="1",
    )
    lead.countries.set([mali])

    try:
        new = migrate(AFTER)
        LeadRecipient = new.get_model("leads", "LeadRecipient")
        recipients = {
            r.user.username: r for r in LeadRecipient.objects.select_related("user")
        }
        assert set(recipients) == {"mariam", "away"}
        assert list(recipients["mariam"].countries.values_list("name", flat=True)) == [
            "Mali"
        ]
        assert recipients["away"].takes_new_leads is False
        rule = new.get_model("leads", "RoutingRule").objects.get()
        assert {r.user.username for r in rule.recipients.all()} == {"mariam", "away"}
        lead = new.get_model("leads", "Lead").objects.get()
        assert list(lead.countries.values_list("name", flat=True)) == ["Mali"]
    finally:
        call_command("migrate", verbosity=0)
