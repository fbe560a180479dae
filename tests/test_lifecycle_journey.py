"""The whole lifecycle of one local standard through the services (R-7.*)."""

import pytest

from govstd.catalog.levels import Status
from govstd.lifecycle.models import AnnualPlan
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def test_proposal_to_publication_puts_the_standard_in_table_1(users, demo_catalog):
    """R-7.2-3, R-7.6-1, R-7-H: approval plans it and shows 制定中; publication fills the same row."""
    project = new_project(users)
    advance(project, Stage.DRAFTING, users)
    project.refresh_from_db()
    assert project.standard.status == Status.DEVELOPING
    assert AnnualPlan.objects.get(year=project.proposal.decision_date.year).items.filter(project=project).exists()
    advance(project, Stage.PUBLISHED, users)
    standard = project.standard
    standard.refresh_from_db()
    assert standard.number.startswith("DB4403/T ") and standard.number.endswith(f"—{standard.issue_date.year}")
    assert standard.status == Status.UPCOMING
    assert standard.system_code.startswith("4")
    actions = list(project.events.values_list("action", flat=True))
    assert actions[0] == "create" and "publish" in actions
