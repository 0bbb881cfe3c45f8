"""Import the blocks of outcome documents from a spreadsheet table: check every cell, plan the changes, apply them.

The flow is plan, then apply. `plan_conclusion_import` reads the whole table
against the database in a fixed number of queries and returns, for each row,
what would change per column (new / changed / cleared / unchanged) or what is
wrong with it. `apply_conclusion_import` writes a plan without errors in one
transaction, with bulk queries, records history for every block it touched,
and keeps what `undo_conclusion_import` needs to put it all back.

A row is a block, found by its address: meeting, part, kind, number and
number suffix (the "bis" of paragraph "17 bis", empty for most blocks),
which do not change when blocks move. Its `position` orders the document.
A file made before documents had parts and kinds (meeting, number, text_*,
themes) still imports: without those columns, a row is a numbered
paragraph of part 1; without a `number_suffix` column, a block without one.
A new block without a position goes at the end of its meeting's document,
in file order; a position that two blocks would hold once the file is
imported is an error at the row that gives it.

What a file may not do, whatever the library's defaults allow: a column that
is absent never touches stored data; an empty cell leaves the stored text or
label as it is unless `clear_empty` is asked for; an unknown theme is an
error, not silently dropped; the untranslated base columns and database ids
are never read.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.models import BlockKind, Conclusion, Meeting
from conclusions.spreadsheets import widgets
from conclusions.spreadsheets.files import Table
from conclusions.spreadsheets.formula_escaping import ESCAPED_FORMATS, restore_text
from conclusions.translations.status import fingerprint

# A block's address in its meeting's document; a file without `part` and `kind` means part 1, numbered
# paragraphs, and one without `number_suffix` means no suffix (as every file made before there were any).
SUFFIX_COLUMN = "number_suffix"
KEY_COLUMNS = ("meeting", "part", "kind", "number", SUFFIX_COLUMN)
REQUIRED_KEY_COLUMNS = ("meeting", "number")
DEFAULT_PART, DEFAULT_KIND, DEFAULT_SUFFIX = 1, BlockKind.PARAGRAPH.value, ""
POSITION_COLUMN = "position"
LABEL_COLUMNS = {translated_column("label", code): code for code in LANGUAGE_CODES}
TEXT_COLUMNS = {translated_column("text", code): code for code in LANGUAGE_CODES}
TRANSLATED_COLUMNS = {**LABEL_COLUMNS, **TEXT_COLUMNS}
THEMES_COLUMN = "themes"
KNOWN_COLUMNS = (*KEY_COLUMNS, POSITION_COLUMN, *LABEL_COLUMNS, *TEXT_COLUMNS, THEMES_COLUMN)
# A translator kit (translations/kit.py) adds these for the translator to read;
# only the fingerprint is read back, to refuse rows whose source changed since.
KIT_FINGERPRINT_COLUMN = "source_fingerprint"
KIT_REFERENCE_COLUMNS = ("source_language", "source_label", "source_text", "status", KIT_FINGERPRINT_COLUMN)
KIT_KNOWN_COLUMNS = (*KEY_COLUMNS, *LABEL_COLUMNS, *TEXT_COLUMNS, *KIT_REFERENCE_COLUMNS)
BATCH_SIZE = 1000


def block_name(
    meeting_slug: str, part: int | None, kind: str | None, number: int | None, number_suffix: str | None = ""
) -> str:
    """How previews and messages name a block, in the terms of the file's columns, to find its row by.

    "geneva-2016, paragraph 6", "awaza, part 2, item 3", "oslo, paragraph 17 bis":
    the meeting, the part unless 1, the kind, the number and its suffix, as
    the cells hold them. (Not the model's translated reference: building a
    model instance per row would cost more than planning the row.)
    """
    address = " ".join(str(word) for word in (kind or DEFAULT_KIND, number, number_suffix) if word)
    return f"{meeting_slug}, {address}" if part in (None, DEFAULT_PART) else f"{meeting_slug}, part {part}, {address}"


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something wrong with the file, a row, or one cell, said so that the user can find and fix it."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            where = _("Row %(row)s, column “%(column)s”") % {"row": self.row, "column": self.column}
        elif self.row is not None:
            where = _("Row %(row)s") % {"row": self.row}
        elif self.column:
            where = _("Column “%(column)s”") % {"column": self.column}
        else:
            return self.message
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ColumnChange:
    column: str
    old: object
    new: object

    @property
    def kind(self) -> str:
        if not self.old:
            return "new"
        if not self.new:
            return "cleared"
        return "changed"


class RowStatus:
    """What a planned row amounts to: "error", "refused", "new", "changed" or "unchanged".

    A refused row is left alone without stopping the rest of the file: a
    translator kit row whose source text changed after the kit was exported.
    """

    __slots__ = ()

    @property
    def status(self) -> str:
        if self.problems:
            return "error"
        if self.refusal:
            return "refused"
        if self.is_new:
            return "new"
        return "changed" if self.changes else "unchanged"


@dataclass(slots=True)
class RowPlan(RowStatus):
    row: int
    meeting_slug: str
    number: int | None
    part: int | None = DEFAULT_PART
    kind: str | None = DEFAULT_KIND
    number_suffix: str | None = DEFAULT_SUFFIX
    position: int | None = None  # where the block is once the file is imported
    meeting_id: int | None = None
    conclusion_id: int | None = None
    changes: list[ColumnChange] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    refusal: str = ""

    @property
    def is_new(self) -> bool:
        return self.conclusion_id is None

    def add_problem(self, message: str, column: str | None = None) -> None:
        self.problems.append(ImportProblem(message, self.row, column))

    @property
    def address(self) -> tuple:
        return (self.part, self.kind, self.number, self.number_suffix)

    @property
    def label(self) -> str:
        return block_name(self.meeting_slug, *self.address)


@dataclass(slots=True)
class ImportPlan:
    table: Table
    clear_empty: bool
    columns: list[str] = field(default_factory=list)
    is_kit: bool = False
    rows: list[RowPlan] = field(default_factory=list)
    file_problems: list[ImportProblem] = field(default_factory=list)

    @property
    def problems(self) -> list[ImportProblem]:
        return [*self.file_problems, *(problem for row in self.rows for problem in row.problems)]

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("new", "changed", "unchanged", "refused", "error")}

    @property
    def refused_rows(self) -> list:
        return [row for row in self.rows if row.status == "refused"]


def plan_conclusion_import(
    table: Table, *, clear_empty: bool = False, cells: "CellWidgets | None" = None
) -> ImportPlan:
    """What importing the table would change, row by row, or why it cannot be imported.

    Cells are read by the library widgets in `cells` (by default fresh ones); every
    meeting, theme and stored block is read in a fixed number of queries.
    """
    plan = ImportPlan(table=table, clear_empty=clear_empty, columns=list(table.headers))
    plan.is_kit = KIT_FINGERPRINT_COLUMN in table.headers
    plan.file_problems = check_columns(table.headers, known=KIT_KNOWN_COLUMNS if plan.is_kit else KNOWN_COLUMNS)
    if plan.is_kit:
        plan.file_problems += check_kit_columns(table.headers)
    if plan.file_problems:
        return plan

    position = {column: index for index, column in enumerate(table.headers)}
    translated = [column for column in table.headers if column in TRANSLATED_COLUMNS]
    escaped = table.format in ESCAPED_FORMATS and not table.restored
    cells = cells or CellWidgets()
    cells.reset()
    parsed_rows = [
        parse_row(values, row, position, cells, escaped)
        for values, row in zip(table.rows, table.row_numbers, strict=True)
    ]
    report_duplicate_keys(parsed_rows)

    documents = stored_documents({parsed.meeting.id for parsed in parsed_rows if parsed.meeting is not None})
    for parsed in parsed_rows:
        if parsed.meeting is not None:
            parsed.stored = documents[parsed.meeting.id].get(parsed.plan.address)
        if not parsed.plan.problems and plan.is_kit:
            check_kit_row(parsed)
        if not parsed.plan.problems and not parsed.plan.refusal:
            compare_with_stored(parsed, translated, clear_empty)
        plan.rows.append(parsed.plan)
    plan_positions(parsed_rows, documents)
    return plan


def check_columns(headers: list[str], known=KNOWN_COLUMNS, keys=REQUIRED_KEY_COLUMNS) -> list[ImportProblem]:
    """Unknown columns (with the likely intended one) and missing key columns."""
    problems = []
    for column in headers:
        if column in known:
            continue
        suggestion = difflib.get_close_matches(column, known, n=1)
        hint = (
            _("Did you mean “%(suggestion)s”?") % {"suggestion": suggestion[0]}
            if suggestion
            else _("Known columns: %(columns)s.") % {"columns": ", ".join(known)}
        )
        problems.append(ImportProblem(_("Unknown column. %(hint)s") % {"hint": hint}, column=column))
    for column in keys:
        if column not in headers:
            problems.append(
                ImportProblem(
                    _("The file has no “%(column)s” column, which identifies each paragraph.") % {"column": column}
                )
            )
    return problems


def check_kit_columns(headers: list[str]) -> list[ImportProblem]:
    """A kit holds one language: its text column, and maybe its label column, of the same language."""
    texts = [TEXT_COLUMNS[column] for column in headers if column in TEXT_COLUMNS]
    labels = [LABEL_COLUMNS[column] for column in headers if column in LABEL_COLUMNS]
    if len(texts) == 1 and set(labels) <= set(texts):
        return []
    message = _("A translator kit holds the translation into one language: one column among %(columns)s.")
    return [ImportProblem(message % {"columns": ", ".join(TEXT_COLUMNS)})]


@dataclass(slots=True)
class ParsedRow:
    plan: RowPlan
    meeting: Meeting | None = None
    position: int | None = None  # as given in the file; None: no position column, or an empty cell
    texts: dict[str, str] = field(default_factory=dict)  # label and text columns
    theme_ids: set[int] | None = None  # None: no themes column; empty: an empty cell
    kit_fingerprint: str = ""
    stored: "StoredBlock | None" = None  # the block as stored, found by its address; None for a new one


def cell_text(value, *, escaped: bool) -> str:
    """A cell as stored text: line ends normalised, and the formula escape undone where exports add it."""
    text = widgets.cell_text(value)
    return restore_text(text) if escaped else text


@dataclass
class CellWidgets:
    """The library widgets that read a block row's cells (a ConclusionResource's, or fresh ones)."""

    meeting: widgets.MeetingSlugWidget = field(default_factory=widgets.MeetingSlugWidget)
    part: widgets.PartWidget = field(default_factory=widgets.PartWidget)
    kind: widgets.BlockKindWidget = field(default_factory=widgets.BlockKindWidget)
    number: widgets.ParagraphNumberWidget = field(default_factory=widgets.ParagraphNumberWidget)
    number_suffix: widgets.NumberSuffixWidget = field(default_factory=widgets.NumberSuffixWidget)
    position: widgets.PositionWidget = field(default_factory=widgets.PositionWidget)
    themes: widgets.ThemeSlugsWidget = field(default_factory=widgets.ThemeSlugsWidget)

    def reset(self) -> None:
        """Forget meetings and themes read by an earlier import: they may have changed since."""
        self.meeting.lookup.reset()
        self.themes.lookup.reset()


def cleaned(widget, value, plan: "RowPlan", column: str):
    """The widget's value for the cell, or None with the widget's message recorded as the cell's problem."""
    try:
        return widget.clean(value)
    except ValueError as error:
        plan.add_problem(str(error), column)
        return None


