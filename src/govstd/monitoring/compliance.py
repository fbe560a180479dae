"""Compliance: the share of a standard's indicator periods whose value met the target (R-M-3, R-8.5-3).

Computed from the rollups only, never from raw readings, in one grouped query: the value of each
rollup by its indicator's aggregation and its comparison with the target are SQL expressions
(the same rules as :meth:`.models.Indicator.is_met`). Each indicator counts at its own period
(a monthly energy target is judged on monthly sums, a daily dispatch rate on daily rates).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Abs, Greatest, TruncDay, TruncMonth
from django.utils import timezone

from .models import Aggregate, Indicator, PeriodKind

A = Indicator.Aggregation
C = Indicator.Comparison


def _value():
    """The rollup's value by its indicator's aggregation (``Aggregate.value`` in SQL)."""
    per = ExpressionWrapper(F("sum") * 1.0 / F("count"), output_field=FloatField())
    return Case(
        When(indicator__aggregation=A.SUM, then=F("sum")),
        When(indicator__aggregation=A.AVERAGE, then=per),
        When(indicator__aggregation=A.MAXIMUM, then=F("max")),
        When(indicator__aggregation=A.MINIMUM, then=F("min")),
        When(indicator__aggregation=A.LAST, then=F("last_value")),
        default=ExpressionWrapper(per * 100.0, output_field=FloatField()), output_field=FloatField())


def _met() -> Q:
    """Whether the value meets the indicator's target (``Indicator.is_met`` in SQL)."""
    target = F("indicator__target")
    tolerance = ExpressionWrapper(Greatest(Value(1.0), Abs(target)) * 1e-9, output_field=FloatField())
    return (Q(indicator__comparison=C.AT_MOST, value__lte=target)
            | Q(indicator__comparison=C.AT_LEAST, value__gte=target)
            | Q(indicator__comparison=C.WITHIN, value__gte=F("indicator__target_low"),
                value__lte=F("indicator__target_high"))
            | Q(indicator__comparison=C.EQUAL, value__gte=target - tolerance, value__lte=target + tolerance))


def _rollups(*, since: dt.datetime, until: dt.datetime, period: str | None):
    rollups = (Aggregate.objects.filter(period=F("indicator__period"), period_start__gte=since,
                                        period_start__lt=until, indicator__is_active=True)
               .annotate(value=_value()))
    if period is not None:
        rollups = rollups.filter(indicator__period=period)
    return rollups


@dataclass(frozen=True)
class Compliance:
    evaluated: int  # indicator periods with readings
    met: int

    @property
    def rate(self) -> float | None:
        """Percentage met, None when nothing was measured."""
        return 100.0 * self.met / self.evaluated if self.evaluated else None


@dataclass(frozen=True)
class StandardCompliance(Compliance):
    standard_id: int
    number: str
    title: str
    indicators: int


def compliance_by_standard(*, since: dt.datetime, until: dt.datetime,
                           period: str | None = None) -> list[StandardCompliance]:
    """Per standard with indicators: how many of its indicator periods in [since, until) met the target.

    ``period`` keeps only the indicators measured per that period (hour, day or month); by default all.
    """
    rows = (_rollups(since=since, until=until, period=period)
            .values("indicator__standard_id", "indicator__standard__number", "indicator__standard__title")
            .annotate(evaluated=Count("id"), met=Sum(Case(When(_met(), then=1), default=0)),
                      indicators=Count("indicator_id", distinct=True))
            .order_by("indicator__standard__number", "indicator__standard_id"))
    return [StandardCompliance(standard_id=row["indicator__standard_id"], number=row["indicator__standard__number"],
                               title=row["indicator__standard__title"], indicators=row["indicators"],
                               evaluated=row["evaluated"], met=row["met"] or 0) for row in rows]


@dataclass(frozen=True)
class PeriodCompliance(Compliance):
    start: dt.datetime


def compliance_over_time(*, standard_id: int, since: dt.datetime, until: dt.datetime,
                         bucket: str = PeriodKind.MONTH) -> list[PeriodCompliance]:
    """A standard's compliance per day or month (in the platform's time zone) in [since, until)."""
    trunc = {PeriodKind.DAY: TruncDay, PeriodKind.MONTH: TruncMonth}[bucket]
    rows = (_rollups(since=since, until=until, period=None).filter(indicator__standard_id=standard_id)
            .annotate(bucket=trunc("period_start", tzinfo=timezone.get_current_timezone()))
            .values("bucket").annotate(evaluated=Count("id"), met=Sum(Case(When(_met(), then=1), default=0)))
            .order_by("bucket"))
    return [PeriodCompliance(start=row["bucket"], evaluated=row["evaluated"], met=row["met"] or 0) for row in rows]
