"""The database migrated back to before a data migration and forward again, to test it on data made before it.

Schema changes on SQLite cannot run inside a test's transaction: tests using
this are `django_db(transaction=True, serialized_rollback=True)`, so that the
data the other migrations made (groups, permissions) is put back after them.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets`; the models as they were there (`apps.get_model`)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def migrated_back_to(targets):
    """A fixture: the models as of `targets`, the database migrated back to them; forward to the latest after."""

    @pytest.fixture
    def apps_before():
        yield migrate(targets)
        migrate_to_latest()

    return apps_before
