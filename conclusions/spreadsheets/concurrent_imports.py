"""Imports beside other writers: a confirm writes what its preview showed, and two imports never interleave.

- A preview's plan is summed up in a digest of what it would write, row by
  row (`plan_digest`); the confirm plans the file again against the
  database as it is then, and writes only if the digest is the same. If a
  row changed meanwhile (a paragraph edited, the same rows imported by
  someone else), nothing is written and the rows are named with who changed
  them and when (`changes_since`), the new plan shown for a new confirm.
- Imports that write take a lock for the length of their transaction
  (`one_import_at_a_time`) before they read the database to plan: a second
  import waits for the first to end and plans on what it wrote, instead of
  both inserting the same new paragraphs and one failing on the unique
  address. PostgreSQL: a transaction-level advisory lock. SQLite lets one
  transaction write at a time; a writer that planned before another wrote is
  refused by the database, and the admin says so (`BUSY`).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

from conclusions.change_reasons import person_name
from conclusions.spreadsheets.conclusion_plan import ImportPlan

# Any number no other advisory lock of the database uses: "PVE imp" in ASCII.
IMPORT_LOCK_KEY = 0x505645_696D70
WRITING_STATUSES = ("new", "changed", "refused")
BUSY = _("Another change was being written at the same moment: nothing was imported. Upload the file again.")


def one_import_at_a_time() -> None:
    """Wait for any other import's transaction to end; call inside the import's own transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def plan_digest(plan: ImportPlan) -> str:
    """What the plan would write, row by row (stored values and new ones): equal only for the same writes."""
    digest = hashlib.blake2b(digest_size=16)
    for row in plan.rows:
        if row.status not in WRITING_STATUSES:
            continue
        changes = [[change.column, change.old, change.new] for change in row.changes]
        described = [row.row, row.label, row.status, getattr(row, "position", None), changes]
        digest.update(json.dumps(described, default=json_value, ensure_ascii=False).encode())
    return digest.hexdigest()


def json_value(value):
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


@dataclass(frozen=True)
class ChangeMeanwhile:
    label: str
    person: str
    date: datetime.datetime


def changes_since(model, plan: ImportPlan, since: datetime.datetime | None) -> list[ChangeMeanwhile]:
    """The plan's records changed after `since`, as their history has it: the latest change of each, in file order."""
    if since is None:
        return []
    ids = {record_id(row): row.label for row in plan.rows if record_id(row) is not None}
    latest = {}
    rows = (
        model.history.filter(id__in=ids, history_date__gt=since)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    for version in rows:
        latest[version.id] = version
    order = {pk: index for index, pk in enumerate(ids)}
    return [
        ChangeMeanwhile(ids[pk], person_name(version.history_user), version.history_date)
        for pk, version in sorted(latest.items(), key=lambda item: order[item[0]])
    ]


def record_id(row) -> int | None:
    """The stored record a planned row writes to: a block's id, or a meeting's or theme's."""
    if hasattr(row, "conclusion_id"):
        return row.conclusion_id
    return getattr(row.record, "pk", None) if not row.is_new else None
