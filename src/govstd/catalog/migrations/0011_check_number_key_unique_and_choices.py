from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_fill_number_keys_and_repair_choices'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='standard',
            name='unique_standard_number',
        ),
        migrations.AddConstraint(
            model_name='standard',
            constraint=models.UniqueConstraint(condition=models.Q(('number_key', ''), _negated=True), fields=('number_key',), name='unique_standard_number_key'),
        ),
        migrations.AddConstraint(
            model_name='standard',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['international', 'national', 'industry', 'local', 'group', 'internal'])), name='standard_level_is_a_level'),
        ),
        migrations.AddConstraint(
            model_name='standard',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['current', 'upcoming', 'superseded', 'to_develop', 'to_revise', 'developing', 'revising', 'withdrawn'])), name='standard_status_is_a_status'),
        ),
        migrations.AddConstraint(
            model_name='systemnode',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['system', 'subsystem', 'category'])), name='system_node_kind_is_a_kind'),
        ),
    ]
