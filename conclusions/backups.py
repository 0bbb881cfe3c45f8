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
        lines = serializers.serialize(
            "jsonl", records.iterator(chunk_size=2000), use_natural_foreign_keys=natural, cls=ExactJSONEncoder
        )
        count = 0
        for line in lines.splitlines():
            if model is user_model:
                line = without_password(line)
            stream.write(line + "\n")
            count += 1
        counts[model._meta.label] = count
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
    lines, counts = accounts_checked(path)
    loaded_models = set()
    with transaction.atomic():
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


def accounts_checked(path: Path) -> tuple[list[str], dict[str, int]]:
    """The copy's lines without the accounts that already exist here; refused if an account clashes."""
    user_model = get_user_model()
    label = user_model._meta.label_lower
    existing = dict(user_model._default_manager.values_list("pk", user_model.USERNAME_FIELD))
    lines, counts = [], {}
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
                    continue  # the same person's account: left as it is
                if record.get("pk") in existing or name in existing.values():
                    raise RestoreError(f"The account “{name}” clashes with an account of this database.")
            counts[model] = counts.get(model, 0) + 1
            lines.append(line if line.endswith("\n") else line + "\n")
    return lines, counts
