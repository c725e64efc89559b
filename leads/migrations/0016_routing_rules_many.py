import django.db.models.deletion
import leads.models.recipients
from django.conf import settings
from django.db import migrations, models


def one_country_and_sector_become_lists(apps, schema_editor):
    """A rule for one country (or any) and one sector (or any) becomes a rule
    for that list of countries and sectors: the same leads match it."""
    RoutingRule = apps.get_model("leads", "RoutingRule")
    RoutingRuleCountry = apps.get_model("leads", "RoutingRuleCountry")
    for rule in RoutingRule.objects.all():
        if rule.country_id:
            RoutingRuleCountry.objects.create(rule=rule, country_id=rule.country_id)
        if rule.sector:
            rule.sectors = [rule.sector]
            rule.save(update_fields=["sectors"])


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0007_briefing_announce"),
        ("leads", "0015_webhooks_and_team"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RoutingRuleCountry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
            ],
            options={
                "verbose_name": "country of a routing rule",
                "verbose_name_plural": "countries of routing rules",
            },
        ),
        migrations.AlterModelOptions(
            name="routingrule",
            options={
                "ordering": ["id"],
                "verbose_name": "routing rule",
                "verbose_name_plural": "routing rules",
            },
        ),
        migrations.RemoveConstraint(
            model_name="routingrule",
            name="routing_rule_unique",
        ),
        migrations.RemoveConstraint(
            model_name="routingrule",
            name="routing_rule_unique_any_country",
        ),
        migrations.RemoveConstraint(
            model_name="routingrule",
            name="routing_rule_sector_valid",
        ),
        # The old field's reverse name moves aside for the new one's.
        migrations.AlterField(
            model_name="routingrule",
            name="country",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="briefings.country",
            ),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="assignment",
            field=models.CharField(
                choices=[
                    ("fewest_open", "the one with the fewest open leads"),
                    ("round_robin", "each in turn (round-robin)"),
                ],
                default="fewest_open",
                max_length=20,
                verbose_name="assign to",
            ),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="last_assigned",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Where the round-robin turn stands.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="last given a lead",
            ),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="sectors",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Leave empty to match any sector.",
                validators=[leads.models.recipients.validate_sectors],
                verbose_name="sectors",
            ),
        ),
        migrations.AlterField(
            model_name="routingrule",
            name="recipients",
            field=models.ManyToManyField(
                help_text="All of them are alerted; the assignment says who owns it.",
                related_name="routing_rules",
                to="leads.leadrecipient",
                verbose_name="recipients",
            ),
        ),
        migrations.AddField(
            model_name="routingrulecountry",
            name="country",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, to="briefings.country"
            ),
        ),
        migrations.AddField(
            model_name="routingrulecountry",
            name="rule",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, to="leads.routingrule"
            ),
        ),
        migrations.AddField(
            model_name="routingrule",
            name="countries",
            field=models.ManyToManyField(
                blank=True,
                help_text="Leave empty to match any country.",
                related_name="routing_rules",
                through="leads.RoutingRuleCountry",
                to="briefings.country",
                verbose_name="countries",
            ),
        ),
        migrations.RunPython(
            one_country_and_sector_become_lists, migrations.RunPython.noop
        ),
        migrations.RemoveField(
            model_name="routingrule",
            name="country",
        ),
        migrations.RemoveField(
            model_name="routingrule",
            name="sector",
        ),
        migrations.AddConstraint(
            model_name="routingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(("assignment__in", ["fewest_open", "round_robin"])),
                name="routing_rule_assignment_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="routingrulecountry",
            constraint=models.UniqueConstraint(
                fields=("rule", "country"), name="routing_rule_country_unique"
            ),
        ),
    ]
