"""Key readings by (source, indicator, time) and, on PostgreSQL, partition them by month.

A partitioned table's primary key must hold the partition column, so the reading's surrogate id
gives way to the composite key that already identified it (R-M-4), and the foreign-key constraints
go (see the model: PROTECT still guards sources and indicators). On PostgreSQL the new table is
declared ``PARTITION BY RANGE (time)`` with a partition per month of the platform's time zone, a
default partition for any month not yet created, and a BRIN index on time; on SQLite it is one
ordinary table. Existing readings are copied over in both directions.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "monitoring_reading"
ASIDE = "monitoring_reading_aside"
COLUMNS = '"source_id", "indicator_id", "time", "value"'


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _bound(month: dt.date) -> str:
    return dt.datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def _set_aside(schema_editor, *, partitioned: bool) -> None:
    """Rename the current table out of the way, with the index names the new table will use."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS reading_indicator_time_idx")
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{ASIDE}"')
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(f'ALTER INDEX IF EXISTS "{TABLE}_pkey" RENAME TO "{ASIDE}_pkey"')
            if partitioned:
                cursor.execute(f'ALTER INDEX IF EXISTS "{TABLE}_time_brin" RENAME TO "{ASIDE}_time_brin"')


def _copy_back(schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{TABLE}" ({COLUMNS}) SELECT {COLUMNS} FROM "{ASIDE}"')  # noqa: S608
        cursor.execute(f'DROP TABLE "{ASIDE}" CASCADE' if schema_editor.connection.vendor == "postgresql"
                       else f'DROP TABLE "{ASIDE}"')


def old_table_aside(apps, schema_editor) -> None:
    _set_aside(schema_editor, partitioned=False)


def new_table_aside(apps, schema_editor) -> None:
    _set_aside(schema_editor, partitioned=schema_editor.connection.vendor == "postgresql")


def old_table_restore(apps, schema_editor) -> None:
    """Going back: the keyed table of 0001 (with its id), refilled from the partitioned one."""
    schema_editor.create_model(apps.get_model("monitoring", "Reading"))
    _copy_back(schema_editor)


def new_table_create(apps, schema_editor) -> None:
    """Create the keyed (and on PostgreSQL partitioned) table and copy the readings into it."""
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.create_model(apps.get_model("monitoring", "Reading"))
        _copy_back(schema_editor)
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TABLE "{TABLE}" ("source_id" bigint NOT NULL, "indicator_id" bigint NOT NULL, '
            '"time" timestamp with time zone NOT NULL, "value" double precision NOT NULL, '
            f'CONSTRAINT "{TABLE}_pkey" PRIMARY KEY ("source_id", "indicator_id", "time")) '
            'PARTITION BY RANGE ("time")')
        cursor.execute(f'CREATE INDEX "reading_indicator_time_idx" ON "{TABLE}" ("indicator_id", "time")')
        cursor.execute(f'CREATE INDEX "{TABLE}_time_brin" ON "{TABLE}" USING brin ("time")')
        cursor.execute(f'CREATE TABLE "{TABLE}_default" PARTITION OF "{TABLE}" DEFAULT')
        cursor.execute(f'SELECT MIN("time") FROM "{ASIDE}"')  # noqa: S608
        oldest = cursor.fetchone()[0]
        tz = ZoneInfo(settings.TIME_ZONE)
        today = dt.datetime.now(tz).date()
        first = min(oldest.astimezone(tz).date(), today) if oldest else today
        ahead = getattr(settings, "GOVSTD_READINGS_PARTITIONS_AHEAD", 3)
        last = today
        for _ in range(ahead):
            last = (last.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        for month in _months(first, last):
            following = (month + dt.timedelta(days=32)).replace(day=1)
            cursor.execute(f'CREATE TABLE "{TABLE}_p{month:%Y%m}" PARTITION OF "{TABLE}" '
                           f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(following)}')")
    _copy_back(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_create_indicators_sources_readings_rollups"),
    ]

    operations = [
        migrations.RunPython(old_table_aside, old_table_restore),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(
                model_name="reading",
                name="unique_reading_per_source_time",
            ),
            migrations.RemoveField(
                model_name="reading",
                name="id",
            ),
            migrations.AddField(
                model_name="reading",
                name="pk",
                field=models.CompositePrimaryKey("source", "indicator", "time", blank=True, editable=False,
                                                 primary_key=True, serialize=False),
            ),
            migrations.AlterField(
                model_name="reading",
                name="indicator",
                field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                        related_name="readings", to="monitoring.indicator", verbose_name="indicator"),
            ),
            migrations.AlterField(
                model_name="reading",
                name="source",
                field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                        related_name="readings", to="monitoring.datasource",
                                        verbose_name="data source"),
            ),
            migrations.AlterField(
                model_name="reading",
                name="time",
                field=models.DateTimeField(verbose_name="time"),
            ),
            migrations.AlterField(
                model_name="reading",
                name="value",
                field=models.FloatField(verbose_name="value"),
            ),
        ]),
        migrations.RunPython(new_table_create, new_table_aside),
    ]
