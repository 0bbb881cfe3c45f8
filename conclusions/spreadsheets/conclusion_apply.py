"""Write a checked import plan in one transaction, and undo it.

Large files are the normal case (a translator's whole corpus, a re-user's
bulk load), so rows are written with plain executemany statements
(`bulk_sql`) rather than through save(). What a save would have kept in
step (history, translation status, search texts, the content version) is
then written for all the rows at once by `content.conclusion_rows_record`:
one history record per conclusion, as simple-history itself would write it,
with its themes, the user, and a change reason naming the import.
"""

from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.settings import DEFAULT_LANGUAGE

from conclusions.content import acting_user_id, conclusion_rows_record
from conclusions.languages import translated_column
from conclusions.models import Conclusion, SpreadsheetImport
from conclusions.spreadsheets.bulk_sql import BATCH_SIZE, insert_rows, update_rows
from conclusions.spreadsheets.conclusion_plan import TEXT_COLUMNS, THEMES_COLUMN, ImportPlan, RowPlan

# The untranslated `text` column still exists in the table; like
# modeltranslation, keep the default language's text there.
BASE_COLUMN_SOURCE = translated_column("text", DEFAULT_LANGUAGE)
CONCLUSION_COLUMNS = ["meeting_id", "number", "text", *TEXT_COLUMNS]


class ImportUndoError(Exception):
    """An import that cannot be undone; the message says why."""


def chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
        conclusion_rows_record(
            created_ids=created_ids,
            changed_columns={row.conclusion_id: {change.column for change in row.changes} for row in changed_rows},
            user=user,
            reason=record.history_reason,
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
        conclusion_rows_record(
            changed_columns={conclusion_id: set(values) for conclusion_id, values in before.items()},
            deleted_ids=created,
            user=user,
            reason=f"undo:{record.pk}",
        )
        record.undone_at = timezone.now()
        record.undone_by_id = acting_user_id(user)
        record.save(update_fields=["undone_at", "undone_by"])
