"""Ending a project without a standard (废止本项目, 7.5): the project stops, its history stays,
and Table 1 shows the standard as it was before the project began."""

from ..models import Project
from ..states import Action
from .proposal import project_unmark_in_progress
from .transitions import effect_of, project_act


@effect_of(Action.ABANDON)
def _project_abandoned(project: Project, *, actor, data, today) -> Project:
    project_unmark_in_progress(project=project, acting_user=actor)
    return project


@effect_of(Action.RETURN_PROPOSAL)
@effect_of(Action.REJECT_PROPOSAL)
def _stage_only(project: Project, *, actor, data, today) -> Project:
    """Nothing to do beyond the move and its reason, which the history keeps."""
    return project


def project_abandon(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    return project_act(project=project, action=Action.ABANDON, acting_user=acting_user, reason=reason,
                       expected_version=expected_version).value
