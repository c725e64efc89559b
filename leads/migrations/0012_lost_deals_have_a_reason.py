from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("leads", "0011_lost_reasons")]

    operations = [
        migrations.AddConstraint(
            model_name='lead',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'lost'), _negated=True), ('lost_reason__isnull', False), _connector='OR'), name='lead_lost_has_a_reason', violation_error_message='Say why the deal was lost.'),
        ),
    ]
