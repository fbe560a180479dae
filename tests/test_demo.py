"""``make run`` loads the demo through the real services: it must load on an empty database, and again
without change (R-3-1; the projects at every stage of R-7.*)."""

import io

import pytest
from django.core.management import call_command

from govstd.lifecycle.models import PeriodicReview, Project
from govstd.lifecycle.selectors.periodic_reviews import concluded_periodic_reviews
from govstd.lifecycle.states import PeriodicReviewConclusion, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_loads_and_loads_again_without_change():
    call_command("demo", stdout=io.StringIO())
    stages = set(Project.objects.values_list("stage", flat=True))
    assert {Stage.COMMENTING, Stage.REVIEW, Stage.SUBMITTED, Stage.DRAFTING, Stage.PUBLISHED} <= stages
    counts = Project.objects.count(), PeriodicReview.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert (Project.objects.count(), PeriodicReview.objects.count()) == counts


def test_the_demo_has_a_concluded_and_an_open_periodic_review(client):
    """R-7.7-2: the 复审记录 and the list of concluded reviews have one to show in ``make run``."""
    call_command("demo", stdout=io.StringIO())
    concluded = concluded_periodic_reviews().get()
    assert concluded.conclusion == PeriodicReviewConclusion.CONTINUE and concluded.opinions
    assert concluded.standard.last_reviewed_on == concluded.concluded_on
    assert PeriodicReview.objects.filter(standard=concluded.standard, conclusion="").exists()
    client.force_login(concluded.concluded_by)
    page = client.get("/periodic-reviews/").content.decode()
    assert concluded.standard.title in page.split('id="concluded"')[-1]
    record = client.get(f"/periodic-reviews/{concluded.pk}/record.docx")
    assert record.status_code == 200 and record["Content-Type"].startswith("application/vnd.openxml")
