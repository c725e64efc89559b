"""The lost reasons sales managers start with, and one for the deals lost
before reasons were asked for. Apart from 0012's constraint: PostgreSQL
alters no table in the transaction that just updated its rows."""

from django.db import migrations


NOT_RECORDED = "Not recorded"
REASONS = ["Budget", "Timing", "Went with another firm", "No longer needed", NOT_RECORDED]


def give_lost_deals_a_reason(apps, schema_editor):
    """The reasons sales managers start with; deals lost before reasons were
    asked for are "Not recorded"."""
    LostReason = apps.get_model("leads", "LostReason")
    for position, name in enumerate(REASONS):
        LostReason.objects.get_or_create(name=name, defaults={"position": position})
    not_recorded = LostReason.objects.get(name=NOT_RECORDED)
    Lead = apps.get_model("leads", "Lead")
    Lead.objects.filter(status="lost", lost_reason__isnull=True).update(
        lost_reason=not_recorded
    )


class Migration(migrations.Migration):

    dependencies = [("leads", "0010_sales_workspace")]

    operations = [
        migrations.RunPython(give_lost_deals_a_reason, migrations.RunPython.noop),
    ]
