"""Who receives lead data moves out of the public author profiles.

Each analyst with a staff account becomes a lead recipient (countries covered,
taking new requests while the analyst was active), and routing rules name
recipients instead of analysts. Runs before briefings drops those fields.
Requests' countries get a through model of their own (the same table), so that
a country they name cannot be deleted.
"""

import django.db.models.deletion
import leads.models.recipients
from django.conf import settings
from django.db import migrations, models


def analysts_to_recipients(apps, schema_editor):
    Analyst = apps.get_model("briefings", "Analyst")
    LeadRecipient = apps.get_model("leads", "LeadRecipient")
    RoutingRule = apps.get_model("leads", "RoutingRule")
    recipients = {}
    for analyst in Analyst.objects.filter(user__isnull=False).select_related("user"):
        recipient = LeadRecipient.objects.create(
            user=analyst.user, takes_new_leads=analyst.is_active
        )
        recipient.countries.set(analyst.countries.all())
        recipients[analyst.pk] = recipient
    for rule in RoutingRule.objects.prefetch_related("analysts"):
        rule.recipients.set(
            [recipients[a.pk] for a in rule.analysts.all() if a.pk in recipients]
        )


def recipients_to_analysts(apps, schema_editor):
    Analyst = apps.get_model("briefings", "Analyst")
    RoutingRule = apps.get_model("leads", "RoutingRule")
    for rule in RoutingRule.objects.prefetch_related("recipients"):
        rule.analysts.set(
            Analyst.objects.filter(user__in=[r.user_id for r in rule.recipients.all()])
        )


class Migration(migrations.Migration):

    dependencies = [
        ('briefings', '0002_search_document'),
        ('leads', '0003_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    run_before = [('briefings', '0003_analyst_public_profile_only')]

    operations = [
        migrations.CreateModel(
            name='LeadRecipient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sectors', models.JSONField(blank=True, default=list, help_text='With countries covered: only these sectors. Empty: any.', validators=[leads.models.recipients.validate_sectors], verbose_name='sectors covered')),
                ('takes_new_leads', models.BooleanField(default=True, help_text='Untick to stop alerts and assignments, e.g. during leave.', verbose_name='takes new requests')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('countries', models.ManyToManyField(blank=True, help_text='Alerted about requests for these countries that no rule takes.', related_name='+', to='briefings.country', verbose_name='countries covered')),
                ('user', models.OneToOneField(help_text="Alerts go to this account's email address; it must be allowed to work on requests for interest.", on_delete=django.db.models.deletion.CASCADE, related_name='lead_recipient', to=settings.AUTH_USER_MODEL, verbose_name='staff account')),
            ],
            options={
                'verbose_name': 'lead recipient',
                'verbose_name_plural': 'lead recipients',
                'ordering': ['user__first_name', 'user__last_name', 'user__username'],
            },
        ),
        migrations.AddField(
            model_name='routingrule',
            name='recipients',
            field=models.ManyToManyField(help_text='All of them are alerted; the one with the fewest open requests is assigned.', related_name='routing_rules', to='leads.leadrecipient', verbose_name='recipients'),
        ),
        migrations.CreateModel(
            name='LeadRecipientChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient_label', models.CharField(max_length=200, verbose_name='recipient')),
                ('action', models.CharField(choices=[('created', 'Created'), ('changed', 'Changed'), ('deleted', 'Deleted')], max_length=10, verbose_name='action')),
                ('changed_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                ('before', models.JSONField(blank=True, default=dict, verbose_name='before')),
                ('after', models.JSONField(blank=True, default=dict, verbose_name='after')),
                ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='changes', to='leads.leadrecipient', verbose_name='lead recipient')),
            ],
            options={
                'verbose_name': 'lead recipient change',
                'verbose_name_plural': 'lead recipient changes',
                'ordering': ['-changed_at', '-id'],
            },
        ),
        migrations.RunPython(analysts_to_recipients, recipients_to_analysts),
        migrations.RemoveField(
            model_name='routingrule',
            name='analysts',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LeadCountry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='briefings.country')),
                        ('lead', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='leads.lead')),
                    ],
                    options={
                        'verbose_name': 'country of interest',
                        'verbose_name_plural': 'countries of interest',
                        'db_table': 'leads_lead_countries',
                        'unique_together': {('lead', 'country')},
                    },
                ),
                migrations.AlterField(
                    model_name='lead',
                    name='countries',
                    field=models.ManyToManyField(blank=True, related_name='leads', through='leads.LeadCountry', to='briefings.country', verbose_name='countries of interest'),
                ),
            ],
        ),
    ]
