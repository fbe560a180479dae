"""The development lifecycle as a workflow on the shared engine: its tables, inputs and scope.

A drafting unit acts only on its own projects (it leads them, or its people are in the drafting
group); the office acts on every project.
"""

from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import Role
from govstd.workflow.table import Workflow

from .inputs import ACTION_INPUTS
from .models import Project, ProjectEvent
from .states import FINAL_STAGES, TRANSITIONS, WORK, Action, Entry, Stage, WorkKind


def is_project_member(user, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.unit_id is not None and user.unit_id == project.lead_unit_id:
        return True
    return project.pk is not None and project.team.filter(user=user).exists()


LIFECYCLE = Workflow(
    name="lifecycle",
    model=Project,
    event_model=ProjectEvent,
    event_subject="project",
    states=Stage,
    actions=Action,
    entries=Entry,
    work_kinds=WorkKind,
    transitions=TRANSITIONS,
    final_states=FINAL_STAGES,
    work=WORK,
    inputs=ACTION_INPUTS,
    scoped_roles=frozenset({Role.DRAFTER}),
    in_scope=is_project_member,
    out_of_scope_message=_("Only the lead unit or the drafting group of this project may do this."),
    noun=_("project"),
    state_field="stage",
)
