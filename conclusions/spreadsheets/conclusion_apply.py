"""Write a checked import plan in one transaction, with history, and undo it.

Large files are the normal case (a translator's whole corpus, a re-user's
bulk load), so rows are written with plain executemany statements
(`bulk_sql`) and history records are written the same way, in bulk, rather
than through save() and simple-history's per-object signals. What is
written is what simple-history itself would write: one record per
conclusion, its themes, the user, and a change reason naming the import.
"""

from collections import defaultdict

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.settings import DEFAULT_LANGUAGE

from conclusions.languages import translated_column
from conclusions.models import Conclusion, SpreadsheetImport
from conclusions.search.index import index_conclusions
from conclusions.spreadsheets.bulk_sql import BATCH_SIZE, insert_rows, update_rows
from conclusions.spreadsheets.conclusion_plan import TEXT_COLUMNS, THEMES_COLUMN, ImportPlan, RowPlan
from conclusions.translations.status import record_bulk_changes

# The untranslated `text` column still exists in the table; like
# modeltranslation, keep the default language's text there.
BASE_COLUMN_SOURCE = translated_column("text", DEFAULT_LANGUAGE)
CONCLUSION_COLUMNS = ["meeting_id", "number", "text", *TEXT_COLUMNS]


class ImportUndoError(Exception):
    """An import that cannot be undone; the message says why."""


def chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def acting_user_id(user) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def apply_conclusion_import(plan: ImportPlan, *, file_name: str, user=None) -> SpreadsheetImport:
    """Write a valid plan in one transaction, with history, and record it so that it can be undone."""
    if not plan.is_valid:
        raise ValueError("Only a plan without problems can be applied.")
    new_rows = [row for row in plan.rows if row.status == "new"]
    changed_rows = [row for row in plan.rows if row.status == "changed"]
    with transaction.atomic():
        record = SpreadsheetImport.objects.create(
            user_id=acting_user_id(user),
            file_name=file_name[:255],
            file_format=plan.table.format,
            encoding=plan.table.encoding or "",
            delimiter={"\t": "tab"}.get(plan.table.delimiter or "", plan.table.delimiter or ""),
            clear_empty=plan.clear_empty,
            created_count=len(new_rows),
            changed_count=len(changed_rows),
            unchanged_count=plan.count("unchanged"),
            refused_count=plan.count("refused"),
        )
        created_ids = create_conclusions(new_rows)
        before = update_conclusions(changed_rows)
        record.changes = {"created": created_ids, "changed": before}
        record.save(update_fields=["changes"])
        write_history(created_ids, "+", record.history_reason, user)
        write_history([row.conclusion_id for row in changed_rows], "~", record.history_reason, user)
        # Rows written with plain SQL: no save() signal updates their search texts.
        index_conclusions(
            [
                *created_ids,
                *(row.conclusion_id for row in changed_rows if any(c.column in TEXT_COLUMNS for c in row.changes)),
            ]
        )
        record_bulk_changes(
            {
                **{pk: set(TEXT_COLUMNS) for pk in created_ids},
                **{row.conclusion_id: {change.column for change in row.changes} for row in changed_rows},
            }
        )
    return record


def create_conclusions(rows: list[RowPlan]) -> list[int]:
    """Insert the new conclusions and their themes; return their ids in row order."""
    values, themes_by_key = [], {}
    for row in rows:
        texts = dict.fromkeys(TEXT_COLUMNS, "")
        themes = set()
        for change in row.changes:
            if change.column == THEMES_COLUMN:
                themes = change.new
            else:
                texts[change.column] = change.new
        values.append((row.meeting_id, row.number, texts[BASE_COLUMN_SOURCE], *texts.values()))
        themes_by_key[(row.meeting_id, row.number)] = themes
    insert_rows(Conclusion, CONCLUSION_COLUMNS, values)

    # The new ids, found again by their natural key (meeting, number).
    ids = {}
    meeting_ids = sorted({meeting_id for meeting_id, _number in themes_by_key})
    for key in Conclusion.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", "number", "id"):
        if key[:2] in themes_by_key:
            ids[key[:2]] = key[2]
    link_themes({ids[key]: themes for key, themes in themes_by_key.items()})
    return [ids[key] for key in themes_by_key]


