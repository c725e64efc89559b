"""The outbox's keys, filled by 0007, are unique from now on; an email may be
about a briefing; the constraints and index carry the outbox's name. Apart from 0007: PostgreSQL alters no table
in the transaction that just updated its rows."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

STATES = ["pending", "sending", "sent", "failed"]

def drop_emails_about_no_lead(apps, schema_editor):
    """Backwards: the notifications table holds emails about leads only."""
    OutgoingEmail = apps.get_model("leads", "OutgoingEmail")
    OutgoingEmail.objects.filter(lead__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0005_drafts_dated_at_publication_and_former_slugs"),
        ("leads", "0007_outbox_for_every_email"),
    ]

    operations = [
        # Backwards, last in this migration's transaction: 0007 then makes the
        # lead required again.
        migrations.RunPython(migrations.RunPython.noop, drop_emails_about_no_lead),
        migrations.AddField(
            model_name="outgoingemail",
            name="briefing",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="briefings.briefing",
                verbose_name="briefing",
            ),
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="key",
            field=models.CharField(max_length=400, unique=True, verbose_name="key"),
        ),
        migrations.AddConstraint(
            model_name="outgoingemail",
            constraint=models.CheckConstraint(
                condition=Q(state__in=STATES), name="outgoing_email_state_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="outgoingemail",
            constraint=models.CheckConstraint(
                condition=~Q(state="sending") | Q(claimed_at__isnull=False),
                name="outgoing_email_sending_is_claimed",
            ),
        ),
        migrations.AddConstraint(
            model_name="outgoingemail",
            constraint=models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outgoing_email_sent_has_time",
            ),
        ),
        migrations.RenameField(
            model_name="erasurerecord", old_name="notifications", new_name="emails"
        ),
        migrations.AddIndex(
            model_name="outgoingemail",
            index=models.Index(
                condition=Q(state__in=["pending", "sending"]),
                fields=["next_attempt_at"],
                name="outgoing_email_unfinished",
            ),
        ),
    ]
