"""Alarm-test helpers: a test indicator whose period value is the reading itself, and fresh sources."""

import datetime as dt
import uuid

from govstd.accounts.models import Unit
from govstd.monitoring.alarms import alarm_rule_create
from govstd.monitoring.models import DataSource, Indicator, PeriodKind
from govstd.monitoring.services import data_source_create, indicator_create

TARGET = 10.0  # ≤ 10: above breaches


def last_value_indicator(*, admin, standard) -> Indicator:
    """An indicator compared per reading: its aggregation is the last value, so the period-to-date value of a
    series in time order is the reading just received."""
    return indicator_create(acting_user=admin, code=f"test-last-{uuid.uuid4().hex[:8]}", standard=standard,
                            clause="1", name="测试指标", unit="min", comparison=Indicator.Comparison.AT_MOST,
                            target=TARGET, aggregation=Indicator.Aggregation.LAST, period=PeriodKind.HOUR,
                            domain="meetings")


def fresh_source(*, admin) -> DataSource:
    return data_source_create(acting_user=admin, code=f"test-src-{uuid.uuid4().hex[:10]}", name="测试数据源",
                              kind=DataSource.Kind.SENSOR, unit=Unit.objects.first(), domain="meetings")


def rule_for(indicator: Indicator, *, admin, min_duration=0, clear_margin=0.0, clear_duration=0, severity="MAJOR"):
    return alarm_rule_create(acting_user=admin, indicator=indicator, name="测试告警", severity=severity,
                             min_duration=min_duration, clear_margin=clear_margin, clear_duration=clear_duration)


def series_times(start: dt.datetime, gaps: list[int]) -> list[dt.datetime]:
    times, at = [], start
    for gap in gaps:
        at += dt.timedelta(seconds=gap)
        times.append(at)
    return times
