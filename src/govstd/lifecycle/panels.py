"""The lifecycle's panels, registered in ``LifecycleConfig.ready()``: "my work" on the home page (R-X-3),
and a standard's development history and periodic reviews on its own page (R-7-H, R-7.7-1)."""

from django.http import HttpRequest

from govstd.accounts.roles import Capability, has_capability
from govstd.catalog.review_dates import REVIEWABLE
from govstd.notifications.registry import Panel

from .models import ReviewOpinion
from .selectors.projects import projects_for_user, standard_timeline

PANEL_ROWS = 20


def my_work(request: HttpRequest) -> dict | None:
    """What waits for the signed-in user: their projects and the review opinions they owe; hidden when none."""
    user = request.user
    if not has_capability(user, Capability.VIEW_PROJECTS):
        return None
    projects = list(projects_for_user(user=user)[:PANEL_ROWS])
    opinions = list(ReviewOpinion.objects.filter(reviewer=user, submitted_at__isnull=True, round__conclusion="")
                    .select_related("round__project")[:PANEL_ROWS])
    if not projects and not opinions:
        return None
    return {"projects": projects, "opinions": opinions}


MY_WORK = Panel(key="lifecycle.my_work", order=20, template="lifecycle/_my_work.html", context=my_work)


def standard_lifecycle(request: HttpRequest, *, standard) -> dict:
    """A standard's development history and periodic reviews."""
    return {
        "standard": standard,
        "events": standard_timeline(standard=standard),
        "reviews": standard.periodic_reviews.select_related("revision_project").order_by("-opened_at"),
        "can_manage": has_capability(request.user, Capability.MANAGE_PROJECTS),
        "can_view_records": has_capability(request.user, Capability.VIEW_PROJECTS),
        "reviewable": standard.status in REVIEWABLE,
    }


STANDARD_LIFECYCLE = Panel(key="lifecycle.standard", order=20, template="lifecycle/_standard_lifecycle.html",
                           context=standard_lifecycle)
