"""The notifications about leads become the outbox of every email.

The table is renamed with its rows; each row gets the key that makes it one
email (kind, what it is about, recipient), which the old unique constraint on
(lead, kind, recipient) spelled out. Two rows of one lead and kind whose
recipients differ only in case keep apart by their id.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast, Concat, Lower

STATES = ["pending", "sending", "sent", "failed"]


def fill_keys(apps, schema_editor):
    OutgoingEmail = apps.get_model("leads", "OutgoingEmail")
    OutgoingEmail.objects.update(
        key=Concat(
            F("kind"),
            Value(":lead:"),
            Cast("lead_id", CharField()),
            Value(":"),
            Lower("recipient"),
            output_field=CharField(),
        )
    )
    repeated = (
        OutgoingEmail.objects.values("key")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("key", flat=True)
    )
    for email in OutgoingEmail.objects.filter(key__in=list(repeated)):
        email.key = f"{email.key}:{email.pk}"
        email.save(update_fields=["key"])


def rename_permissions(old, new, label):
    """Django renames a model's content type, not its permissions' codenames."""

    def rename(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for action in ("add", "change", "delete", "view"):
            Permission.objects.filter(
                content_type__app_label="leads", codename=f"{action}_{old}"
            ).update(codename=f"{action}_{new}", name=f"Can {action} {label}")

    return rename




class Migration(migrations.Migration):
    dependencies = [("leads", "0006_lead_unrouted")]

    operations = [
        migrations.RemoveConstraint(
            model_name="notification",
            name="notification_unique_per_lead_kind_recipient",
        ),
        migrations.RemoveConstraint(
            model_name="notification", name="notification_state_valid"
        ),
        migrations.RemoveConstraint(
            model_name="notification", name="notification_sending_is_claimed"
        ),
        migrations.RemoveConstraint(
            model_name="notification", name="notification_sent_has_time"
        ),
        migrations.RemoveIndex(
            model_name="notification", name="notification_unfinished"
        ),
        migrations.RenameModel(old_name="Notification", new_name="OutgoingEmail"),
        migrations.RunPython(
            rename_permissions("notification", "outgoingemail", "email"),
            rename_permissions("outgoingemail", "notification", "notification"),
        ),
        migrations.AlterModelOptions(
            name="outgoingemail",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "email",
                "verbose_name_plural": "emails",
            },
        ),
        migrations.AlterField(
            model_name="outgoingemail",
            name="lead",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="emails",
                to="leads.lead",
                verbose_name="request for interest",
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="key",
            field=models.CharField(default="", max_length=400, verbose_name="key"),
            preserve_default=False,
        ),
        # Last: the schema editor runs no deferred statement after it, which
        # PostgreSQL refuses on a table with rows updated in the transaction.
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
