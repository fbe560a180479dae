"""Ending a project without a standard (废止本项目, 7.5): the project stops, its history stays,
and Table 1 shows the standard as it was before the project began."""

from django.db import transaction

from ..models import Project
from ..states import Action
from .proposal import project_unmark_in_progress
from .transitions import project_transition


@transaction.atomic
def project_abandon(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    project, _ = project_transition(project=project, action=Action.ABANDON, acting_user=acting_user,
                                    data={"reason": reason}, expected_version=expected_version)
    project_unmark_in_progress(project=project, acting_user=acting_user)
    return project
