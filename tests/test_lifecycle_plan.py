"""Annual plans (services/plan.py): a plan's year is sane at every door — service, model, filters,
URLs and API (R-7.1-1, R-7.2-3)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.errors import ApplicationError
from govstd.lifecycle.models import AnnualPlan, Project
from govstd.lifecycle.selectors.projects import project_list
from govstd.lifecycle.services.plan import annual_plan_carry_over, annual_plan_get_or_create

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.mark.parametrize("year", [1900, 23701, YEAR - 1, YEAR + 2])
def test_unfinished_projects_are_carried_only_into_this_or_next_years_plan(users, year):
    """R-7.1-1 (7.2 往年未完成标准项目): carrying over into 1900, 23701, a past year or two years on is
    refused, and no plan is created."""
    with pytest.raises(ApplicationError) as error:
        annual_plan_carry_over(year=year, acting_user=users[Role.STANDARDIZATION_ADMIN])
    assert error.value.field == "year"
    assert not AnnualPlan.objects.exists()
    assert annual_plan_carry_over(year=YEAR + 1, acting_user=users[Role.STANDARDIZATION_ADMIN]) == []
    assert list(AnnualPlan.objects.values_list("year", flat=True)) == [YEAR + 1]


def test_the_database_holds_plan_years_between_2000_and_2100(db):
    """R-7.1-1: whatever writes a plan, the database refuses the year 1900 or 23701."""
    for year in (1900, 23701):
        with pytest.raises(IntegrityError), transaction.atomic():
            AnnualPlan.objects.create(year=year)
    with pytest.raises(ApplicationError):
        annual_plan_get_or_create(year=1900)


def test_plan_year_filters_and_urls_answer_400_or_404_never_500(client, users):
    """R-7.1-1: /api/v1/plans/99999, a 22-digit year and ?year=99999 are refused with 400 naming the field;
    the page /plans/99999/ is simply not there (404); the project list ignores a year it cannot filter by."""
    token = api_token_create(user=users[Role.LEADER], name="test")
    auth = {"Authorization": f"Bearer {token}"}
    for url in ("/api/v1/plans/99999", "/api/v1/plans/1234567890123456789012", "/api/v1/plans/1900/plan.docx",
                "/api/v1/projects?year=99999", "/api/v1/projects?year=1234567890123456789012"):
        response = client.get(url, headers=auth)
        assert response.status_code == 400 and response.json()["field"] == "year", (url, response.content)
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    assert client.get("/plans/99999/").status_code == 404
    assert client.post("/plans/23701/carry-over/").status_code == 404
    assert client.get("/projects/?year=99999").status_code == 200
    with pytest.raises(ApplicationError):
        list(project_list(year=23701))


def test_a_carried_over_project_is_never_due_before_its_plans_year(users, demo_catalog):
    """R-7.2-3 (Table C.1): a project carried into next year's plan whose planned completion falls in an
    earlier year is listed as due by the plan year's end; one due within the year keeps its date."""
    import datetime as dt

    from govstd.dates import chinese_date
    from govstd.lifecycle.exports.plan_table import plan_rows
    from govstd.lifecycle.states import Stage

    from .lifecycle_factories import advance, new_project

    overdue = advance(new_project(users, title="逾期结转项目"), Stage.DRAFTING, users)
    on_time = advance(new_project(users, title="按期结转项目"), Stage.DRAFTING, users)
    Project.objects.filter(pk=overdue.pk).update(planned_completion=dt.date(YEAR, 3, 31))
    within = dt.date(YEAR + 1, 6, 30)
    Project.objects.filter(pk=on_time.pk).update(planned_completion=within)
    carried = {item.project.title: item for item in
               annual_plan_carry_over(year=YEAR + 1, acting_user=users[Role.STANDARDIZATION_ADMIN])}
    assert carried["逾期结转项目"].deadline == dt.date(YEAR + 1, 12, 31)
    assert carried["按期结转项目"].deadline == within
    rows = {row[1]: row[-1] for row in plan_rows(plan=AnnualPlan.objects.get(year=YEAR + 1))}
    assert rows["逾期结转项目（往年结转）"] == chinese_date(dt.date(YEAR + 1, 12, 31))
