"""Write a checked import plan in one transaction, and undo it.

Large files are the normal case (a translator's whole corpus, a re-user's
bulk load), so rows are written with plain executemany statements
(`bulk_sql`) rather than through save(). What a save would have kept in
step (history, translation status, search texts, the content version) is
then written for all the rows at once by `content.conclusion_rows_record`:
one history record per block, as simple-history itself would write it,
with its themes, the user, and a change reason naming the import.

Positions are unique in a document, and checked row by row as they are
written: blocks that move go first to free positions and then to their
own, so that two blocks may swap places, and new blocks are inserted once
the moves are done (undo deletes them before moving blocks back).
"""

from collections import defaultdict
from itertools import count

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.settings import DEFAULT_LANGUAGE

from conclusions.change_reasons import UNDO, change_reason
from conclusions.content import CONCLUSION_COLUMNS, acting_user_id, conclusion_rows_record, one_change
from conclusions.languages import translated_column
from conclusions.models import Conclusion, Meeting, SpreadsheetImport
from conclusions.spreadsheets.bulk_sql import BATCH_SIZE, insert_rows, update_rows
from conclusions.spreadsheets.conclusion_plan import (
    LABEL_COLUMNS,
    POSITION_COLUMN,
    TEXT_COLUMNS,
    THEMES_COLUMN,
    ImportPlan,
    RowPlan,
    block_name,
)

# The untranslated `label` and `text` columns still exist in the table; like
# modeltranslation, keep the default language's value there.
BASE_COLUMN_SOURCES = {
    "label": translated_column("label", DEFAULT_LANGUAGE),
    "text": translated_column("text", DEFAULT_LANGUAGE),
}
LATER_CHANGES_NAMED = 20


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
    with one_change():
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
        before = update_conclusions(changed_rows)
        created_ids = create_conclusions(new_rows)
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
    """Insert the new blocks and their themes; return their ids in row order."""
    values, themes_by_key = [], {}
    for row in rows:
        cells = dict.fromkeys([*LABEL_COLUMNS, *TEXT_COLUMNS], "")
        themes = set()
        for change in row.changes:
            if change.column == THEMES_COLUMN:
                themes = change.new
            elif change.column != POSITION_COLUMN:
                cells[change.column] = change.new
        address = {
            "meeting_id": row.meeting_id,
            "kind": row.kind,
            "part": row.part,
            "number": row.number,
            "number_suffix": row.number_suffix,
            "position": row.position,
        }
        base = {column: cells[source] for column, source in BASE_COLUMN_SOURCES.items()}
        # By name, in CONCLUSION_COLUMNS order: a column added to the model is a KeyError here, not a shifted value.
        block = {**address, **base, **cells}
        values.append(tuple(block[column] for column in CONCLUSION_COLUMNS))
        themes_by_key[(row.meeting_id, row.position)] = themes
    insert_rows(Conclusion, CONCLUSION_COLUMNS, values)

    # The new ids, found again by their place in their document (meeting, position).
    ids = {}
    meeting_ids = sorted({meeting_id for meeting_id, _position in themes_by_key})
    for key in Conclusion.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", "position", "id"):
        if key[:2] in themes_by_key:
            ids[key[:2]] = key[2]
    link_themes({ids[key]: themes for key, themes in themes_by_key.items()})
    return [ids[key] for key in themes_by_key]


def update_conclusions(rows: list[RowPlan]) -> dict[str, dict]:
    """Apply the changes; return, per block id, the values they replaced."""
    before, new_values = {}, {}
    for row in rows:
        before[str(row.conclusion_id)] = {
            change.column: (sorted(change.old) if change.column == THEMES_COLUMN else change.old)
            for change in row.changes
        }
        new_values[row.conclusion_id] = {change.column: change.new for change in row.changes}
    write_values(new_values)
    return before


def write_values(values_by_block: dict[int, dict]) -> None:
    """Write each block's columns (texts, labels, position, themes) as given."""
    by_columns, positions, themes = defaultdict(list), {}, {}
    for block_id, values in values_by_block.items():
        cells = {column: value for column, value in values.items() if column not in (POSITION_COLUMN, THEMES_COLUMN)}
        if cells:
            columns = tuple(sorted(cells))
            by_columns[columns].append((*(cells[column] for column in columns), block_id))
        if POSITION_COLUMN in values:
            positions[block_id] = values[POSITION_COLUMN]
        if THEMES_COLUMN in values:
            themes[block_id] = set(values[THEMES_COLUMN])
    # One statement per set of changed columns: a translator's file is one set.
    for columns, rows in by_columns.items():
        update_rows(Conclusion, columns, rows)
    move_blocks(positions)
    link_themes(themes, replace=True)


