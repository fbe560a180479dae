"""Fold readings into hour, day and month rollups: once in Python for a batch, once in SQL per row.

Both follow the same rules, so the rollup of a series does not depend on how it was split into
batches or in which order the batches came (R-M-3): count and sum add up, min and max take the
extreme, and "last" is the reading with the latest time — among equal times, the greater value.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import Aggregate, PeriodKind


@dataclass
class Fold:
    count: int
    sum: float
    min: float
    max: float
    last_value: float
    last_time: dt.datetime

    def merge(self, other: "Fold") -> None:
        self.count += other.count
        self.sum += other.sum
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)
        if (other.last_time, other.last_value) > (self.last_time, self.last_value):
            self.last_time, self.last_value = other.last_time, other.last_value


def period_start(moment: dt.datetime, period: str) -> dt.datetime:
    """The start of the hour, day or month holding ``moment``, in the platform's time zone."""
    local = timezone.localtime(moment)
    if period == PeriodKind.HOUR:
        local = local.replace(minute=0, second=0, microsecond=0)
    elif period == PeriodKind.DAY:
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        local = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return local


def folds(rows: Iterable[tuple[int, dt.datetime, float]]) -> dict[tuple[int, str, dt.datetime], Fold]:
    """Roll ``(indicator id, time, value)`` rows up per indicator, period kind and period start.

    Each reading is folded into its hour once; days and months are folded from the hours.
    """
    zone = timezone.get_current_timezone()
    # Every time zone's offsets and changes fall on quarter hours, so all times of one UTC quarter
    # hour share their hour, day and month: find those starts once per quarter, not per reading.
    hour_of: dict[int, dt.datetime] = {}
    larger: dict[dt.datetime, tuple[dt.datetime, dt.datetime]] = {}  # hour start → day and month start
    # Per (indicator, hour): [count, sum, min, max, last value, last time], folded inline (a batch has thousands).
    hours: dict[tuple[int, dt.datetime], list] = {}
    for indicator_id, time, value in rows:
        quarter = int(time.timestamp() // 900)
        hour = hour_of.get(quarter)
        if hour is None:
            local = timezone.localtime(dt.datetime.fromtimestamp(quarter * 900, dt.UTC), zone)
            hour = hour_of[quarter] = period_start(local, PeriodKind.HOUR)
            larger.setdefault(hour, (period_start(local, PeriodKind.DAY), period_start(local, PeriodKind.MONTH)))
        fold = hours.get((indicator_id, hour))
        if fold is None:
            hours[(indicator_id, hour)] = [1, value, value, value, value, time]
            continue
        fold[0] += 1
        fold[1] += value
        if value < fold[2]:
            fold[2] = value
        elif value > fold[3]:
            fold[3] = value
        if time > fold[5] or (time == fold[5] and value > fold[4]):
            fold[4], fold[5] = value, time
    result: dict[tuple[int, str, dt.datetime], Fold] = {}
    for (indicator_id, hour), folded in hours.items():
        fold = result[(indicator_id, PeriodKind.HOUR.value, hour)] = Fold(*folded)
        for period, start in zip((PeriodKind.DAY.value, PeriodKind.MONTH.value), larger[hour], strict=True):
            into = result.get((indicator_id, period, start))
            if into is None:
                result[(indicator_id, period, start)] = Fold(fold.count, fold.sum, fold.min, fold.max,
                                                             fold.last_value, fold.last_time)
            else:
                into.merge(fold)
    return result


def rollups_merge(batch: dict[tuple[int, str, dt.datetime], Fold]) -> None:
    """Add a batch's folds to the stored rollups in one statement per row, safe against concurrent writers.

    An upsert adds in the database, so two ingesters folding into the same hour both count; the
    rows go in key order, so two transactions lock them in the same order and cannot deadlock.
    """
    if not batch:
        return
    quote = connection.ops.quote_name
    table = quote(Aggregate._meta.db_table)
    least, greatest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    c = {name: quote(name) for name in ("count", "sum", "min", "max", "last_value", "last_time")}
    newer = (f"(excluded.{c['last_time']} > {table}.{c['last_time']} OR (excluded.{c['last_time']} = "
             f"{table}.{c['last_time']} AND excluded.{c['last_value']} > {table}.{c['last_value']}))")
    # Names come from the model and are quoted; every value is a bound parameter.
    sql = (f"INSERT INTO {table} (indicator_id, period, period_start, {c['count']}, {c['sum']}, {c['min']}, "  # noqa: S608
           f"{c['max']}, {c['last_value']}, {c['last_time']}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
           f"ON CONFLICT (indicator_id, period, period_start) DO UPDATE SET "
           f"{c['count']} = {table}.{c['count']} + excluded.{c['count']}, "
           f"{c['sum']} = {table}.{c['sum']} + excluded.{c['sum']}, "
           f"{c['min']} = {least}({table}.{c['min']}, excluded.{c['min']}), "
           f"{c['max']} = {greatest}({table}.{c['max']}, excluded.{c['max']}), "
           f"{c['last_value']} = CASE WHEN {newer} THEN excluded.{c['last_value']} ELSE {table}.{c['last_value']} END, "
           f"{c['last_time']} = CASE WHEN {newer} THEN excluded.{c['last_time']} ELSE {table}.{c['last_time']} END")
    time_field = Aggregate._meta.get_field("period_start")
    prep = time_field.get_db_prep_save
    params = [(indicator_id, period, prep(start, connection), f.count, f.sum, f.min, f.max, f.last_value,
               prep(f.last_time, connection))
              for (indicator_id, period, start), f in sorted(batch.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                             kv[0][2]))]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
