"""What the benchmarks share: work on a generated archive, then leave the database as it was.

They write in one transaction and roll it back. On PostgreSQL a rollback
leaves every row it inserted in its table and indexes, dead, until VACUUM
reclaims it, and autovacuum may be long in coming: unreclaimed, the 600,000
search texts of one `bench_search` run made the next run's searches for
frequent terms five times slower (they read through the dead rows), and a
reader's too. So the app's tables are vacuumed after the rollback, and
before the work too, in case an earlier run was killed before its own.
"""

import time
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction


class RollBack(Exception):
    """Raised at the end of the work, so that the transaction is rolled back."""


def vacuum(stdout) -> None:
    """VACUUM (ANALYZE) the app's tables on PostgreSQL; quick where nothing is dead (pages all visible are skipped).

    Not inside a caller's transaction (the tests'), where VACUUM cannot run.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    models = apps.get_app_config("conclusions").get_models(include_auto_created=True)
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
    stdout.write(f"Vacuumed the tables in {time.perf_counter() - start:.1f} s")


@contextmanager
def rolled_back(stdout):
    """A transaction for the work inside, rolled back at its end, with the tables vacuumed before and after."""
    vacuum(stdout)
    try:
        with transaction.atomic():
            yield
            raise RollBack
    except RollBack:
        pass
    finally:
        vacuum(stdout)
