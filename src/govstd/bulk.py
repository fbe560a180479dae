"""Insert many rows at once, for imports of hundreds of thousands of rows.

``bulk_create`` prepares every field of every instance in Python and, on SQLite, sends at most
999 parameters per statement; for a 200,000-row import that work costs more than reading the
file. :func:`insert_rows` sends plain tuples through one ``executemany`` (``COPY`` on
PostgreSQL), using the model's own table and column names and Django's adapters for the column
types that need one.
"""

import contextlib
import gc
import itertools
from collections.abc import Iterable, Sequence

from django.db import NotSupportedError, connection, models

CHUNK = 5000  # rows adapted at a time


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table; no signals.

    Give ``"id"`` among the fields with ids from :func:`reserve_ids` to know each row's id
    without reading the rows back.
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a bound parameter.
    names = ", ".join(quote(f.column) for f in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    # Imports repeat values (one timestamp, few dates, empty JSON): adapt each distinct value once,
    # a column of a chunk at a time, so the per-row work stays in C (zip, map, dict lookups).
    adapted = [(i, _Adapted(f.get_db_prep_save), isinstance(f, models.JSONField)) for i, f in enumerate(columns)
               if isinstance(f, models.DateField | models.JSONField)]  # DateTimeField is a DateField

    def prepared():
        iterator = iter(rows)
        while chunk := list(itertools.islice(iterator, CHUNK)):
            if not adapted:
                yield from chunk
                continue
            by_column = list(zip(*chunk, strict=True))
            for i, adapt, is_json in adapted:
                by_column[i] = map(adapt.json if is_json else adapt.__getitem__, by_column[i])
            yield from zip(*by_column, strict=True)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY is PostgreSQL's bulk-load path
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            cursor.executemany(sql, prepared())


def reserve_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """Take ``count`` primary keys for rows that :func:`insert_rows` is about to write.

    Reading 200,000 new rows back to learn their ids took longer than writing them. Call inside
    the transaction that inserts the rows; ids not used are simply never given, as after a rollback.
    """
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            # Django's SQLite keys are AUTOINCREMENT: sqlite_sequence holds the highest id ever given.
            # Raising it is a write, so this transaction holds the write lock and no one else takes these ids.
            cursor.execute("UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s", [count, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) "  # noqa: S608 - names from the model
                               f"SELECT %s, COALESCE(MAX({quote(column)}), 0) + %s FROM {quote(table)}", [table, count])
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            last = cursor.fetchone()[0]
            return range(last - count + 1, last + 1)
    raise NotSupportedError(f"reserve_ids supports PostgreSQL and SQLite, not {connection.vendor}")


class _Adapted(dict):
    """A column's values as the database takes them, each distinct value prepared once."""

    def __init__(self, prepare):
        super().__init__()
        self.prepare = prepare
        self.empty: dict = {}

    def __missing__(self, value):
        self[value] = prepared = self.prepare(value, connection)
        return prepared

    def json(self, value):
        """Prepare a JSON value: unhashable, so only empty ones (most audit rows) are prepared once."""
        if value:
            return self.prepare(value, connection)
        kind = type(value)
        if kind not in self.empty:
            self.empty[kind] = self.prepare(value, connection)
        return self.empty[kind]


@contextlib.contextmanager
def indexes_deferred(*models_: type[models.Model], rows: int, min_rows: int = 10_000):
    """Build the secondary indexes of ``models_`` once after a bulk load of ``rows`` rows, not row by row.

    A table receiving at least as many rows as it holds (a first import of the whole catalog)
    loses its indexes for the load and gets them back, from their stored definitions, at the
    end of the block: one sort per index instead of one insertion per row and index (about half
    the time for 200,000 rows; PostgreSQL's manual, "Populating a Database"). Smaller loads keep
    the indexes. On PostgreSQL the tables' foreign keys go too and come back the same way: adding
    a key checks every row in one join, where each inserted row would otherwise queue a check of
    its own (400,000 lookups for 200,000 standards and their audit rows). Use inside
    ``transaction.atomic()``: an error rolls the dropping back with the rows; the tables (and, for
    the keys, the tables they point to) stay locked until the transaction ends.
    """
    loaded = [model for model in models_ if rows >= min_rows and _holds_at_most(model, rows)]
    dropped = [index for model in loaded for index in _secondary_indexes(model)]
    keys = [key for model in loaded for key in _foreign_keys(model)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if keys:  # a table (or one a key points to) with checks still queued cannot be altered: run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    if not dropped and not keys:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of rows written meanwhile must run before an index can be built.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in dropped:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED


def _holds_at_most(model: type[models.Model], limit: int) -> bool:
    """Tell whether ``model``'s table holds at most ``limit`` rows, reading no more than one past that."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS head", [limit + 1])  # noqa: S608
        return cursor.fetchone()[0] <= limit


def _foreign_keys(model: type[models.Model]) -> list[tuple[str, str, str]]:
    """The table's foreign keys on PostgreSQL as (table, name, definition); SQLite checks each row cheaply."""
    if connection.vendor != "postgresql":
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY conname",
                       [connection.ops.quote_name(table)])
        return [(table, name, definition) for name, definition in cursor.fetchall()]


def _secondary_indexes(model: type[models.Model]) -> list[tuple[str, str]]:
    """The table's indexes that no constraint owns (not the primary key), as (name, CREATE statement)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                           "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(%s) "
                           "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                           "ORDER BY c.relname", [connection.ops.quote_name(table)])
        elif connection.vendor == "sqlite":  # automatic indexes of UNIQUE constraints have no SQL
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                           "AND sql IS NOT NULL ORDER BY name", [table])
        else:
            return []
        return cursor.fetchall()


@contextlib.contextmanager
def collection_paused():
    """Pause the cyclic garbage collector while a bulk load builds many long-lived objects.

    An import holds a few objects per row until it writes; with hundreds of thousands of rows the
    collector rescans them again and again (about a tenth of a 200,000-row import). Reference
    counting still frees everything else; the collector runs again when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def refresh_planner_statistics(*models_: type[models.Model]) -> None:
    """After a bulk load, let the database re-read the tables' statistics.

    Without them PostgreSQL (until autovacuum comes round) believes the tables are small and
    picks nested loops, and SQLite guesses index selectivity and sorts tens of thousands of
    rows where walking the system-code index would have found the first page at once. Outside a
    transaction PostgreSQL also vacuums the new rows, which sets its visibility map, so counts
    over an index (Table 2, the due-for-review figures) are answered from the index alone
    (PostgreSQL's manual, "Populating a Database"; a VACUUM cannot run inside a transaction).
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    command = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
