"""The migration that turns the notifications about leads into the outbox of
every email keeps every row, its state and history, and gives each the key
that makes it one email; backwards, the emails about a lead come back."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("leads", "0006_lead_unrouted")]
AFTER = [("leads", "0008_outbox_keys_unique")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_lead(apps):
    Prospect = apps.get_model("leads", "Prospect")
    return apps.get_model("leads", "Lead").objects.create(
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


@pytest.mark.django_db(transaction=True)
def test_notifications_become_outgoing_emails_with_their_keys_and_back():
    old = migrate(BEFORE)
    Notification = old.get_model("leads", "Notification")
    lead = make_lead(old)
    sent = Notification.objects.create(
        lead=lead,
        kind="acknowledgement",
        recipient="P@Client.example",
        state="sent",
        attempts=2,
        last_error="",
        sent_at="2026-11-30T10:00:00Z",
    )
    failed = Notification.objects.create(
        lead=lead,
        kind="analyst_alert",
        recipient="analyst@asa.example",
        state="failed",
        attempts=1,
        last_error="550 No such user",
    )
    # Apart for the old constraint, which compared recipients as typed.
    twin = Notification.objects.create(
        lead=lead, kind="analyst_alert", recipient="Analyst@ASA.example"
    )

    try:
        new = migrate(AFTER)
        OutgoingEmail = new.get_model("leads", "OutgoingEmail")
        rows = {row.pk: row for row in OutgoingEmail.objects.all()}
        assert set(rows) == {sent.pk, failed.pk, twin.pk}
        assert rows[sent.pk].key == f"acknowledgement:lead:{lead.pk}:p@client.example"
        assert (rows[sent.pk].state, rows[sent.pk].attempts) == ("sent", 2)
        assert rows[failed.pk].last_error == "550 No such user"
        alert = f"analyst_alert:lead:{lead.pk}:analyst@asa.example"
        assert rows[failed.pk].key == f"{alert}:{failed.pk}"
        assert rows[twin.pk].key == f"{alert}:{twin.pk}"
        Permission = new.get_model("auth", "Permission")
        assert Permission.objects.filter(codename="view_outgoingemail").exists()
        assert not Permission.objects.filter(codename="view_notification").exists()

        OutgoingEmail.objects.create(
            kind="analyst_alert", recipient="x@asa.example", key="about-nothing"
        )
        back = migrate(BEFORE)
        kept = back.get_model("leads", "Notification").objects.order_by("pk")
        assert [n.pk for n in kept] == [sent.pk, failed.pk, twin.pk]
    finally:
        call_command("migrate", verbosity=0)
