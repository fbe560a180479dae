"""Facts for the explanation of the standard system (标准体系编制说明, R-6.6-1)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ..levels import OUTSIDE_SYSTEM, Status
from ..models import Standard
from ..review_dates import latest_base_due_by, review_base
from .statistics_table import StatisticsTable, statistics_by_level


@dataclass
class ExplanationFacts:
    organisation: str
    system_name: str
    table: StatisticsTable
    empty_categories: list[tuple[str, str]]
    to_develop: int
    to_revise: int
    in_progress: int
    old_standards: list[Standard]
    today: dt.date

    @property
    def total(self) -> int:
        return self.table.total.total


def explanation_facts(*, today: dt.date | None = None) -> ExplanationFacts:
    """Compute what the explanation can state from the live data: counts, gaps, standards due for review."""
    today = today or timezone.localdate()
    table = statistics_by_level()
    empty = [(g.subsystem.name, row.label) for g in table.groups for row in g.rows if row.total == 0]
    live = Standard.objects.exclude(status__in=OUTSIDE_SYSTEM)
    old = list(
        live.filter(status=Status.CURRENT, level__in=["national", "industry", "local", "group", "internal"])
        .alias(review_base=review_base())
        .filter(review_base__lte=latest_base_due_by(today)).select_related("category").order_by("review_base")
    )
    planned = live.aggregate(
        to_develop=Count("id", filter=Q(status=Status.TO_DEVELOP)),
        to_revise=Count("id", filter=Q(status=Status.TO_REVISE)),
        in_progress=Count("id", filter=Q(status__in=[Status.DEVELOPING, Status.REVISING])),
    )
    return ExplanationFacts(
        organisation=settings.GOVSTD_ORGANISATION,
        system_name=settings.GOVSTD_SYSTEM_NAME,
        table=table,
        empty_categories=empty,
        **planned,
        old_standards=old,
        today=today,
    )