def move_blocks(positions: dict[int, int]) -> None:
    """Give blocks new positions in their documents, whatever order they come in (two may swap places).

    The moving blocks go first to positions no block holds or will hold,
    then to their own: the uniqueness of positions is checked at each row.
    The caller has made sure no block that stays holds a new position.
    """
    meeting_of = meetings_of(list(positions))
    positions = {pk: position for pk, position in positions.items() if pk in meeting_of}
    if not positions:
        return
    taken = defaultdict(set)
    for meeting_id, position in Conclusion.objects.filter(meeting_id__in=set(meeting_of.values())).values_list(
        "meeting_id", "position"
    ):
        taken[meeting_id].add(position)
    for block_id, position in positions.items():
        taken[meeting_of[block_id]].add(position)
    free = {meeting_id: free_positions(used) for meeting_id, used in taken.items()}
    update_rows(Conclusion, [POSITION_COLUMN], [(next(free[meeting_of[pk]]), pk) for pk in positions])
    update_rows(Conclusion, [POSITION_COLUMN], [(position, pk) for pk, position in positions.items()])


def meetings_of(block_ids: list[int]) -> dict[int, int]:
    """Block id -> its meeting's id, for the blocks that exist."""
    meeting_of = {}
    for ids in chunks(block_ids):
        meeting_of.update(Conclusion.objects.filter(pk__in=ids).values_list("pk", "meeting_id"))
    return meeting_of


def free_positions(used: set[int]):
    """The positions from 1 up that are not in `used`."""
    return (position for position in count(1) if position not in used)


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

    Refused if any of those blocks was changed after the import, or if
    another block has since taken a place a moved block goes back to:
    undoing would silently throw that later work away.
    """
    if record.is_undone:
        raise ImportUndoError(_("This import has already been undone."))
    created = [int(pk) for pk in record.changes.get("created", [])]
    before = {int(pk): values for pk, values in record.changes.get("changed", {}).items()}
    refuse_undo_after_later_changes(record, [*created, *before])

    with one_change():
        # Deleted first: they may hold the positions the moved blocks go back to.
        conclusion_rows_record(deleted_ids=created, user=user, reason=change_reason(UNDO, record.pk))
        refuse_undo_into_taken_positions(before)
        write_values(before)
        conclusion_rows_record(
            changed_columns={conclusion_id: set(values) for conclusion_id, values in before.items()},
            user=user,
            reason=change_reason(UNDO, record.pk),
        )
        record.undone_at = timezone.now()
        record.undone_by_id = acting_user_id(user)
        record.save(update_fields=["undone_at", "undone_by"])


def refuse_undo_after_later_changes(record: SpreadsheetImport, block_ids: list[int]) -> None:
    """The blocks' history since the import holds only the import's own records."""
    HistoricalConclusion = apps.get_model("conclusions", "HistoricalConclusion")
    later = {}
    for ids in chunks(block_ids):
        changed = (
            HistoricalConclusion.objects.filter(id__in=ids, history_date__gt=record.created_at)
            .exclude(history_change_reason=record.history_reason)
            .values_list("id", "meeting_id", "part", "kind", "number", "number_suffix")
        )
        later.update((block_id, address) for block_id, *address in changed)
    if later:
        # The meeting's slug as it is now; a meeting deleted since is named by its id.
        slugs = dict(
            Meeting.objects.filter(id__in={meeting_id for meeting_id, *_rest in later.values()}).values_list(
                "id", "slug"
            )
        )
        names = {block_name(slugs.get(meeting_id, str(meeting_id)), *rest) for meeting_id, *rest in later.values()}
        raise ImportUndoError(
            _("Changed after this import: %(blocks)s. Undo those changes first.")
            % {"blocks": "; ".join(sorted(names)[:LATER_CHANGES_NAMED])}
        )


def refuse_undo_into_taken_positions(before: dict[int, dict]) -> None:
    """A block goes back to its old position only if no block that stays has taken it since."""
    wanted = {pk: values[POSITION_COLUMN] for pk, values in before.items() if POSITION_COLUMN in values}
    meeting_of = meetings_of(list(wanted))
    wanted_places = {(meeting_of[pk], position) for pk, position in wanted.items() if pk in meeting_of}
    if not wanted_places:
        return
    blocks = Conclusion.objects.filter(meeting_id__in=set(meeting_of.values())).values_list(
        "pk", "meeting_id", "position", "meeting__slug", "part", "kind", "number", "number_suffix"
    )
    for pk, meeting_id, position, *address in blocks.iterator(chunk_size=5000):
        if pk not in wanted and (meeting_id, position) in wanted_places:
            raise ImportUndoError(
                _("Since this import, %(block)s has taken the position a block goes back to: move it first.")
                % {"block": block_name(*address)}
            )
