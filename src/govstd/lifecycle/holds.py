"""The standards an approved project holds: Table 1 shows them 制定中 or 修订中, and only the
project's publication or end changes their status, number, level and dates (R-6.4-1, R-7.6-1)."""

from collections.abc import Collection

from django.db.models import Q
from django.utils.translation import gettext as _

from govstd.catalog.holds import Hold

from .models import Project
from .states import OPEN_STAGES, Stage

# A proposal in preparation or awaiting approval changes nothing in Table 1 yet, so it holds nothing:
# otherwise anyone who may propose could freeze any standard by proposing to revise it.
HOLDING_STAGES = OPEN_STAGES - {Stage.PROPOSAL, Stage.SUBMITTED}


def project_holds(standard_ids: Collection[int] | None) -> list[Hold]:
    """The hold of each approved, unfinished project on the standard it develops or revises."""
    projects = Project.objects.filter(stage__in=HOLDING_STAGES)
    if standard_ids is not None:
        projects = projects.filter(Q(standard_id__in=standard_ids) | Q(revises_id__in=standard_ids))
    holds = []
    for standard_id, revises_id, code, stage in projects.values_list("standard_id", "revises_id", "code", "stage"):
        work = _("project %(code)s (%(stage)s)") % {"code": code, "stage": Stage(stage).label}
        holds += [Hold(held, work) for held in (standard_id, revises_id)
                  if held and (standard_ids is None or held in standard_ids)]
    return holds
