"""``make run`` loads the demo through the real services: it must load on an empty database, and again
without change (R-3-1; the projects at every stage of R-7.*)."""

import io

import pytest
from django.core.management import call_command

from govstd.lifecycle.models import Project
from govstd.lifecycle.states import Stage

pytestmark = pytest.mark.django_db


def test_the_demo_loads_and_loads_again_without_change():
    call_command("demo", stdout=io.StringIO())
    stages = set(Project.objects.values_list("stage", flat=True))
    assert {Stage.COMMENTING, Stage.REVIEW, Stage.SUBMITTED, Stage.DRAFTING, Stage.PUBLISHED} <= stages
    counts = Project.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert Project.objects.count() == counts
