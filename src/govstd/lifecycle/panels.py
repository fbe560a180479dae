"""The lifecycle's home-page panel, registered in ``LifecycleConfig.ready()`` (R-X-3)."""

from django.http import HttpRequest

from govstd.accounts.roles import Capability, has_capability
from govstd.notifications.registry import Panel

from .models import ReviewOpinion
from .selectors.projects import projects_for_user

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
