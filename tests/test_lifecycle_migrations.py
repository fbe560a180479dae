"""The lifecycle's migrations repair what an earlier version let through before adding the constraints
that now refuse it (R-7.1-1, R-7.2-1, R-7.7-2, R-7-H)."""

import datetime as dt

import pytest

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard, SystemNode

from .migration_support import latest_schema_after, migrate  # noqa: F401 — the fixture applies to every test here

BEFORE = [("lifecycle", "0005_add_public_commenter")]
AFTER = [("lifecycle", "0007_constrain_plan_years_open_projects_and_conclusions")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrations cannot run inside a test transaction
def test_the_migration_repairs_plan_years_second_open_projects_and_undated_conclusions(users, demo_catalog):
    old = migrate(BEFORE)
    try:
        Project, AnnualPlan, PlanItem = (old.get_model("lifecycle", n) for n in ("Project", "AnnualPlan", "PlanItem"))
        PeriodicReview = old.get_model("lifecycle", "PeriodicReview")
        gb = Standard.objects.get(number="GB/T 22239—2019")
        common = {"kind": "revise", "level": "national", "revises_id": gb.pk, "lead_unit_id": users[Role.DRAFTER].unit_id,
                  "category_id": SystemNode.objects.filter(kind="category").first().pk}
        ahead = Project.objects.create(code="XM-A", title="先行修订", stage="drafting", **common)
        further = Project.objects.create(code="XM-B", title="已到报批", stage="approval", **common)
        Project.objects.create(code="XM-C", title="早已发布", stage="published", **common)
        odd = AnnualPlan.objects.create(year=1900)
        PlanItem.objects.create(plan=odd, project=ahead, seq=1)
        PlanItem.objects.create(plan=AnnualPlan.objects.create(year=23701), project=further, seq=1)
        undated = PeriodicReview.objects.create(standard_id=gb.pk, trigger="scheduled", due_date=dt.date(2026, 1, 1),
                                                conclusion="continue")
    finally:
        new = migrate(AFTER)
    Project, AnnualPlan = new.get_model("lifecycle", "Project"), new.get_model("lifecycle", "AnnualPlan")
    stages = dict(Project.objects.filter(revises_id=gb.pk).values_list("code", "stage"))
    assert stages == {"XM-A": "abandoned", "XM-B": "approval", "XM-C": "published"}  # the one furthest along stays
    ended = new.get_model("lifecycle", "ProjectEvent").objects.get(project_id=ahead.pk)
    assert (ended.action, ended.from_stage, ended.to_stage) == ("abandon", "drafting", "abandoned")
    assert "XM-B" in ended.reason
    years = sorted(AnnualPlan.objects.values_list("year", flat=True))
    assert all(2000 <= year <= 2100 for year in years)
    moved = new.get_model("lifecycle", "PlanItem").objects.filter(project_id__in=[ahead.pk, further.pk])
    assert moved.count() == 2 and all(2000 <= item.plan.year <= 2100 for item in moved)
    review = new.get_model("lifecycle", "PeriodicReview").objects.get(pk=undated.pk)
    assert review.concluded_on is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrations cannot run inside a test transaction
def test_the_migration_moves_a_carried_over_deadline_into_the_plans_year(users, demo_catalog):
    """R-7.2-3: a carried-over row of Table C.1 saved with a deadline before its plan's year is due by
    the year's end; a row not carried over, or already due within the year, keeps its date."""
    old = migrate([("lifecycle", "0009_add_periodic_review_opinions")])
    try:
        Project, AnnualPlan, PlanItem = (old.get_model("lifecycle", n) for n in ("Project", "AnnualPlan", "PlanItem"))
        common = {"kind": "develop", "level": "local", "lead_unit_id": users[Role.DRAFTER].unit_id,
                  "category_id": SystemNode.objects.filter(kind="category").first().pk, "stage": "drafting"}
        first, second = (Project.objects.create(code=f"XM-{n}", title=f"项目{n}", **common) for n in (1, 2))
        plan = AnnualPlan.objects.create(year=2026)
        stale = PlanItem.objects.create(plan=plan, project=first, seq=1, deadline=dt.date(2025, 6, 30),
                                        carried_over=True)
        fine = PlanItem.objects.create(plan=plan, project=second, seq=2, deadline=dt.date(2026, 6, 30),
                                       carried_over=True)
    finally:
        new = migrate([("lifecycle", "0010_carried_over_deadlines_within_plan_year")])
    PlanItem = new.get_model("lifecycle", "PlanItem")
    assert PlanItem.objects.get(pk=stale.pk).deadline == dt.date(2026, 12, 31)
    assert PlanItem.objects.get(pk=fine.pk).deadline == dt.date(2026, 6, 30)