def parse_row(values: list, row: int, position: dict, cells: CellWidgets, escaped: bool) -> ParsedRow:
    slug = widgets.cell_text(values[position["meeting"]]).strip()
    plan = RowPlan(row=row, meeting_slug=slug, number=None)
    parsed = ParsedRow(plan=plan)
    parsed.meeting = cleaned(cells.meeting, values[position["meeting"]], plan, "meeting")
    if parsed.meeting is not None:
        plan.meeting_id = parsed.meeting.id
    if "part" in position:
        plan.part = cleaned(cells.part, values[position["part"]], plan, "part")
    if "kind" in position:
        plan.kind = cleaned(cells.kind, cell_text(values[position["kind"]], escaped=escaped), plan, "kind")
    plan.number = cleaned(cells.number, values[position["number"]], plan, "number")
    if SUFFIX_COLUMN in position:
        suffix = cell_text(values[position[SUFFIX_COLUMN]], escaped=escaped)
        plan.number_suffix = cleaned(cells.number_suffix, suffix, plan, SUFFIX_COLUMN)
        refuse_suffix_outside_paragraphs(plan)
    if POSITION_COLUMN in position and widgets.cell_text(values[position[POSITION_COLUMN]]).strip():
        parsed.position = cleaned(cells.position, values[position[POSITION_COLUMN]], plan, POSITION_COLUMN)

    for column in TRANSLATED_COLUMNS:
        if column in position:
            parsed.texts[column] = cell_text(values[position[column]], escaped=escaped)
    if KIT_FINGERPRINT_COLUMN in position:
        parsed.kit_fingerprint = str(values[position[KIT_FINGERPRINT_COLUMN]] or "").strip()

    if THEMES_COLUMN in position:
        themes = cleaned(
            cells.themes, cell_text(values[position[THEMES_COLUMN]], escaped=escaped), plan, THEMES_COLUMN
        )
        parsed.theme_ids = {theme.id for theme in themes or ()}
    return parsed


