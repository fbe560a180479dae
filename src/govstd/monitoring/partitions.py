"""Monthly partitions of the readings on PostgreSQL, and how long readings are kept (R-M-2, R-M-3).

On PostgreSQL ``monitoring_reading`` is partitioned by range on its time, one partition per month
of the platform's time zone (``monitoring_reading_p202611``), each with the BRIN index on time,
beside a default partition that catches a reading whose month has no partition yet, so an insert
never fails because the daily job did not run. The daily job (:func:`readings_maintain`) creates
the partitions of this month and the next ``GOVSTD_READINGS_PARTITIONS_AHEAD`` months, moving any
rows the default partition already holds for them, and drops every partition wholly older than
``GOVSTD_READINGS_RETENTION_DAYS``: readings are kept at least that long, and up to a month more
until their whole month has aged out. On SQLite the table is one ordinary table and retention
deletes the old rows in batches. Partition changes take a PostgreSQL advisory lock, so two daily
jobs at once take turns; each removal is written to the audit log. Rollups are never touched: a
period's history outlives its raw readings.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.actors import DAILY_JOB
from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry

from .models import Reading

TABLE = Reading._meta.db_table
DEFAULT_PARTITION = f"{TABLE}_default"
DELETE_BATCH = 5000  # rows per retention delete: a short write lock each
_MONTHLY = re.compile(rf"^{TABLE}_p(\d{{4}})(\d{{2}})$")


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def month_bound(month: dt.date) -> dt.datetime:
    """The first instant of ``month`` in the platform's time zone: where its partition begins."""
    return dt.datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def readings_partitioned() -> bool:
    """Whether the readings table is a partitioned table here (PostgreSQL after migration 0002)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def reading_partitions() -> dict[dt.date, str]:
    """The monthly partitions that exist, by month (the default partition is not one of them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = to_regclass(%s)", [TABLE])
        names = [row[0] for row in cursor.fetchall()]
    months = {}
    for name in names:
        if match := _MONTHLY.match(name):
            months[dt.date(int(match[1]), int(match[2]), 1)] = name
    return months


def _lock_partitions(cursor) -> None:
    """Hold the readings' partition lock to the end of the transaction: two daily jobs run at once (a
    retry beside a late run) take turns, so the second sees the first's partition instead of creating it too."""
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"govstd:{TABLE}:partitions"])


@transaction.atomic
def reading_partition_create(*, month: dt.date) -> bool:
    """Create ``month``'s partition unless it exists; return whether it was created.

    Rows the default partition holds for that month move into the new table before it is attached,
    so attaching never fails on them and nothing is lost. Runs under the partition lock.
    """
    month = month.replace(day=1)
    name, low, high = partition_name(month), month_bound(month), month_bound(_next_month(month))
    quote = connection.ops.quote_name
    # Names are built from the model's table and a date; the bounds are datetimes rendered by Python.
    with connection.cursor() as cursor:
        _lock_partitions(cursor)
        if month in reading_partitions():
            return False
        cursor.execute(f"CREATE TABLE {quote(name)} (LIKE {quote(TABLE)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {quote(DEFAULT_PARTITION)} WHERE time >= %s AND time < %s "  # noqa: S608
            f"RETURNING source_id, indicator_id, time, value) INSERT INTO {quote(name)} "
            "(source_id, indicator_id, time, value) SELECT source_id, indicator_id, time, value FROM moved",
            [low, high])
        cursor.execute(f"ALTER TABLE {quote(TABLE)} ATTACH PARTITION {quote(name)} "
                       f"FOR VALUES FROM ('{low.isoformat()}') TO ('{high.isoformat()}')")
    return True


def reading_partitions_prepare(*, today: dt.date, ahead: int | None = None) -> int:
    """Create the partitions of ``today``'s month and the ``ahead`` months after it; return how many were new."""
    if not readings_partitioned():
        return 0
    ahead = settings.GOVSTD_READINGS_PARTITIONS_AHEAD if ahead is None else ahead
    month, created = today.replace(day=1), 0
    for _step in range(ahead + 1):
        created += reading_partition_create(month=month)
        month = _next_month(month)
    return created


def _partition_drop(name: str, month: dt.date) -> None:
    """Detach one month's partition, then drop it, in a transaction of its own under the partition lock (a
    detached table is no longer the parent's, so the drop does not hold the parent's lock)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_partitions(cursor)
        if month not in reading_partitions():
            return  # another job dropped it first
        cursor.execute(f"ALTER TABLE {quote(TABLE)} DETACH PARTITION {quote(name)}")
        cursor.execute(f"DROP TABLE {quote(name)}")


def _delete_older(table: str, cutoff: dt.datetime, *, key: str) -> int:
    """Delete the rows of ``table`` older than ``cutoff`` in batches of :data:`DELETE_BATCH`, each its own
    transaction, so the write lock (SQLite's is the whole database) is never held for long."""
    quote = connection.ops.quote_name
    cutoff_value = Reading._meta.get_field("time").get_db_prep_value(cutoff, connection)
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {key} IN (SELECT {key} FROM {quote(table)} "  # noqa: S608
                           f"WHERE time < %s LIMIT {DELETE_BATCH})", [cutoff_value])
            batch = max(cursor.rowcount, 0)
        deleted += batch
        if batch < DELETE_BATCH:
            return deleted


def readings_expire(*, now: dt.datetime) -> dict[str, int]:
    """Remove readings older than the retention window; rollups stay; say what was removed in the audit log.

    PostgreSQL detaches and drops each monthly partition that ends before the cutoff (no row-by-row
    delete, no bloat) and deletes, in batches, the old rows the default partition may hold; SQLite
    deletes the old rows in batches. Each step is its own short transaction.
    """
    cutoff = now - dt.timedelta(days=settings.GOVSTD_READINGS_RETENTION_DAYS)
    dropped_months = []
    if readings_partitioned():
        for month, name in sorted(reading_partitions().items()):
            if month_bound(_next_month(month)) <= cutoff:
                _partition_drop(name, month)
                dropped_months.append(f"{month:%Y-%m}")
        deleted = _delete_older(DEFAULT_PARTITION, cutoff, key="ctid")
    else:
        deleted = _delete_older(TABLE, cutoff, key="rowid")
    if dropped_months or deleted:
        audit_record(actor=DAILY_JOB, action=AuditEntry.Action.DELETE,
                     changes={"cutoff": cutoff.isoformat(), "partitions_dropped": dropped_months,
                              "readings_deleted": deleted},
                     message=_("Readings older than the retention window removed"))
    return {"partitions_created": 0, "partitions_dropped": len(dropped_months), "readings_deleted": deleted}


def readings_maintain(today: dt.date) -> dict[str, int]:
    """The daily job's step: partitions ahead, then retention (safe to run more than once a day).

    For another day than today (``daily-jobs --date``) the cutoff counts from that day's start.
    """
    created = reading_partitions_prepare(today=today)
    now = timezone.now() if today == timezone.localdate() else dt.datetime.combine(
        today, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    result = readings_expire(now=now)
    result["partitions_created"] = created
    return result
