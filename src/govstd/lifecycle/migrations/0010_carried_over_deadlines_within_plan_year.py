"""Carried-over plan items whose 完成期限 lies before their plan's year are due by that year's end.

The carry-over used to copy the project's planned completion as it was, so Table C.1 of a later year
could list a deadline that had passed before the year began. Going back keeps the corrected dates:
the old ones were wrong, and which rows had them is not recorded.
"""

import datetime as dt

from django.db import migrations


def deadlines_within_plan_year(apps, schema_editor):
    PlanItem = apps.get_model("lifecycle", "PlanItem")
    for item in PlanItem.objects.filter(carried_over=True, deadline__isnull=False).select_related("plan"):
        if item.deadline.year < item.plan.year:
            item.deadline = dt.date(item.plan.year, 12, 31)
            item.save(update_fields=["deadline"])


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0009_add_periodic_review_opinions")]

    operations = [migrations.RunPython(deadlines_within_plan_year, migrations.RunPython.noop)]
