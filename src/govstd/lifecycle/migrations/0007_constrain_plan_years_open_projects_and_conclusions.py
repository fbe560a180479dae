"""Keep annual plan years in range, one open project per standard and dated periodic review conclusions.

A migration of its own, after the repair: PostgreSQL does not alter a table with row changes still
pending in the same transaction.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("lifecycle", "0006_repair_plan_years_open_projects_and_conclusions"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='annualplan',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='plan_year_in_range'),
        ),
        migrations.AddConstraint(
            model_name='periodicreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('concluded_on__isnull', True), ('conclusion', '')), models.Q(models.Q(('conclusion', ''), _negated=True), ('concluded_on__isnull', False)), _connector='OR'), name='periodic_review_concluded_on_with_conclusion'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'revise'), models.Q(('stage__in', ['abandoned', 'published', 'rejected']), _negated=True)), fields=('revises',), name='one_open_revision_per_standard'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'develop'), models.Q(('stage__in', ['abandoned', 'published', 'rejected']), _negated=True)), fields=('standard',), name='one_open_development_per_standard'),
        ),
    ]
