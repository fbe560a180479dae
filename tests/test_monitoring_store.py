"""How readings are stored: keyed by (source, indicator, time) so duplicates are found by the insert itself
(R-M-4), partitioned by month on PostgreSQL with a BRIN index on time, partitions made ahead and old
readings dropped by the daily job while the rollups stay (R-M-2, R-M-3)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from govstd.monitoring.models import Aggregate, Reading
from govstd.monitoring.partitions import (
    DEFAULT_PARTITION,
    partition_name,
    reading_partition_create,
    reading_partitions,
    reading_partitions_prepare,
    readings_expire,
    readings_partitioned,
)
from govstd.monitoring.services import readings_ingest
from govstd.notifications.tasks import run_daily_jobs

from .monitoring_support import monitoring_fixture, reading  # noqa: F401

pytestmark = pytest.mark.django_db

TEMPERATURE = "office-temperature"
SOURCE = "office-temp-a301"
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="partitions are PostgreSQL's")


def where(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def month_count(indicator: str) -> int:
    return sum(Aggregate.objects.filter(indicator__code=indicator, period="month").values_list("count", flat=True))


def test_a_partly_stored_batch_stores_only_the_new_readings_and_counts_the_rest(monitoring):
    """R-M-4: the insert skips what is stored (any earlier batch, any time order) and the rollups count
    each reading once (R-M-3)."""
    now = timezone.now()
    times = [now - dt.timedelta(minutes=n) for n in range(1, 41)]
    first = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, t, 20) for t in times[::2]])
    assert (first.stored, first.rejected_total) == (20, 0)
    again = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, t, 30) for t in times])
    assert (again.received, again.stored, again.rejected["duplicate"]) == (40, 20, 20)
    assert Reading.objects.count() == 40
    assert month_count(TEMPERATURE) == 40
    assert sorted(Reading.objects.values_list("value", flat=True)) == [20] * 20 + [30] * 20  # first one kept
    # The same time from another source is another reading.
    other = readings_ingest(source="office-temp-futian-502", now=now, readings=[reading(TEMPERATURE, times[0], 5)])
    assert other.stored == 1


def test_the_reading_key_is_the_table_key(monitoring):
    """R-M-4: (source, indicator, time) is the primary key, so no second row can exist even outside the service."""
    assert [f.name for f in Reading._meta.pk_fields] == ["source", "indicator", "time"]
    now = timezone.now()
    readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, now, 20)])
    stored = Reading.objects.get()
    assert stored.pk == (stored.source_id, stored.indicator_id, stored.time)


@postgresql_only
def test_readings_are_partitioned_by_month_with_a_brin_index_on_time(monitoring):
    """R-M-2: declarative partitioning, one partition per month, a BRIN index on time in each partition."""
    assert readings_partitioned()
    now = timezone.now()
    at = now - dt.timedelta(minutes=1)
    readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, at, 20)])
    month = timezone.localtime(at).date().replace(day=1)
    assert where(partition_name(month)) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = to_regclass(%s)", [partition_name(month)])
        methods = sorted(row[0] for row in cursor.fetchall())
    assert methods == ["brin", "btree", "btree"]  # time; the key; indicator and time


@postgresql_only
def test_a_month_without_partition_lands_in_the_default_one_and_moves_when_its_partition_is_made(monitoring):
    """R-M-2: an insert never fails for a missing partition; the monthly job moves those rows into their month."""
    now = timezone.now()
    old = now - dt.timedelta(days=120)
    month = timezone.localtime(old).date().replace(day=1)
    assert month not in reading_partitions()
    report = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, old, 21)])
    assert report.stored == 1 and where(DEFAULT_PARTITION) == 1
    assert reading_partition_create(month=month)
    assert not reading_partition_create(month=month)  # idempotent
    assert (where(DEFAULT_PARTITION), where(partition_name(month))) == (0, 1)
    again = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, old, 21)])
    assert again.rejected["duplicate"] == 1  # the key holds across the move


@postgresql_only
def test_the_daily_job_makes_partitions_ahead(monitoring, settings):
    """R-M-2: this month and the configured months ahead always have their partition."""
    settings.GOVSTD_READINGS_PARTITIONS_AHEAD = 6
    today = timezone.localdate()
    result = run_daily_jobs.call(today.isoformat())
    assert result["monitoring.readings"]["partitions_created"] == 3  # the migration made three months ahead
    months, month = [], today.replace(day=1)
    for _ in range(7):
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    assert set(months) <= reading_partitions().keys()
    assert reading_partitions_prepare(today=today) == 0


def test_retention_removes_old_readings_and_keeps_the_rollups(monitoring, settings):
    """R-M-2, R-M-3: readings older than the retention window go (whole partitions on PostgreSQL), rollups stay."""
    now = timezone.now()
    old, recent = now - dt.timedelta(days=100), now - dt.timedelta(days=2)
    readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, old - dt.timedelta(hours=n), 20)
                                                      for n in range(5)] + [reading(TEMPERATURE, recent, 25)])
    if readings_partitioned():
        reading_partition_create(month=timezone.localtime(old).date())
    rollups = set(Aggregate.objects.values_list("period", "period_start", "count"))
    settings.GOVSTD_READINGS_RETENTION_DAYS = 30
    result = readings_expire(now=now)
    assert list(Reading.objects.values_list("value", flat=True)) == [25]
    if readings_partitioned():
        assert result["partitions_dropped"] >= 1
        assert timezone.localtime(old).date().replace(day=1) not in reading_partitions()
    else:
        assert result["readings_deleted"] == 5
    assert set(Aggregate.objects.values_list("period", "period_start", "count")) == rollups
    assert readings_expire(now=now)["readings_deleted"] == 0  # nothing left to remove


def test_batches_in_one_outer_transaction_each_store_only_their_new_readings(monitoring):
    """R-M-4: two batches committed together (an import's chunks) still see each other's readings as stored."""
    from django.db import transaction

    now = timezone.now()
    times = [now - dt.timedelta(minutes=n) for n in range(1, 11)]
    with transaction.atomic():
        first = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, t, 20) for t in times[:6]])
        second = readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, t, 20) for t in times[3:]])
    assert (first.stored, second.stored, second.rejected["duplicate"]) == (6, 4, 3)
    assert Reading.objects.count() == 10 and month_count(TEMPERATURE) == 10


def test_a_source_or_indicator_with_readings_cannot_be_deleted(monitoring):
    """R-M-2: the readings table keeps no foreign keys in the database (they would cost a lookup and a lock
    per reading); PROTECT still refuses to delete what readings refer to."""
    from django.db.models import ProtectedError

    now = timezone.now()
    readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, now, 20)])
    with pytest.raises(ProtectedError):
        monitoring["sources"][SOURCE].delete()
    with pytest.raises(ProtectedError):
        monitoring["indicators"][TEMPERATURE].delete()


def test_retention_deletes_in_short_batches_and_is_audited(monitoring, settings, monkeypatch):
    """R-M-2 (review findings 23, 24): old readings go in batches (a short write lock each), every one of them,
    and the removal is written to the audit log by the daily job; a run with nothing to remove writes nothing."""
    from govstd.accounts.models import AuditEntry
    from govstd.monitoring import partitions

    monkeypatch.setattr(partitions, "DELETE_BATCH", 3)
    now = timezone.now()
    old = now - dt.timedelta(days=100)
    readings_ingest(source=SOURCE, now=now, readings=[reading(TEMPERATURE, old - dt.timedelta(minutes=n), 20)
                                                      for n in range(10)])
    settings.GOVSTD_READINGS_RETENTION_DAYS = 30
    result = readings_expire(now=now)
    assert not Reading.objects.exists()
    removed = result["readings_deleted"] + result["partitions_dropped"]
    assert removed >= 1
    entry = AuditEntry.objects.filter(action="delete", changes__has_key="readings_deleted").get()
    assert entry.changes["readings_deleted"] == result["readings_deleted"]
    readings_expire(now=now)
    assert AuditEntry.objects.filter(action="delete", changes__has_key="readings_deleted").count() == 1


@postgresql_only
def test_a_partition_made_meanwhile_is_not_made_twice(monitoring):
    """R-M-2 (review finding 22): partition creation checks for the month under the partition lock, so a
    second job that starts after the first made it returns False instead of failing on CREATE TABLE."""
    month = (timezone.localdate() + dt.timedelta(days=400)).replace(day=1)
    assert reading_partition_create(month=month)
    assert not reading_partition_create(month=month)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        assert cursor.fetchone()[0] == 1  # held by this transaction until it ends: another job waits for it