def refuse_suffix_outside_paragraphs(plan: RowPlan) -> None:
    """Only a numbered paragraph is inserted between two numbers ("17 bis"); other blocks are ranked, not numbered."""
    if plan.number_suffix and plan.kind not in (None, BlockKind.PARAGRAPH):
        message = _("Only a numbered paragraph has a number suffix (“17 bis”): leave this cell empty for %(block)s.")
        block = block_name(plan.meeting_slug, plan.part, plan.kind, plan.number)
        plan.add_problem(message % {"block": block}, SUFFIX_COLUMN)


def report_duplicate_keys(parsed_rows: list[ParsedRow]) -> None:
    first_row = {}
    for parsed in parsed_rows:
        plan = parsed.plan
        if None in plan.address or not plan.meeting_slug:
            continue
        key = (plan.meeting_slug, *plan.address)
        if key in first_row:
            plan.add_problem(
                _("%(block)s is already in row %(first)s.") % {"block": plan.label, "first": first_row[key]},
                "number",
            )
        else:
            first_row[key] = plan.row


@dataclass(slots=True)
class StoredBlock:
    id: int
    part: int
    kind: str
    number: int
    number_suffix: str
    position: int
    texts: dict[str, str | None]  # every label and text column, as stored (None kept, for undo to put back)
    theme_ids: set[int]


