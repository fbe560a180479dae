"""Facts for the explanation of the standard system (标准体系编制说明, R-6.6-1)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from ..levels import Status
from .review_due import LIST_LIMIT, ReviewDueSummary, review_due_summary
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
    review: ReviewDueSummary
    today: dt.date

    @property
    def total(self) -> int:
        return self.table.total.total


def explanation_facts(*, today: dt.date | None = None, review_limit: int = LIST_LIMIT) -> ExplanationFacts:
    """Compute what the explanation can state from the live data: counts, gaps, standards due for review
    (the periodic-review figures of :func:`.review_due.review_due_summary`, with its first ``review_limit``)."""
    today = today or timezone.localdate()
    table = statistics_by_level()
    empty = [(g.subsystem.name, row.label) for g in table.groups for row in g.rows if row.total == 0]
    status = table.by_status
    planned = {"to_develop": status.get(Status.TO_DEVELOP, 0), "to_revise": status.get(Status.TO_REVISE, 0),
               "in_progress": status.get(Status.DEVELOPING, 0) + status.get(Status.REVISING, 0)}
    return ExplanationFacts(
        organisation=settings.GOVSTD_ORGANISATION,
        system_name=settings.GOVSTD_SYSTEM_NAME,
        table=table,
        empty_categories=empty,
        **planned,
        review=review_due_summary(today=today, limit=review_limit),
        today=today,
    )
