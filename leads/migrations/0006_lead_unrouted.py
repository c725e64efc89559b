from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0005_erasure_reason_corrections_assignment_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="unrouted",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text=(
                    "No routing rule matched on arrival: the request went to the "
                    "recipients covering its countries, or the sales managers."
                ),
                verbose_name="unrouted",
            ),
        ),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                condition=models.Q(("unrouted", True)),
                fields=["-created_at"],
                name="lead_unrouted",
            ),
        ),
    ]
