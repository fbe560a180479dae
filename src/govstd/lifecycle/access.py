"""Who may do what on which project: the role tables of ``accounts.roles`` and ``states``, plus
membership — a drafting unit works only on its own projects (lead unit or drafting group)."""

from django.utils.translation import gettext as _

from govstd.accounts.roles import Capability, Role, has_any_role, has_capability, require, user_roles
from govstd.errors import NotFound, PermissionDenied

from .models import Project, ReviewOpinion
from .states import Transition


def is_project_member(user, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.unit_id is not None and user.unit_id == project.lead_unit_id:
        return True
    return project.team.filter(user=user).exists()


def works_on(user, project: Project) -> bool:
    """Whether the user may change the project's drafting work: the office, or its drafting group."""
    if has_capability(user, Capability.MANAGE_PROJECTS):
        return True
    return has_capability(user, Capability.WORK_ON_DRAFTS) and is_project_member(user, project)


def may_take(user, project: Project, transition: Transition) -> bool:
    roles = user_roles(user) & transition.roles
    if not roles:
        return False
    return roles != {Role.DRAFTER} or is_project_member(user, project)


def require_transition(user, project: Project, transition: Transition) -> None:
    if not has_any_role(user, transition.roles):
        raise PermissionDenied(_("Your roles do not allow “%(action)s”.") % {"action": transition.action.label})
    if not may_take(user, project, transition):
        raise PermissionDenied(_("Only the lead unit or the drafting group of this project may do this."))


def require_works_on(user, project: Project) -> None:
    require(user, Capability.WORK_ON_DRAFTS)
    if not works_on(user, project):
        raise PermissionDenied(_("Only the lead unit or the drafting group of this project may do this."))


def project_for_view(*, user, project_id: int) -> Project:
    require(user, Capability.VIEW_PROJECTS)
    try:
        return Project.objects.select_related("category__parent", "lead_unit", "revises", "standard",
                                              "proposal").get(pk=project_id)
    except Project.DoesNotExist:
        raise NotFound(_("No such project.")) from None


def project_for_work(*, user, project_id: int) -> Project:
    project = project_for_view(user=user, project_id=project_id)
    require_works_on(user, project)
    return project


def opinion_for_reviewer(*, user, opinion_id: int) -> ReviewOpinion:
    require(user, Capability.GIVE_REVIEW_OPINIONS)
    try:
        return ReviewOpinion.objects.select_related("round__project").get(pk=opinion_id, reviewer=user)
    except ReviewOpinion.DoesNotExist:
        raise NotFound(_("No such review assignment.")) from None