def stored_documents(meeting_ids: set[int]) -> dict[int, dict[tuple, StoredBlock]]:
    """Each meeting's stored blocks by address (part, kind, number, suffix): two queries, whatever their number."""
    columns = list(TRANSLATED_COLUMNS)
    documents = {meeting_id: {} for meeting_id in meeting_ids}
    by_id = {}
    rows = Conclusion.objects.filter(meeting_id__in=meeting_ids).values_list(
        "id", "meeting_id", "part", "kind", "number", "number_suffix", "position", *columns
    )
    for block_id, meeting_id, part, kind, number, suffix, position, *texts in rows.iterator(chunk_size=5000):
        block = StoredBlock(
            id=block_id,
            part=part,
            kind=kind,
            number=number,
            number_suffix=suffix,
            position=position,
            texts=dict(zip(columns, texts, strict=True)),
            theme_ids=set(),
        )
        documents[meeting_id][(part, kind, number, suffix)] = by_id[block_id] = block
    links = Conclusion.themes.through.objects.filter(conclusion__meeting_id__in=meeting_ids)
    for conclusion_id, theme_id in links.values_list("conclusion_id", "theme_id").iterator(chunk_size=5000):
        by_id[conclusion_id].theme_ids.add(theme_id)
    return documents


def check_kit_row(parsed: ParsedRow) -> None:
    """A kit row translates the source text it was exported with: refused if that text has changed since."""
    plan, stored = parsed.plan, parsed.stored
    source_column = translated_column("text", parsed.meeting.source_language)
    text_column = next(column for column in parsed.texts if column in TEXT_COLUMNS)
    if text_column == source_column:
        message = _("This paragraph's original is in %(language)s: a translator kit changes only translations.")
        plan.add_problem(message % {"language": language_name(parsed.meeting.source_language)}, text_column)
        return
    if not re.fullmatch(r"[0-9a-f]{32}", parsed.kit_fingerprint):
        message = _("The source fingerprint is missing or altered: export a new kit and translate in it.")
        plan.add_problem(message, KIT_FINGERPRINT_COLUMN)
        return
    if stored is None:
        plan.refusal = _("This paragraph no longer exists.")
    elif fingerprint(stored.texts[source_column]) != parsed.kit_fingerprint:
        plan.conclusion_id = stored.id
        plan.refusal = _(
            "The original of this paragraph changed after the kit was exported, so this translation "
            "may be of an old text. Export a new kit to translate the current original."
        )


