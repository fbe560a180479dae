"""Annual plans and their progress (R-7.1-1, R-7.2-3): on time, late, finished."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AnnualPlan, PlanItem
from ..states import Stage


@dataclass(frozen=True)
class ItemProgress:
    item: PlanItem
    state: str  # "published", "on_time", "late", "abandoned"

    @property
    def label(self) -> str:
        return str(PROGRESS_LABELS[self.state])


PROGRESS_LABELS = {
    "published": _("Published"), "published_late": _("Published late"), "on_time": _("On schedule"),
    "late": _("Overdue"), "abandoned": _("Ended without a standard"),
}


def plan_items(*, plan: AnnualPlan) -> QuerySet[PlanItem]:
    return plan.items.select_related("project__lead_unit", "project__proposal", "project__standard").order_by("seq")


def progress_of(item: PlanItem, *, today: dt.date) -> ItemProgress:
    project = item.project
    if project.stage == Stage.PUBLISHED:
        issued = project.standard.issue_date if project.standard else None
        late = bool(item.deadline and issued and issued > item.deadline)
        return ItemProgress(item, "published_late" if late else "published")
    if project.stage in (Stage.ABANDONED, Stage.REJECTED):
        return ItemProgress(item, "abandoned")
    if item.deadline and item.deadline < today:
        return ItemProgress(item, "late")
    return ItemProgress(item, "on_time")


def plan_progress(*, plan: AnnualPlan, today: dt.date | None = None) -> list[ItemProgress]:
    today = today or timezone.localdate()
    return [progress_of(item, today=today) for item in plan_items(plan=plan)]
