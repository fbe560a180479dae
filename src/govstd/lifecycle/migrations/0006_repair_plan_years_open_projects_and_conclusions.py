"""Repair rows an earlier version let through, so that the next migration can add its constraints.

A plan of an impossible year hands its projects to the plan of the year they were added and goes;
of two open projects on one standard the one furthest along stays and the other is ended
(abandoned, with an event saying why); a conclusion without a date takes the day its review was
opened.
"""

from django.db import migrations
from django.db.models import Count, Max

FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100
FINAL = ["abandoned", "published", "rejected"]
PROGRESS = ["proposal", "submitted", "drafting", "commenting", "handling", "review", "review_failed", "approval"]


def repair_plan_years(apps, schema_editor):
    AnnualPlan = apps.get_model("lifecycle", "AnnualPlan")
    PlanItem = apps.get_model("lifecycle", "PlanItem")
    for plan in AnnualPlan.objects.exclude(year__gte=FIRST_PLAN_YEAR, year__lte=LAST_PLAN_YEAR):
        for item in PlanItem.objects.filter(plan=plan).order_by("seq"):
            year = min(max(item.added_at.year, FIRST_PLAN_YEAR), LAST_PLAN_YEAR)
            target, _ = AnnualPlan.objects.get_or_create(year=year)
            if PlanItem.objects.filter(plan=target, project_id=item.project_id).exists():
                item.delete()
                continue
            item.plan = target
            item.seq = (PlanItem.objects.filter(plan=target).aggregate(last=Max("seq"))["last"] or 0) + 1
            item.save(update_fields=["plan", "seq"])
        plan.delete()


def end_second_open_projects(apps, schema_editor):
    Project = apps.get_model("lifecycle", "Project")
    ProjectEvent = apps.get_model("lifecycle", "ProjectEvent")
    open_projects = Project.objects.exclude(stage__in=FINAL)
    for kind, field in (("revise", "revises"), ("develop", "standard")):
        crowded = (open_projects.filter(kind=kind, **{f"{field}__isnull": False}).values(field)
                   .annotate(n=Count("id")).filter(n__gt=1))
        for row in crowded:
            rivals = sorted(open_projects.filter(kind=kind, **{field: row[field]}),
                            key=lambda p: (-PROGRESS.index(p.stage), p.id))
            kept = rivals[0]
            for project in rivals[1:]:
                ProjectEvent.objects.create(
                    project=project, action="abandon", from_stage=project.stage, to_stage="abandoned",
                    actor_name="system", data={"kept": kept.code or kept.pk},
                    reason=f"同一标准同时只能有一个进行中的项目，保留 {kept.code or kept.pk}")
                project.stage = "abandoned"
                project.version += 1
                project.save(update_fields=["stage", "version"])


def date_conclusions(apps, schema_editor):
    PeriodicReview = apps.get_model("lifecycle", "PeriodicReview")
    PeriodicReview.objects.filter(conclusion="").exclude(concluded_on=None).update(concluded_on=None)
    for review in PeriodicReview.objects.exclude(conclusion="").filter(concluded_on=None):
        review.concluded_on = review.opened_at.date()
        review.save(update_fields=["concluded_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("lifecycle", "0005_add_public_commenter"),
    ]

    operations = [
        migrations.RunPython(repair_plan_years, migrations.RunPython.noop),
        migrations.RunPython(end_second_open_projects, migrations.RunPython.noop),
        migrations.RunPython(date_conclusions, migrations.RunPython.noop),
    ]
