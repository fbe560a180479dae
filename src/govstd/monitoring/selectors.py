"""Reads of the monitoring app, from the rollups and counters only (never a pass over the readings)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .models import Aggregate, DataSource, Indicator, RejectCount
from .rollups import period_start


@dataclass(frozen=True)
class PeriodValue:
    start: dt.datetime
    value: float
    count: int
    met: bool
    ended: bool = True  # False for the period still under way: its value is not yet a verdict


def indicator_series(*, indicator: Indicator, period: str | None = None, since: dt.datetime | None = None,
                     until: dt.datetime | None = None, now: dt.datetime | None = None) -> list[PeriodValue]:
    """An indicator's value per period (its own period unless another is asked), each compared with its target
    (R-M-3); the period holding ``now`` is marked not ended."""
    period = period or indicator.period
    current = period_start(now or timezone.now(), period)
    rollups = Aggregate.objects.filter(indicator=indicator, period=period or indicator.period).order_by("period_start")
    if since is not None:
        rollups = rollups.filter(period_start__gte=since)
    if until is not None:
        rollups = rollups.filter(period_start__lt=until)
    series = []
    for rollup in rollups:
        rollup.indicator = indicator  # the value needs the aggregation; no query per row
        value = rollup.value
        series.append(PeriodValue(rollup.period_start, value, rollup.count, bool(indicator.is_met(value)),
                                  ended=rollup.period_start < current))
    return series


def source_health(*, source: DataSource) -> dict:
    """What a data source's page shows: readings stored, rejects by reason, last seen (R-M-4, R-A-2)."""
    rejects = dict(RejectCount.objects.filter(source_code=source.code).values_list("reason", "count"))
    return {"readings": source.readings_count, "rejected": rejects, "last_seen_at": source.last_seen_at,
            "status": source.status}
