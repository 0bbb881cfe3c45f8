"""Import conclusions from a spreadsheet table: check every cell, plan the changes, apply them at once.

The flow is plan, then apply. `plan_conclusion_import` reads the whole table
against the database in a fixed number of queries and returns, for each row,
what would change per column (new / changed / cleared / unchanged) or what is
wrong with it. `apply_conclusion_import` writes a plan without errors in one
transaction, with bulk queries, records history for every conclusion it
touched, and keeps what `undo_conclusion_import` needs to put it all back.

What a file may not do, whatever the library's defaults allow: a column that
is absent never touches stored data; an empty cell leaves the stored text as
it is unless `clear_empty` is asked for; an unknown theme is an error, not
silently dropped; the untranslated base column and database ids are never
read.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.models import Conclusion, Meeting
from conclusions.spreadsheets import widgets
from conclusions.spreadsheets.files import Table
from conclusions.spreadsheets.formula_escaping import ESCAPED_FORMATS, restore_text
from conclusions.translations.status import fingerprint

KEY_COLUMNS = ("meeting", "number")
TEXT_COLUMNS = {translated_column("text", code): code for code in LANGUAGE_CODES}
THEMES_COLUMN = "themes"
KNOWN_COLUMNS = (*KEY_COLUMNS, *TEXT_COLUMNS, THEMES_COLUMN)
# A translator kit (translations/kit.py) adds these for the translator to read;
# only the fingerprint is read back, to refuse rows whose source changed since.
KIT_FINGERPRINT_COLUMN = "source_fingerprint"
KIT_REFERENCE_COLUMNS = ("source_language", "source_text", "status", KIT_FINGERPRINT_COLUMN)
KIT_KNOWN_COLUMNS = (*KEY_COLUMNS, *TEXT_COLUMNS, *KIT_REFERENCE_COLUMNS)
BATCH_SIZE = 1000


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
    def label(self) -> str:
        return f"{self.meeting_slug} {self.number or ''}".strip()


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
    meeting, theme and stored paragraph is read in a fixed number of queries.
    """
    plan = ImportPlan(table=table, clear_empty=clear_empty, columns=list(table.headers))
    plan.is_kit = KIT_FINGERPRINT_COLUMN in table.headers
    plan.file_problems = check_columns(table.headers, known=KIT_KNOWN_COLUMNS if plan.is_kit else KNOWN_COLUMNS)
    text_columns = [column for column in table.headers if column in TEXT_COLUMNS]
    if plan.is_kit and len(text_columns) != 1:
        plan.file_problems.append(
            ImportProblem(
                _("A translator kit holds the translation into one language: one column among %(columns)s.")
                % {"columns": ", ".join(TEXT_COLUMNS)}
            )
        )
    if plan.file_problems:
        return plan

    position = {column: index for index, column in enumerate(table.headers)}
    escaped = table.format in ESCAPED_FORMATS and not table.restored
    cells = cells or CellWidgets()
    cells.reset()
    parsed_rows = [
        parse_row(values, row, position, cells, escaped)
        for values, row in zip(table.rows, table.row_numbers, strict=True)
    ]
    report_duplicate_keys(parsed_rows)

    stored = stored_conclusions({parsed.meeting.id for parsed in parsed_rows if parsed.meeting is not None})
    for parsed in parsed_rows:
        if not parsed.plan.problems and plan.is_kit:
            check_kit_row(parsed, stored, text_columns[0])
        if not parsed.plan.problems and not parsed.plan.refusal:
            compare_with_stored(parsed, stored, text_columns, clear_empty)
        plan.rows.append(parsed.plan)
    return plan


def check_columns(headers: list[str], known=KNOWN_COLUMNS, keys=KEY_COLUMNS) -> list[ImportProblem]:
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


@dataclass(slots=True)
class ParsedRow:
    plan: RowPlan
    meeting: Meeting | None = None
    texts: dict[str, str] = field(default_factory=dict)
    theme_ids: set[int] | None = None  # None: no themes column; empty: an empty cell
    kit_fingerprint: str = ""


def cell_text(value, *, escaped: bool) -> str:
    """A cell as stored text: line ends normalised, and the formula escape undone where exports add it."""
    text = widgets.cell_text(value)
    return restore_text(text) if escaped else text


@dataclass
class CellWidgets:
    """The library widgets that read a conclusion row's cells (a ConclusionResource's, or fresh ones)."""

    meeting: widgets.MeetingSlugWidget = field(default_factory=widgets.MeetingSlugWidget)
    number: widgets.ParagraphNumberWidget = field(default_factory=widgets.ParagraphNumberWidget)
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
    parsed = ParsedRow(plan=RowPlan(row=row, meeting_slug=slug, number=None))
    parsed.meeting = cleaned(cells.meeting, values[position["meeting"]], parsed.plan, "meeting")
    if parsed.meeting is not None:
        parsed.plan.meeting_id = parsed.meeting.id
    parsed.plan.number = cleaned(cells.number, values[position["number"]], parsed.plan, "number")

    for column in TEXT_COLUMNS:
        if column in position:
            parsed.texts[column] = cell_text(values[position[column]], escaped=escaped)
    if KIT_FINGERPRINT_COLUMN in position:
        parsed.kit_fingerprint = str(values[position[KIT_FINGERPRINT_COLUMN]] or "").strip()

    if THEMES_COLUMN in position:
        themes = cleaned(
            cells.themes, cell_text(values[position[THEMES_COLUMN]], escaped=escaped), parsed.plan, THEMES_COLUMN
        )
        parsed.theme_ids = {theme.id for theme in themes or ()}
    return parsed


