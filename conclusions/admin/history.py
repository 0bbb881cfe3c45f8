"""A record's history as a person reads it: who or what made each change, when, and what changed, field by field.

simple-history keeps one row per save, with the user and a change reason
(`conclusions.change_reasons`): none for a person's save and for the first
load of the original documents, else what made the change: an import, its
undo, a revert, a document brought in. Here they become words
("Spreadsheet import #3 — french.ods"), and two versions become what
changed in each field and language ("Text — French"), the texts compared
word by word (`text_diff`).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from conclusions.change_reasons import DOCUMENT, IMPORT, REVERT, UNDO, person_name, read_reason
from conclusions.languages import LANGUAGE_CODES, is_right_to_left, language_name
from conclusions.models import SpreadsheetImport
from conclusions.text_diff import deleted, diff_html, inserted

# A save and the themes it sets are two rows, a moment apart: read as one change.
SAME_CHANGE = timedelta(seconds=2)


@dataclass(frozen=True)
class HistoryField:
    """A field whose changes are shown: a column (a text in one language, or another value), or themes."""

    name: str
    label: str
    language: str | None = None
    model_field: models.Field | None = None
    is_many: bool = False

    @property
    def is_text(self) -> bool:
        return self.language is not None


def compared_fields(model) -> list[HistoryField]:
    """The fields a person changes, in the model's order; a translated field once per language, in UN order.

    Left out: the id, the times Django writes itself, and modeltranslation's
    untranslated column (it holds whichever language was active).
    """
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    untranslated = {f.translated_field.name for f in concrete if hasattr(f, "translated_field")}
    fields = []
    for model_field in concrete:
        if model_field.name in untranslated or getattr(model_field, "auto_now", False):
            continue
        if getattr(model_field, "auto_now_add", False):
            continue
        language = getattr(model_field, "language", None)
        if language is not None:
            label = _("%(field)s — %(language)s") % {
                "field": capfirst(model_field.translated_field.verbose_name),
                "language": language_name(language),
            }
        else:
            label = capfirst(model_field.verbose_name)
        fields.append(HistoryField(model_field.attname, label, language, model_field))
    for many in model._meta.many_to_many:
        fields.append(HistoryField(many.name, capfirst(many.verbose_name), model_field=many, is_many=True))
    return fields


@dataclass(frozen=True)
class FieldChange:
    """One field of one change, as shown: its label, and the value or the marked differences."""

    label: str
    html: SafeString
    language: str | None = None

    @property
    def direction(self) -> str:
        return "rtl" if self.language and is_right_to_left(self.language) else "ltr"


@dataclass
class HistoryEntry:
    """One change to a record: what happened, when, who or what did it, and what changed."""

    version: object  # the history row of the record as it was after the change
    url: str  # where that version is shown
    action: str
    person: str
    source: str
    source_url: str
    changes: list[FieldChange] = field(default_factory=list)
    shows_values: bool = False  # the first entry lists the record's values, not differences

    @property
    def date(self) -> datetime:
        return self.version.history_date


def when(date: datetime) -> str:
    return formats.date_format(timezone.localtime(date), "DATETIME_FORMAT")


class RecordHistory:
    """The history rows of one record, grouped into changes, read for a person.

    `version_url(row)` is where a version is shown; `import_url(id)` where a
    spreadsheet import is, or "" when the reader may not open it.
    """

    def __init__(self, model, rows: Iterable, *, version_url: Callable, import_url: Callable):
        self.model = model
        self.fields = compared_fields(model)
        self.rows = sorted(rows, key=lambda row: (row.history_date, row.history_id))
        self.version_url = version_url
        self.import_url = import_url
        self.changes = change_groups(self.rows, self.fields)
        self.change_index = {id(change): index for index, change in enumerate(self.changes)}

    @property
    def newest_first(self) -> list[list]:
        return self.changes[::-1]

    def entries(self, changes: list[list]) -> list[HistoryEntry]:
        """The entries of some of the changes (a page of them), with what each changed since the one before."""
        previous = {id(change): self.previous_version(change) for change in changes}
        shown_rows = [change[-1] for change in changes] + [row for row in previous.values() if row is not None]
        snapshots = Snapshots(self.fields, shown_rows)
        imports = SpreadsheetImport.objects.in_bulk(
            {number for change in changes if (number := reason_number(change[0], IMPORT, UNDO))}
        )
        entries = []
        for change in changes:
            first, version, before = change[0], change[-1], previous[id(change)]
            person, source, source_url = self.actor(first, is_first=before is None, imports=imports)
            entry = HistoryEntry(
                version, self.version_url(version), self.action(first, before), person, source, source_url
            )
            if before is None:
                entry.changes, entry.shows_values = snapshots.values(version), True
            elif version.history_type != "-":
                entry.changes = snapshots.changes(before, version)
            entries.append(entry)
        return entries

    def entry_of(self, row) -> HistoryEntry:
        """The entry of the change that left the record as `row` holds it."""
        return self.entries([next(change for change in self.changes if row in change)])[0]

    def previous_version(self, change: list):
        index = self.change_index[id(change)]
        return self.changes[index - 1][-1] if index else None

    def action(self, first, before) -> str:
        if before is None:
            return pgettext("history", "Created")
        if first.history_type == "-":
            return pgettext("history", "Deleted")
        if first.history_type == "+":
            return pgettext("history", "Restored")
        return pgettext("history", "Changed")

    def actor(self, row, *, is_first: bool, imports: dict) -> tuple[str, str, str]:
        """Who made a change (a person's name, or ""), and what made it, in words, with a link (or "")."""
        person = person_name(row.history_user)
        reason = row.history_change_reason or ""
        kind, value = read_reason(reason)
        number = reason_number(row, IMPORT, UNDO, REVERT)
        if kind == IMPORT and number is not None:
            record = imports.get(number)
            words = (
                _("Spreadsheet import #%(number)s — %(file)s") % {"number": number, "file": record.file_name}
                if record
                else _("Spreadsheet import #%(number)s") % {"number": number}
            )
            return person, words, self.import_url(number) if record else ""
        if kind == UNDO and number is not None:
            words = _("Undo of import #%(number)s") % {"number": number}
            return person, words, self.import_url(number) if number in imports else ""
        if kind == REVERT and number is not None:
            target = next((other for other in self.rows if other.history_id == number), None)
            if target is not None:
                words = _("Reverted to the version of %(date)s") % {"date": when(target.history_date)}
                return person, words, self.version_url(target)
        if kind == DOCUMENT:
            words = _("Document brought in — %(file)s") % {"file": value} if value else _("Document brought in")
            return person, words, ""
        if reason:
            return person, reason, ""  # a reason written by some other writer: shown as it is
        if person:
            return person, "", ""
        if is_first:
            return "", _("Loaded from the original document"), ""
        return "", _("Changed by a command on the server"), ""


def changed(old, new) -> list[tuple[Callable, object]]:
    """A value replaced: the old one deleted, the new one inserted, leaving out an empty one."""
    return [(mark, value) for mark, value in ((deleted, old), (inserted, new)) if value not in (None, "", [], {})]


def reason_number(row, *kinds: str) -> int | None:
    """The id in a change reason such as "import:3", if the reason is of one of `kinds`."""
    kind, value = read_reason(row.history_change_reason)
    return int(value) if kind in kinds and value.isdigit() else None


def change_groups(rows: list, fields: list[HistoryField]) -> list[list]:
    """History rows, oldest first, grouped into changes.

    A save that also changes a record's themes writes two rows or three:
    the save, then one per themes added or removed, the same person's, with
    the same columns, a moment later. They are one change.
    """
    columns = [f.name for f in fields if not f.is_many]
    groups: list[list] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        themes_of_last_save = (
            last is not None
            and row.history_type == "~"
            and last.history_type != "-"
            and row.history_user_id is not None
            and row.history_user_id == last.history_user_id
            and (row.history_change_reason or "") == (last.history_change_reason or "")
            and row.history_date - last.history_date <= SAME_CHANGE
            and all(getattr(row, name) == getattr(last, name) for name in columns)
        )
        if themes_of_last_save:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


class Snapshots:
    """What some versions of a record hold, with the names of related records, read in one query per relation."""

    def __init__(self, fields: list[HistoryField], rows: list):
        self.fields = fields
        self.many = defaultdict(set)  # (field name, history id) -> related ids
        related_ids = defaultdict(set)  # related model -> ids
        history_ids = [row.history_id for row in rows]
        for many_field in (f for f in fields if f.is_many and rows):
            # simple-history's table of the links as each version had them.
            history_links = getattr(type(rows[0]), many_field.name).model
            related = f"{many_field.model_field.m2m_reverse_field_name()}_id"
            for history_id, related_id in history_links.objects.filter(history_id__in=history_ids).values_list(
                "history_id", related
            ):
                self.many[(many_field.name, history_id)].add(related_id)
                related_ids[many_field.model_field.related_model].add(related_id)
        for foreign_key in (f for f in fields if f.model_field.many_to_one):
            related_ids[foreign_key.model_field.related_model] |= {getattr(row, foreign_key.name) for row in rows}
        self.related = {model: model._base_manager.in_bulk(ids - {None}) for model, ids in related_ids.items()}

    def value(self, history_field: HistoryField, row):
        if history_field.is_many:
            return frozenset(self.many[(history_field.name, row.history_id)])
        return getattr(row, history_field.name)

    def values(self, row, *, even_empty: Iterable[str] = ()) -> list[FieldChange]:
        """A version's values that are not empty, and those of the fields `even_empty` said to be empty."""
        shown = []
        for history_field in self.fields:
            value = self.value(history_field, row)
            if value in (None, "", frozenset(), [], {}):
                if history_field.name in even_empty:
                    shown.append(
                        FieldChange(history_field.label, format_html('<i class="history-empty">{}</i>', _("(empty)")))
                    )
                continue
            if history_field.is_many:
                html = format_html(
                    '<ul class="history-list">{}</ul>',
                    format_html_join(
                        "", "<li>{}</li>", ((self.described(history_field, {pk}),) for pk in sorted(value))
                    ),
                )
            else:
                html = format_html("{}", value if history_field.is_text else self.described(history_field, value))
            shown.append(FieldChange(history_field.label, html, history_field.language))
        return shown

    def changes(self, before, after) -> list[FieldChange]:
        """The fields that differ between two versions, each with its differences marked."""
        found = []
        for history_field in self.fields:
            old, new = self.value(history_field, before), self.value(history_field, after)
            if (old or None) == (new or None):
                continue
            if history_field.is_text:
                html = diff_html(old or "", new or "")
            elif history_field.is_many:
                html = self.many_changed(history_field, old, new)
            else:
                html = format_html_join(
                    " ", "{}", ((mark(self.described(history_field, value)),) for mark, value in changed(old, new))
                )
            found.append(FieldChange(history_field.label, html, history_field.language))
        return found

    def many_changed(self, history_field: HistoryField, old: frozenset, new: frozenset) -> SafeString:
        """Related records removed and added, each named: "<del>Youth</del> <ins>Women</ins>"."""
        removed = [deleted(self.described(history_field, {pk})) for pk in sorted(old - new)]
        added = [inserted(self.described(history_field, {pk})) for pk in sorted(new - old)]
        return format_html_join(" ", "{}", ((part,) for part in removed + added))

    def described(self, history_field: HistoryField, value) -> str:
        """A value in words: a choice's label, a related record's name, a date as the reader writes it."""
        model_field = history_field.model_field
        if history_field.is_many:
            names = self.related.get(model_field.related_model, {})
            return ", ".join(str(names[pk]) if pk in names else f"#{pk}" for pk in sorted(value))
        if model_field.many_to_one:
            related = self.related.get(model_field.related_model, {}).get(value)
            return str(related) if related is not None else f"#{value}"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, datetime):
            return when(value)
        if isinstance(value, list):
            return ", ".join(language_name(item) if item in LANGUAGE_CODES else str(item) for item in value)
        if hasattr(value, "isoformat"):
            return formats.date_format(value, "DATE_FORMAT")
        return str(value)
