"""Compliance: the share of a standard's indicator periods whose value met the target (R-M-3, R-8.5-3).

Computed from the rollups only, never from raw readings: the database counts each indicator's
periods and those meeting the target (the value by its aggregation and the comparison with the
target are SQL expressions, the same rules as :meth:`.models.Indicator.is_met`), one grouped query
per kind of indicator; Python adds the indicators up per standard. Each indicator counts at its own
period (a monthly energy target is judged on monthly sums, a daily dispatch rate on daily rates), and
only once that period has ended: today's half day is not yet a day that missed its target.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Abs, Greatest, TruncDay, TruncMonth
from django.utils import timezone

from .models import Aggregate, Indicator, PeriodKind
from .rollups import period_start

IDS_PER_QUERY = 500  # well inside every database's limit of bound parameters
A = Indicator.Aggregation
C = Indicator.Comparison


def _value(aggregation: str):
    """The rollup's value by one aggregation (``Aggregate.value`` in SQL)."""
    per = ExpressionWrapper(F("sum") * 1.0 / F("count"), output_field=FloatField())
    return {A.SUM: F("sum"), A.AVERAGE: per, A.MAXIMUM: F("max"), A.MINIMUM: F("min"), A.LAST: F("last_value"),
            A.RATE: ExpressionWrapper(per * 100.0, output_field=FloatField())}[aggregation]


def _met(comparison: str) -> Q:
    """Whether the annotated ``value`` meets the indicator's target by one comparison (``Indicator.is_met``)."""
    target = F("indicator__target")
    if comparison == C.AT_MOST:
        return Q(value__lte=target)
    if comparison == C.AT_LEAST:
        return Q(value__gte=target)
    if comparison == C.WITHIN:
        return Q(value__gte=F("indicator__target_low"), value__lte=F("indicator__target_high"))
    tolerance = ExpressionWrapper(Greatest(Value(1.0), Abs(target)) * 1e-9, output_field=FloatField())
    return Q(value__gte=target - tolerance, value__lte=target + tolerance)


def _groups(*, since: dt.datetime, until: dt.datetime, period: str | None, now: dt.datetime | None):
    """The rollups of the active indicators at their own period in [since, until) that have ended by ``now``,
    one queryset per kind of indicator (aggregation × comparison × period) with its ``met`` condition.

    One query per kind keeps each row's arithmetic a plain expression: a single query would repeat a CASE
    over the aggregation in every comparison of every row, several times slower.
    """
    indicators = Indicator.objects.filter(is_active=True)
    if period is not None:
        indicators = indicators.filter(period=period)
    kinds: dict[tuple[str, str, str], list[int]] = {}
    for pk, aggregation, comparison, own_period in indicators.values_list("pk", "aggregation", "comparison",
                                                                          "period").order_by("pk"):
        kinds.setdefault((aggregation, comparison, own_period), []).append(pk)
    now = now or timezone.now()
    for (aggregation, comparison, own_period), ids in sorted(kinds.items()):
        ended_before = min(until, period_start(now, own_period))  # the current period is still under way
        for chunk in range(0, len(ids), IDS_PER_QUERY):
            rollups = (Aggregate.objects.filter(indicator_id__in=ids[chunk:chunk + IDS_PER_QUERY], period=own_period,
                                                period_start__gte=since, period_start__lt=ended_before)
                       .annotate(value=_value(aggregation)))
            yield rollups, Sum(Case(When(_met(comparison), then=1), default=0))


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


def compliance_by_standard(*, since: dt.datetime, until: dt.datetime, period: str | None = None,
                           now: dt.datetime | None = None) -> list[StandardCompliance]:
    """Per standard with indicators: how many of its ended indicator periods in [since, until) met the target.

    ``period`` keeps only the indicators measured per that period (hour, day or month); by default all.
    The database counts per indicator (in the order of the rollups' index, no sort), Python adds the
    indicators up per standard.
    """
    per_indicator: dict[int, tuple[int, int]] = {}
    for rollups, met in _groups(since=since, until=until, period=period, now=now):
        for indicator_id, evaluated, met_count in (rollups.values("indicator_id").annotate(n=Count("id"), met=met)
                                                   .values_list("indicator_id", "n", "met").order_by()):
            per_indicator[indicator_id] = (evaluated, met_count or 0)
    standards = (Indicator.objects.filter(pk__in=per_indicator)
                 .values_list("pk", "standard_id", "standard__number", "standard__title"))
    totals: dict[int, dict] = {}
    for indicator_id, standard_id, number, title in standards:
        total = totals.setdefault(standard_id, {"standard_id": standard_id, "number": number, "title": title,
                                                "indicators": 0, "evaluated": 0, "met": 0})
        evaluated, met_count = per_indicator[indicator_id]
        total["indicators"] += 1
        total["evaluated"] += evaluated
        total["met"] += met_count
    return [StandardCompliance(**total) for total in sorted(totals.values(),
                                                            key=lambda t: (t["number"], t["standard_id"]))]


@dataclass(frozen=True)
class PeriodCompliance(Compliance):
    start: dt.datetime


def compliance_over_time(*, standard_id: int, since: dt.datetime, until: dt.datetime,
                         bucket: str = PeriodKind.MONTH, now: dt.datetime | None = None) -> list[PeriodCompliance]:
    """A standard's compliance per day or month (in the platform's time zone) in [since, until), counting
    each indicator's periods that have ended by ``now``."""
    return compliance_trends(since=since, until=until, bucket=bucket, standard_id=standard_id,
                             now=now).get(standard_id, [])


def compliance_trends(*, since: dt.datetime, until: dt.datetime, bucket: str = PeriodKind.DAY,
                      standard_id: int | None = None,
                      now: dt.datetime | None = None) -> dict[int, list[PeriodCompliance]]:
    """Every standard's compliance per day or month in [since, until), keyed by standard, counting each
    indicator's periods that have ended by ``now``: one grouped query per kind of indicator whatever the number
    of standards, so the large screen's trend costs what one standard's does. ``standard_id`` keeps one
    standard."""
    trunc = {PeriodKind.DAY: TruncDay, PeriodKind.MONTH: TruncMonth}[bucket]
    totals: dict[int, dict[dt.datetime, list[int]]] = {}
    for rollups, met in _groups(since=since, until=until, period=None, now=now):
        if standard_id is not None:
            rollups = rollups.filter(indicator__standard_id=standard_id)
        rows = (rollups.annotate(bucket=trunc("period_start", tzinfo=timezone.get_current_timezone()))
                .values("indicator__standard_id", "bucket").annotate(evaluated=Count("id"), met=met).order_by())
        for row in rows:
            total = totals.setdefault(row["indicator__standard_id"], {}).setdefault(row["bucket"], [0, 0])
            total[0] += row["evaluated"]
            total[1] += row["met"] or 0
    return {standard: [PeriodCompliance(start=start, evaluated=evaluated, met=met)
                       for start, (evaluated, met) in sorted(buckets.items())]
            for standard, buckets in totals.items()}
