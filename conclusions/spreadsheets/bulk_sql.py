"""Plain INSERT (COPY on PostgreSQL), UPDATE and DELETE statements, for imports of many thousand rows.

The ORM's bulk_create and bulk_update build a model object and a parameter
list per row in Python, and bulk_update writes one CASE expression per row:
fine for hundreds of rows, the main cost for a hundred thousand. These run
the same statements with one parameter tuple per row. Callers pass database
column names and values ready to store; no signals, no save().
"""

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection

BATCH_SIZE = 2000


def batches(rows: Iterable, size: int = BATCH_SIZE):
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT each row (values in `columns` order) into the model's table; COPY on PostgreSQL."""
    quote = connection.ops.quote_name
    table, column_list = quote(model._meta.db_table), ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement, several times faster than INSERTs (psycopg adapts the values).
            # Django does not wrap psycopg's `copy`: its errors are made Django's (IntegrityError, …) here.
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def update_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """UPDATE `columns` of the rows whose primary key is each row's last value."""
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(column)} = %s" for column in columns),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def delete_rows(model, filters: dict[str, object], column: str, values: Iterable) -> None:
    """DELETE the rows that match `filters` (column: value) and have one of `values` in `column`.

    Without the ORM's delete(), which loads every row to send signals when
    any receiver (simple-history's, for the content models) listens to deletions.
    """
    quote = connection.ops.quote_name
    conditions = " AND ".join(f"{quote(name)} = %s" for name in filters)
    with connection.cursor() as cursor:
        for batch in batches(values):
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {conditions}"
                f" AND {quote(column)} IN ({', '.join(['%s'] * len(batch))})",
                [*filters.values(), *batch],
            )
