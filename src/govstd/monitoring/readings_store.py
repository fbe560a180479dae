"""Write a batch of checked readings and learn which were new, without reading the stored ones first (R-M-4).

A reading is identified by (source, indicator, time), the table's primary key; a delivery of one
already stored (QoS 1 redelivery, a batch posted twice) is skipped by the database and counted by
the caller as a duplicate. Neither path loads the stored keys over the batch's time range:

* PostgreSQL: ``COPY`` straight into the readings table inside a savepoint, as fast as a bulk
  load: a batch that holds no stored reading (nearly all of them) is done. When the key is
  violated, the savepoint is rolled back and the batch goes the careful way: ``COPY`` into a
  temporary table, then one ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` whose returned
  keys, compared in the same statement with the batch, give the places of the readings it skipped.
* SQLite: one ``executemany`` of ``INSERT … ON CONFLICT DO NOTHING``; its row count says how many
  were new. When some were not, the new ones are the rows past the table's highest rowid before the
  insert (the transaction holds SQLite's write lock, so no one else added rows meanwhile).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, connection, transaction

from .models import Reading

Row = tuple[int, dt.datetime, float]  # indicator id, time (aware), value

INCOMING = "monitoring_reading_incoming"
COLUMN_TYPES = ["int8", "int8", "timestamptz", "float8"]  # source, indicator, time, value


def readings_insert(*, source_id: int, rows: Sequence[Row]) -> list[Row]:
    """Insert ``rows`` of one source (no key twice among them); return those that were not stored already."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_postgresql(source_id, rows)
    return _insert_sqlite(source_id, rows)


def _insert_postgresql(source_id: int, rows: Sequence[Row]) -> list[Row]:
    table = connection.ops.quote_name(Reading._meta.db_table)
    try:
        # A savepoint: a stored key undoes only this COPY (raised as Django's IntegrityError).
        with (transaction.atomic(), connection.wrap_database_errors, connection.cursor() as cursor,
              cursor.cursor.copy(f"COPY {table} (source_id, indicator_id, time, value) FROM STDIN (FORMAT BINARY)")
              as copy):
            copy.set_types(COLUMN_TYPES)  # binary, typed: no text to format here or to parse there
            for indicator_id, time, value in rows:
                copy.write_row((source_id, indicator_id, time, value))
        return list(rows)
    except IntegrityError:
        pass  # some were stored already (a redelivery): find which, the careful way
    with connection.cursor() as cursor:
        # One temporary table per connection, emptied at each commit; n is the row's place in the batch.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {INCOMING} (n integer, source_id bigint, "
                       "indicator_id bigint, time timestamptz, value double precision) ON COMMIT DELETE ROWS")
        with cursor.cursor.copy(f"COPY {INCOMING} (n, source_id, indicator_id, time, value) FROM STDIN") as copy:
            for n, (indicator_id, time, value) in enumerate(rows):
                copy.write_row((n, source_id, indicator_id, time, value))
        # The insert returns the keys it stored; the query answers the places of the others, the
        # duplicates: usually none, so no stored row travels back.
        cursor.execute(f"WITH stored AS (INSERT INTO {table} (source_id, indicator_id, time, value) "  # noqa: S608
                       f"SELECT source_id, indicator_id, time, value FROM {INCOMING} "
                       "ON CONFLICT DO NOTHING RETURNING indicator_id, time) "
                       f"SELECT n FROM {INCOMING} i WHERE NOT EXISTS (SELECT 1 FROM stored s "
                       "WHERE s.indicator_id = i.indicator_id AND s.time = i.time)")
        duplicates = {n for (n,) in cursor.fetchall()}
        if len(connection.atomic_blocks) > 1:  # an outer transaction may send another batch before committing
            cursor.execute(f"DELETE FROM {INCOMING}")  # noqa: S608
    return [row for n, row in enumerate(rows) if n not in duplicates] if duplicates else list(rows)


def _insert_sqlite(source_id: int, rows: Sequence[Row]) -> list[Row]:
    table = connection.ops.quote_name(Reading._meta.db_table)
    params = [(source_id, indicator_id, _sqlite_time(time), value) for indicator_id, time, value in rows]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.executemany(f'INSERT INTO {table} (source_id, indicator_id, "time", value) '  # noqa: S608
                           "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING", params)
        if cursor.rowcount == len(rows):
            return list(rows)
        # As text, as it was written (the column's declared type would turn it into a naive datetime).
        cursor.execute(f'SELECT indicator_id, CAST("time" AS TEXT) FROM {table} WHERE rowid > %s',  # noqa: S608
                       [highest])
        new = set(cursor.fetchall())
    return [row for row, (_, indicator_id, time, _) in zip(rows, params, strict=True) if (indicator_id, time) in new]


def _sqlite_time(moment: dt.datetime) -> str:
    """The text Django's SQLite backend stores for an aware datetime (UTC, no offset), minus its per-value cost."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
