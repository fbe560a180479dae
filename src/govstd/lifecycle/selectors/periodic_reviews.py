"""Which standards are due for periodic review (R-7.7-1)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from govstd.catalog.models import Standard
from govstd.catalog.review_dates import latest_base_due_by, review_base

from ..models import PeriodicReview
from ..services.periodic_review import REVIEWABLE

UPCOMING_DAYS = 90


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    upcoming: int
    open_reviews: int


def standards_due_for_review(*, today: dt.date | None = None, within_days: int = UPCOMING_DAYS,
                             levels: list[str] | None = None) -> QuerySet[Standard]:
    """Standards whose review falls due within ``within_days`` (or is overdue), or that have an
    open review — the five-year rule runs as one comparison of the review base date."""
    today = today or timezone.localdate()
    levels = levels or settings.GOVSTD_PERIODIC_REVIEW_LEVELS
    open_review = PeriodicReview.objects.filter(standard=OuterRef("pk"), conclusion="")
    cutoff = latest_base_due_by(today + dt.timedelta(days=within_days))
    return (Standard.objects.filter(status__in=REVIEWABLE, level__in=levels)
            .alias(review_base=review_base(), in_review=Exists(open_review))
            .filter(Q(review_base__lte=cutoff) | Q(in_review=True))
            .order_by("review_base", "id"))


def due_counts(*, today: dt.date | None = None, levels: list[str] | None = None) -> DueCounts:
    today = today or timezone.localdate()
    levels = levels or settings.GOVSTD_PERIODIC_REVIEW_LEVELS
    live = (Standard.objects.filter(status__in=REVIEWABLE, level__in=levels)
            .alias(review_base=review_base()))
    overdue_base = latest_base_due_by(today - dt.timedelta(days=1))
    upcoming_base = latest_base_due_by(today + dt.timedelta(days=UPCOMING_DAYS))
    return DueCounts(
        overdue=live.filter(review_base__lte=overdue_base).count(),
        upcoming=live.filter(review_base__gt=overdue_base, review_base__lte=upcoming_base).count(),
        open_reviews=PeriodicReview.objects.filter(conclusion="").count(),
    )


def open_periodic_reviews() -> QuerySet[PeriodicReview]:
    return PeriodicReview.objects.filter(conclusion="").select_related("standard__category")
