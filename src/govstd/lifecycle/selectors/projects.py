"""Reading projects: the list with its filters, a user's own work, a project's timeline."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from govstd.accounts.roles import Capability, has_capability
from govstd.errors import ApplicationError

from ..choices import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from ..models import Project, ProjectEvent
from ..states import FINAL_STAGES, Stage


def project_list(*, stage: str = "", kind: str = "", level: str = "", year: int | None = None,
                 unit_id: int | None = None, q: str = "", open_only: bool = False) -> QuerySet[Project]:
    projects = Project.objects.select_related("lead_unit", "category__parent", "revises", "standard")
    if stage:
        projects = projects.filter(stage=stage)
    if open_only:
        projects = projects.exclude(stage__in=FINAL_STAGES)
    if kind:
        projects = projects.filter(kind=kind)
    if level:
        projects = projects.filter(level=level)
    if year is not None:
        if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
            raise ApplicationError(_("The plan year lies between %(earliest)s and %(latest)s.") % {
                "earliest": FIRST_PLAN_YEAR, "latest": LAST_PLAN_YEAR}, field="year")
        projects = projects.filter(plan_items__plan__year=year)
    if unit_id:
        projects = projects.filter(lead_unit_id=unit_id)
    if q := q.strip():
        projects = projects.filter(Q(title__icontains=q) | Q(code__icontains=q) | Q(revises__number__icontains=q))
    return projects.distinct().order_by("-created_at", "-id")


def projects_for_user(*, user) -> QuerySet[Project]:
    """What waits for this user: the office sees every open project; a drafting unit its own."""
    projects = project_list(open_only=True)
    if has_capability(user, Capability.MANAGE_PROJECTS):
        return projects.filter(stage__in=[Stage.SUBMITTED, Stage.COMMENTING, Stage.REVIEW, Stage.APPROVAL,
                                          Stage.DRAFTING, Stage.HANDLING, Stage.REVIEW_FAILED])
    if has_capability(user, Capability.WORK_ON_DRAFTS):
        return projects.filter(Q(lead_unit_id=user.unit_id) | Q(team__user=user)).distinct()
    return projects.none()


def project_timeline(*, project: Project) -> QuerySet[ProjectEvent]:
    return project.events.select_related("actor").order_by("at", "id")


def standard_timeline(*, standard) -> QuerySet[ProjectEvent]:
    """Every project event of every edition of the standard (R-7-H), oldest first."""
    editions = {standard.pk, *standard.replaces.values_list("pk", flat=True),
                *standard.replaced_by.values_list("pk", flat=True)}
    return (ProjectEvent.objects.filter(Q(project__standard_id__in=editions) | Q(project__revises_id__in=editions))
            .select_related("project", "actor").order_by("at", "id"))
