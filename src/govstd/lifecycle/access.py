"""Who may open which project page: the catalog of roles (``accounts.roles``) plus the
lifecycle's scope — a drafting unit works only on its own projects (lead unit or drafting group).
What may be done on a project at its stage is the workflow's to say (``states.WORK``)."""

from django.utils.translation import gettext as _

from govstd.accounts.roles import Capability, require
from govstd.errors import NotFound, PermissionDenied
from govstd.workflow.engine import role_refusal

from .models import Project, ReviewOpinion, ReviewRound
from .states import DRAFTERS
from .workflow import LIFECYCLE, is_project_member

__all__ = ["is_project_member", "opinion_for_reviewer", "project_for_view", "project_for_work",
           "review_round_for_view", "works_on"]


def works_on(user, project: Project) -> bool:
    """Whether the user may work on the project's drafting at all: the office, or its drafting group."""
    return role_refusal(LIFECYCLE, user=user, obj=project, roles=DRAFTERS, label="") is None


def project_for_view(*, user, project_id: int) -> Project:
    require(user, Capability.VIEW_PROJECTS)
    try:
        return Project.objects.select_related("category__parent", "lead_unit", "revises", "standard",
                                              "proposal").get(pk=project_id)
    except Project.DoesNotExist:
        raise NotFound(_("No such project.")) from None


def project_for_work(*, user, project_id: int) -> Project:
    project = project_for_view(user=user, project_id=project_id)
    require(user, Capability.WORK_ON_DRAFTS)
    if not works_on(user, project):
        raise PermissionDenied(_("Only the lead unit or the drafting group of this project may do this."))
    return project


def opinion_for_reviewer(*, user, opinion_id: int) -> ReviewOpinion:
    require(user, Capability.GIVE_REVIEW_OPINIONS)
    try:
        return ReviewOpinion.objects.select_related("round__project").get(pk=opinion_id, reviewer=user)
    except ReviewOpinion.DoesNotExist:
        raise NotFound(_("No such review assignment.")) from None


def review_round_for_view(*, user, round_id: int) -> ReviewRound:
    """The review round, for one who may see projects: the right is checked before the round is looked
    up, so that one who may not gets the same answer whether or not the round exists."""
    require(user, Capability.VIEW_PROJECTS)
    try:
        return ReviewRound.objects.select_related("project__lead_unit", "concluded_by").get(pk=round_id)
    except ReviewRound.DoesNotExist:
        raise NotFound(_("No such review round.")) from None
