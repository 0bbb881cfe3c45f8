"""A portable copy of the site's content, and its restore into an empty database of either kind.

What is kept, one JSON object per line (Django's "jsonl" serialization,
times to the microsecond): the people who made changes (without their passwords),
themes, meetings, blocks with their themes, translation status, the import
log with what each import's undo needs, and the history of every record,
deleted ones included. Records keep their ids, so that history rows still
name the records they are the history of; what differs between databases is
named by natural key (a user's groups by name, a translation status's model
by app and model name). Search texts and the content version are derived:
the restore rebuilds them.

`pg_dump` is the backup of a PostgreSQL database as a whole (README); this
copy is the one that moves between SQLite and PostgreSQL, or survives a
version of PostgreSQL.
"""

import datetime
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction

from conclusions.content import search_index_rebuild
from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme, TranslationBasis
from conclusions.public.page_cache import raise_content_version

# A password no login matches: people restored from a copy set theirs again ("Forgotten your password?").
NO_PASSWORD = "!restored-from-a-content-copy"
# In load order: what a record refers to comes before it.
CONTENT_MODELS = [Theme, Meeting, Conclusion, SpreadsheetImport]


def history_models() -> list:
    """simple-history's tables: each record's versions, and the themes of each version of a block."""
    names = ["HistoricalTheme", "HistoricalMeeting", "HistoricalConclusion", "HistoricalConclusion_themes"]
    return [apps.get_model("conclusions", name) for name in names]


def dump_content(stream) -> dict[str, int]:
    """Write the copy to a text stream; how many records of each kind it holds."""
    counts = {}
    user_model = get_user_model()
    parts = [
        (user_model, True),
        *((model, False) for model in CONTENT_MODELS),
        (TranslationBasis, True),
        *((model, False) for model in history_models()),
    ]
    for model, natural in parts:
        records = model._default_manager.order_by("pk")
        options = {"use_natural_foreign_keys": natural, "cls": ExactJSONEncoder}
        if model is user_model:  # a few rows, each rewritten without its password
            lines = serializers.serialize("jsonl", records, **options).splitlines()
            stream.writelines(without_password(line) + "\n" for line in lines)
        else:  # written as read, a chunk at a time: an archive of any size fits in memory
            serializers.serialize("jsonl", records.iterator(chunk_size=2000), stream=stream, **options)
        counts[model._meta.label] = records.count()
    return counts


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds): history is ordered by them."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def without_password(line: str) -> str:
    record = json.loads(line)
    record["fields"]["password"] = NO_PASSWORD
    record["fields"]["last_login"] = None
    return json.dumps(record, ensure_ascii=False)


class RestoreError(Exception):
    """The copy cannot be restored here; nothing was written."""


def restore_content(path: Path) -> dict[str, int]:
    """Load a copy into a database holding no content yet (migrated, its groups made); counts of what was loaded.

    A person whose account already exists here, with the same id and name,
    keeps it as it is; any other clash is refused before anything is written.
    """
    held = {model._meta.verbose_name_plural: model._default_manager.count() for model in CONTENT_MODELS}
    held.update({model._meta.verbose_name_plural: model._default_manager.count() for model in history_models()})
    if any(held.values()):
        described = ", ".join(f"{count} {name}" for name, count in held.items() if count)
        raise RestoreError(f"This database already holds content ({described}): restore into an empty database.")
    kept_accounts, counts = checked_copy(path)
    loaded_models = set()
    with transaction.atomic(), path.open(encoding="utf-8") as stream:
        lines = (line for line in stream if line.strip() and not is_kept_account(line, kept_accounts))
        try:
            for record in serializers.deserialize("jsonl", lines, handle_forward_references=False):
                # As it was: not a change of the restored site (simple-history would record themes set as one).
                record.object.skip_history_when_saving = True
                record.save()
                loaded_models.add(type(record.object))
        except (DeserializationError, DatabaseError) as error:
            raise RestoreError(f"The copy cannot be loaded: {error}") from error
        # New records get ids after the restored ones (PostgreSQL's sequences do not follow ids written).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded_models)):
                cursor.execute(statement)
        search_index_rebuild()
        raise_content_version()
    return counts


def checked_copy(path: Path) -> tuple[set[int], dict[str, int]]:
    """Read through the copy before anything is written: the ids of its accounts that exist here already (the same
    person: kept as they are), and how many records of each kind it will load; refused if a line is not a record
    or an account clashes with another here. The copy is read a line at a time, here and when it is loaded."""
    user_model = get_user_model()
    label = user_model._meta.label_lower
    existing = dict(user_model._default_manager.values_list("pk", user_model.USERNAME_FIELD))
    kept, counts = set(), {}
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                model = record["model"]
            except (ValueError, KeyError, TypeError) as error:
                raise RestoreError(f"Line {number} is not a record of a content copy.") from error
            if model == label:
                name = record["fields"].get(user_model.USERNAME_FIELD)
                if existing.get(record.get("pk")) == name:
                    kept.add(record["pk"])
                    continue
                if record.get("pk") in existing or name in existing.values():
                    raise RestoreError(f"The account “{name}” clashes with an account of this database.")
            counts[model] = counts.get(model, 0) + 1
    return kept, counts


def is_kept_account(line: str, kept: set[int]) -> bool:
    """Whether the line is an account that exists here already (left as it is)."""
    # Accounts are written by `without_password`, with json.dumps' own spacing: other lines are not read again.
    if not kept or f'"model": "{get_user_model()._meta.label_lower}"' not in line:
        return False
    return json.loads(line).get("pk") in kept
