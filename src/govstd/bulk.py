"""Insert many rows at once, for imports of hundreds of thousands of rows.

``bulk_create`` prepares every field of every instance in Python and, on SQLite, sends at most
999 parameters per statement; for a 200,000-row import that work costs more than reading the
file. :func:`insert_rows` sends plain tuples through one ``executemany`` (``COPY`` on
PostgreSQL), using the model's own table and column names and Django's adapters for the column
types that need one.
"""

import contextlib
import gc
from collections.abc import Iterable, Sequence

from django.db import connection, models


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table; no signals, no ids."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a bound parameter.
    names = ", ".join(quote(f.column) for f in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    adapt = [i for i, f in enumerate(columns)
             if isinstance(f, models.DateField | models.JSONField)]  # DateTimeField is a DateField

    memo: dict[tuple, object] = {}  # imports repeat values (one timestamp, few dates): adapt each once

    def adapted(i: int, value):
        try:
            return memo[(i, value)]
        except KeyError:
            memo[(i, value)] = result = columns[i].get_db_prep_save(value, connection)
            return result
        except TypeError:  # unhashable, e.g. a JSON dict
            return columns[i].get_db_prep_save(value, connection)

    def prepared():
        for row in rows:
            if adapt:
                row = list(row)
                for i in adapt:
                    row[i] = adapted(i, row[i])
            yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY is PostgreSQL's bulk-load path
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            cursor.executemany(sql, prepared())


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
    rows where walking the system-code index would have found the first page at once.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
