"""What the tests read of PostgreSQL's own bookkeeping."""

from django.db import connection


def table_size(table: str) -> int | None:
    """The table's size on disk in bytes, on PostgreSQL (None elsewhere): rows rolled back stay in it until VACUUM."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s)", [table])
        return cursor.fetchone()[0]


def vacuumed_table_size(table: str) -> int | None:
    """`table_size` once VACUUM has reclaimed what earlier tests rolled back: a size to compare with later."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
    return table_size(table)