def report_duplicate_keys(parsed_rows: list[ParsedRow]) -> None:
    first_row = {}
    for parsed in parsed_rows:
        plan = parsed.plan
        if plan.number is None or not plan.meeting_slug:
            continue
        key = (plan.meeting_slug, plan.number)
        if key in first_row:
            plan.problems.append(
                ImportProblem(
                    _("Paragraph %(number)s of “%(slug)s” is already in row %(first)s.")
                    % {"number": plan.number, "slug": plan.meeting_slug, "first": first_row[key]},
                    plan.row,
                    "number",
                )
            )
        else:
            first_row[key] = plan.row


@dataclass(slots=True)
class StoredConclusion:
    id: int
    texts: dict[str, str]
    theme_ids: set[int]


def stored_conclusions(meeting_ids: set[int]) -> dict[tuple[int, int], StoredConclusion]:
    """The stored conclusions of these meetings by (meeting id, number): two queries, whatever their number."""
    columns = list(TEXT_COLUMNS)
    stored = {}
    by_id = {}
    rows = Conclusion.objects.filter(meeting_id__in=meeting_ids).values_list("id", "meeting_id", "number", *columns)
    for conclusion_id, meeting_id, number, *texts in rows.iterator(chunk_size=5000):
        conclusion = StoredConclusion(
            id=conclusion_id, texts={c: t or "" for c, t in zip(columns, texts, strict=True)}, theme_ids=set()
        )
        stored[(meeting_id, number)] = by_id[conclusion_id] = conclusion
    links = Conclusion.themes.through.objects.filter(conclusion__meeting_id__in=meeting_ids)
    for conclusion_id, theme_id in links.values_list("conclusion_id", "theme_id").iterator(chunk_size=5000):
        by_id[conclusion_id].theme_ids.add(theme_id)
    return stored


def check_kit_row(parsed: ParsedRow, stored: dict, text_column: str) -> None:
    """A kit row translates the source text it was exported with: refused if that text has changed since."""
    plan = parsed.plan
    source_column = translated_column("text", parsed.meeting.source_language)
    if text_column == source_column:
        message = _("This paragraph's original is in %(language)s: a translator kit changes only translations.")
        plan.add_problem(message % {"language": language_name(parsed.meeting.source_language)}, text_column)
        return
    if not re.fullmatch(r"[0-9a-f]{32}", parsed.kit_fingerprint):
        message = _("The source fingerprint is missing or altered: export a new kit and translate in it.")
        plan.add_problem(message, KIT_FINGERPRINT_COLUMN)
        return
    existing = stored.get((parsed.meeting.id, plan.number))
    if existing is None:
        plan.refusal = _("This paragraph no longer exists.")
    elif fingerprint(existing.texts[source_column]) != parsed.kit_fingerprint:
        plan.conclusion_id = existing.id
        plan.refusal = _(
            "The original of this paragraph changed after the kit was exported, so this translation "
            "may be of an old text. Export a new kit to translate the current original."
        )


def compare_with_stored(parsed: ParsedRow, stored: dict, text_columns: list[str], clear_empty: bool) -> None:
    plan = parsed.plan
    existing = stored.get((parsed.meeting.id, plan.number))
    if existing is None:
        source_column = translated_column("text", parsed.meeting.source_language)
        if not parsed.texts.get(source_column):
            plan.problems.append(
                ImportProblem(
                    _("A new paragraph needs its text in %(language)s, the meeting's source language.")
                    % {"language": language_name(parsed.meeting.source_language)},
                    plan.row,
                    source_column,
                )
            )
            return
        plan.changes = [ColumnChange(c, "", parsed.texts[c]) for c in text_columns if parsed.texts[c]]
        if parsed.theme_ids:
            plan.changes.append(ColumnChange(THEMES_COLUMN, set(), parsed.theme_ids))
        return

    plan.conclusion_id = existing.id
    source_column = translated_column("text", parsed.meeting.source_language)
    for column in text_columns:
        new, old = parsed.texts[column], existing.texts[column]
        if new == old or (not new and not clear_empty):
            continue
        if not new and column == source_column:
            plan.problems.append(
                ImportProblem(_("The text in the source language cannot be cleared."), plan.row, column)
            )
            continue
        plan.changes.append(ColumnChange(column, old, new))
    new_themes = parsed.theme_ids
    if new_themes is not None and new_themes != existing.theme_ids and (new_themes or clear_empty):
        plan.changes.append(ColumnChange(THEMES_COLUMN, existing.theme_ids, new_themes))