def compare_with_stored(parsed: ParsedRow, columns: list[str], clear_empty: bool) -> None:
    """The row's changes to its labels, texts and themes (its position is planned with the rest of its document)."""
    plan, stored = parsed.plan, parsed.stored
    source_column = translated_column("text", parsed.meeting.source_language)
    if stored is None:
        if not parsed.texts.get(source_column):
            plan.add_problem(
                _("A new paragraph needs its text in %(language)s, the meeting's source language.")
                % {"language": language_name(parsed.meeting.source_language)},
                source_column,
            )
            return
        plan.changes = [ColumnChange(c, "", parsed.texts[c]) for c in columns if parsed.texts[c]]
        if parsed.theme_ids:
            plan.changes.append(ColumnChange(THEMES_COLUMN, set(), parsed.theme_ids))
        return

    plan.conclusion_id = stored.id
    for column in columns:
        new, old = parsed.texts[column], stored.texts[column]
        if new == (old or "") or (not new and not clear_empty):
            continue
        if not new and column == source_column:
            plan.add_problem(_("The text in the source language cannot be cleared."), column)
            continue
        plan.changes.append(ColumnChange(column, old, new))
    new_themes = parsed.theme_ids
    if new_themes is not None and new_themes != stored.theme_ids and (new_themes or clear_empty):
        plan.changes.append(ColumnChange(THEMES_COLUMN, stored.theme_ids, new_themes))


def plan_positions(parsed_rows: list[ParsedRow], documents: dict[int, dict[tuple, StoredBlock]]) -> None:
    """Where each row's block will be in its meeting's document, as each meeting's blocks are once imported.

    A stored block keeps its position unless the file gives another; a new
    block without one goes after the highest position of the result, in file
    order. A position that two blocks would hold is an error at the row that
    gives it (the later row, when two rows give it).
    """
    rows_by_meeting = defaultdict(list)
    for parsed in parsed_rows:
        if parsed.meeting is not None and parsed.plan.status in ("new", "changed", "unchanged"):
            rows_by_meeting[parsed.meeting.id].append(parsed)
    for meeting_id, rows in rows_by_meeting.items():
        blocks = documents[meeting_id]
        placed_by_file = {parsed.plan.conclusion_id for parsed in rows if parsed.position is not None}
        holders = {block.position: block for block in blocks.values() if block.id not in placed_by_file}
        for parsed in rows:
            if parsed.position is not None:
                place_at(parsed, parsed.position, holders)
        end = max(holders, default=0)
        for parsed in rows:
            plan = parsed.plan
            if parsed.position is None and plan.is_new:
                end += 1
                place_at(parsed, end, holders)
            elif parsed.position is None:
                plan.position = parsed.stored.position


def place_at(parsed: ParsedRow, position: int, holders: dict) -> None:
    """Put the row's block at `position` of its document (recording the move), unless another block holds it."""
    plan = parsed.plan
    holder = holders.get(position)
    if isinstance(holder, ParsedRow):
        plan.add_problem(
            _("Position %(position)s is also given in row %(row)s: each block of a document needs its own.")
            % {"position": position, "row": holder.plan.row},
            POSITION_COLUMN,
        )
        return
    if holder is not None:
        plan.add_problem(
            _("Position %(position)s is that of %(block)s, which the file leaves there.")
            % {
                "position": position,
                "block": block_name(plan.meeting_slug, holder.part, holder.kind, holder.number, holder.number_suffix),
            },
            POSITION_COLUMN,
        )
        return
    holders[position] = parsed
    plan.position = position
    if plan.is_new:
        plan.changes.insert(0, ColumnChange(POSITION_COLUMN, "", position))
    elif position != parsed.stored.position:
        plan.changes.insert(0, ColumnChange(POSITION_COLUMN, parsed.stored.position, position))