def update_conclusions(rows: list[RowPlan]) -> dict[str, dict]:
    """Apply the changes; return, per conclusion id, the values they replaced."""
    before, by_columns, new_themes = {}, defaultdict(list), {}
    for row in rows:
        texts = {change.column: change.new for change in row.changes if change.column != THEMES_COLUMN}
        before[str(row.conclusion_id)] = {
            change.column: (sorted(change.old) if change.column == THEMES_COLUMN else change.old)
            for change in row.changes
        }
        if texts:
            columns = tuple(sorted(texts))
            by_columns[columns].append((*(texts[column] for column in columns), row.conclusion_id))
        for change in row.changes:
            if change.column == THEMES_COLUMN:
                new_themes[row.conclusion_id] = change.new
    # One statement per set of changed columns: a translator's file is one set.
    for columns, values in by_columns.items():
        update_rows(Conclusion, columns, values)
    link_themes(new_themes, replace=True)
    return before


def link_themes(themes_by_conclusion: dict[int, set[int]], *, replace: bool = False) -> None:
    through = Conclusion.themes.through
    if replace:
        for ids in chunks(list(themes_by_conclusion)):
            through.objects.filter(conclusion_id__in=ids).delete()
    insert_rows(
        through,
        ["conclusion_id", "theme_id"],
        (
            (conclusion_id, theme_id)
            for conclusion_id, theme_ids in themes_by_conclusion.items()
            for theme_id in sorted(theme_ids)
        ),
    )


def write_history(conclusion_ids: list[int], history_type: str, reason: str, user) -> None:
    """One history record per conclusion, with its themes, as simple-history writes on save."""
    HistoricalConclusion = apps.get_model("conclusions", "HistoricalConclusion")
    HistoricalThemes = apps.get_model("conclusions", "HistoricalConclusion_themes")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = acting_user_id(user)
    columns = ["id", *CONCLUSION_COLUMNS]
    for ids in chunks(conclusion_ids):
        insert_rows(
            HistoricalConclusion,
            [*columns, "history_date", "history_type", "history_change_reason", "history_user_id"],
            (
                (*values, now, history_type, reason, user_id)
                for values in Conclusion.objects.filter(id__in=ids).values_list(*columns)
            ),
        )
        records = HistoricalConclusion.objects.filter(id__in=ids, history_type=history_type)
        history_id = dict(records.filter(history_change_reason=reason).values_list("id", "history_id"))
        links = Conclusion.themes.through.objects.filter(conclusion_id__in=ids)
        insert_rows(
            HistoricalThemes,
            # `id` is the copied id of the link row, as simple-history records it.
            ["id", "history_id", "conclusion_id", "theme_id"],
            (
                (link_id, history_id[conclusion_id], conclusion_id, theme_id)
                for link_id, conclusion_id, theme_id in links.values_list("id", "conclusion_id", "theme_id")
            ),
        )


def undo_conclusion_import(record: SpreadsheetImport, *, user=None) -> None:
    """Put back exactly what the import replaced, and remove what it created.

    Refused if any of those paragraphs was changed after the import: undoing
    would silently throw that later work away.
    """
    if record.is_undone:
        raise ImportUndoError(_("This import has already been undone."))
    created = [int(pk) for pk in record.changes.get("created", [])]
    before = {int(pk): values for pk, values in record.changes.get("changed", {}).items()}
    HistoricalConclusion = apps.get_model("conclusions", "HistoricalConclusion")
    later = set()
    for ids in chunks([*created, *before]):
        later.update(
            HistoricalConclusion.objects.filter(id__in=ids, history_date__gt=record.created_at)
            .exclude(history_change_reason=record.history_reason)
            .values_list("number", flat=True)
        )
    if later:
        raise ImportUndoError(
            _("Paragraphs %(numbers)s were changed after this import; undo those changes first.")
            % {"numbers": ", ".join(map(str, sorted(later)[:20]))}
        )

    with transaction.atomic():
        by_columns, old_themes = defaultdict(list), {}
        for conclusion_id, values in before.items():
            texts = {column: value for column, value in values.items() if column != THEMES_COLUMN}
            if texts:
                columns = tuple(sorted(texts))
                by_columns[columns].append((*(texts[column] for column in columns), conclusion_id))
            if THEMES_COLUMN in values:
                old_themes[conclusion_id] = set(values[THEMES_COLUMN])
        for columns, rows in by_columns.items():
            update_rows(Conclusion, columns, rows)
        link_themes(old_themes, replace=True)
        index_conclusions(list(before))
        write_history(list(before), "~", f"undo:{record.pk}", user)
        record_bulk_changes({conclusion_id: set(values) for conclusion_id, values in before.items()})

        for ids in chunks(created):
            # An ordinary delete: simple-history records each deletion.
            Conclusion.objects.filter(id__in=ids).delete()

        record.undone_at = timezone.now()
        record.undone_by_id = acting_user_id(user)
        record.save(update_fields=["undone_at", "undone_by"])
