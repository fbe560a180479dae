"""The periodic-review list (R-7.7-1): the catalog's due rule plus the reviews in progress.

Which standards are due, and the counts, come from :mod:`govstd.catalog.selectors.review_due`
(the one rule every page uses); this module adds what only the lifecycle knows — the open
:class:`~govstd.lifecycle.models.PeriodicReview` rows, whose standards stay on the list until
the review is concluded, whatever their date.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from govstd.catalog.models import Standard
from govstd.catalog.selectors.review_due import UPCOMING_DAYS, due_for_review_q, reviewable_standards

from ..models import PeriodicReview


def standards_due_for_review(*, today: dt.date | None = None, within_days: int = UPCOMING_DAYS) -> QuerySet[Standard]:
    """Covered standards overdue or due within ``within_days``, and those in review; the longest overdue first."""
    today = today or timezone.localdate()
    open_review = PeriodicReview.objects.filter(standard=OuterRef("pk"), conclusion="")
    return (reviewable_standards().alias(in_review=Exists(open_review))
            .filter(due_for_review_q(today=today, within_days=within_days) | Q(in_review=True))
            .order_by("review_base", "id"))


def open_periodic_reviews() -> QuerySet[PeriodicReview]:
    return PeriodicReview.objects.filter(conclusion="").select_related("standard__category")


def concluded_periodic_reviews() -> QuerySet[PeriodicReview]:
    """Concluded reviews, the latest first: each has its record (复审记录)."""
    return (PeriodicReview.objects.exclude(conclusion="").select_related("standard", "revision_project")
            .order_by("-concluded_on", "-id"))
