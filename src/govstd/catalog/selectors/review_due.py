"""Which standards are due for periodic review (复审, R-7.7-1) — the one rule every page uses.

The home page card, the explanation, the periodic-review page, the API, the CLI and the
reminders all read their figures here, so they cannot disagree. The rule:

* levels: those the organisation reviews itself, ``settings.GOVSTD_PERIODIC_REVIEW_LEVELS``
  (local, group and internal by default); international, national and industry standards are
  reviewed by the bodies that issue them, and the pages say so;
* statuses: :data:`~govstd.catalog.review_dates.REVIEWABLE` (现行, 即将实施, 待修订);
* due: five years after the last review or the issue (:mod:`govstd.catalog.review_dates`);
  *overdue* once that date has passed, *upcoming* when it falls within the next 90 days
  (today included).

Counts are ranges of one index over the stored review base date (``Standard.review_base``) and
lists are bounded, so a catalog of 200,000 standards costs the same few queries as one of 100.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.queries import count_each

from ..levels import Level
from ..models import Standard
from ..review_dates import REVIEWABLE, latest_base_due_by

UPCOMING_DAYS = 90
LIST_LIMIT = 20


def join_labels(labels) -> str:
    """Join level names the way the active language lists things (、 in Chinese)."""
    return pgettext("list separator", ", ").join(str(label) for label in labels)


@dataclass(frozen=True)
class ReviewCoverage:
    """The levels the organisation reviews itself, and the others (reviewed by their issuing body)."""

    levels: tuple[str, ...]
    others: tuple[str, ...]

    def covers(self, level: str) -> bool:
        return level in self.levels

    @property
    def note(self) -> str:
        """Say, in the active language, which levels are covered and why the rest are not."""
        levels = join_labels(Level(v).label for v in self.levels)
        if not self.others:
            return _("Periodic review covers every level: %(levels)s.") % {"levels": levels}
        # The setting that chooses the levels (GOVSTD_PERIODIC_REVIEW_LEVELS) is for the README, not the page.
        return _("Periodic review covers %(levels)s; %(others)s are reviewed by the bodies that issue them.") % {
            "levels": levels, "others": join_labels(Level(v).label for v in self.others)}


def review_coverage() -> ReviewCoverage:
    covered = set(settings.GOVSTD_PERIODIC_REVIEW_LEVELS)
    return ReviewCoverage(levels=tuple(lv.value for lv in Level if lv.value in covered),
                          others=tuple(lv.value for lv in Level if lv.value not in covered))


@dataclass(frozen=True)
class Cutoffs:
    """Base dates that split the reviewable standards: overdue ≤ ``overdue`` < upcoming ≤ ``upcoming``."""

    overdue: dt.date
    upcoming: dt.date

    @classmethod
    def on(cls, today: dt.date, within_days: int = UPCOMING_DAYS) -> "Cutoffs":
        return cls(overdue=latest_base_due_by(today - dt.timedelta(days=1)),
                   upcoming=latest_base_due_by(today + dt.timedelta(days=within_days)))


def reviewable_standards(*, levels: tuple[str, ...] | list[str] | None = None) -> QuerySet[Standard]:
    """The standards periodic review applies to (their ``review_base`` is the date their cycle counts from)."""
    levels = review_coverage().levels if levels is None else levels
    return Standard.objects.filter(status__in=REVIEWABLE, level__in=levels)


def due_for_review_q(*, today: dt.date, within_days: int = UPCOMING_DAYS) -> Q:
    """Filter (over :func:`reviewable_standards`): due by ``today + within_days`` or overdue."""
    return Q(review_base__lte=Cutoffs.on(today, within_days).upcoming)


def standards_due_for_review(*, today: dt.date | None = None, within_days: int = UPCOMING_DAYS) -> QuerySet[Standard]:
    """Covered standards overdue or due within ``within_days``, the longest overdue first."""
    today = today or timezone.localdate()
    return (reviewable_standards().filter(due_for_review_q(today=today, within_days=within_days))
            .order_by("review_base", "id"))


@dataclass(frozen=True)
class ReviewDueSummary:
    """The figures of periodic review on one day, and the first few standards behind them."""

    today: dt.date
    within_days: int
    coverage: ReviewCoverage
    overdue: int  # covered levels, review date passed
    upcoming: int  # covered levels, due from today to today + within_days
    outside_past: int  # levels not covered whose five years have passed (the issuing body reviews them)
    overdue_first: list[Standard] = field(default_factory=list)
    outside_first: list[Standard] = field(default_factory=list)

    @property
    def due(self) -> int:
        return self.overdue + self.upcoming


def review_due_summary(*, today: dt.date | None = None, within_days: int = UPCOMING_DAYS,
                       limit: int = 0) -> ReviewDueSummary:
    """Count overdue and upcoming reviews in one round trip; list at most ``limit`` standards of each kind."""
    today = today or timezone.localdate()
    coverage = review_coverage()
    cut = Cutoffs.on(today, within_days)
    covered = reviewable_standards(levels=coverage.levels)
    counts = count_each(  # each an index range (level, status, review_base), in one round trip
        overdue=covered.filter(review_base__lte=cut.overdue),
        upcoming=covered.filter(review_base__gt=cut.overdue, review_base__lte=cut.upcoming),
        outside=reviewable_standards(levels=coverage.others).filter(review_base__lte=cut.overdue),
    )
    overdue_first: list[Standard] = []
    outside_first: list[Standard] = []
    if limit and (counts["overdue"] or counts["outside"]):
        # The first few of each list in one query: two bounded top-N subqueries, each a single pass.
        def first(levels) -> QuerySet:
            return (reviewable_standards(levels=levels).filter(review_base__lte=cut.overdue)
                    .order_by("review_base", "id").values("pk")[:limit])

        ranked = (Standard.objects.filter(Q(pk__in=first(coverage.levels)) | Q(pk__in=first(coverage.others)))
                  .order_by("review_base", "id"))
        for standard in ranked:
            (overdue_first if coverage.covers(standard.level) else outside_first).append(standard)
    return ReviewDueSummary(today=today, within_days=within_days, coverage=coverage, overdue=counts["overdue"],
                            upcoming=counts["upcoming"], outside_past=counts["outside"],
                            overdue_first=overdue_first, outside_first=outside_first)


@dataclass(frozen=True)
class StandardReview:
    """Where one standard stands with periodic review, for its own page."""

    standard: Standard
    today: dt.date
    coverage: ReviewCoverage

    @property
    def applies(self) -> bool:
        return self.standard.status in REVIEWABLE

    @property
    def covered(self) -> bool:
        return self.coverage.covers(self.standard.level)

    @property
    def due_date(self) -> dt.date | None:
        return self.standard.review_due_date if self.applies and self.covered else None

    @property
    def overdue(self) -> bool:
        return self.due_date is not None and self.due_date < self.today

    @property
    def upcoming(self) -> bool:
        return self.due_date is not None and not self.overdue and (
            self.due_date <= self.today + dt.timedelta(days=UPCOMING_DAYS))


def standard_review(*, standard: Standard, today: dt.date | None = None) -> StandardReview:
    """Say whether ``standard`` is reviewed here, when, and whether that date has passed."""
    return StandardReview(standard=standard, today=today or timezone.localdate(), coverage=review_coverage())
