"""The blocks of documents as CSV, XLSX, ODS or JSON files: fast for 100,000 rows, and safe to open in a spreadsheet.

A row is a block of a meeting's document, in document order: its address
(meeting slug, part, kind, number, and number suffix: "bis" for paragraph
"17 bis", empty for most blocks), its position, its label and text in each
chosen language (their own columns, `label_ar`, ..., `text_ar`,
`text_zh_hans`, ...) and its theme slugs. Identity is the address: no
database id, and never the untranslated `label` and `text` columns, which
follow the active language.

Rows are read in chunks of plain tuples (no model objects) with one extra
query per chunk for the themes, and every writer writes row by row, so memory
stays flat however many conclusions there are.

Spreadsheets run a cell that starts with = + - @ as a formula, and read a
label such as "1." as a number: CSV, XLSX and ODS cells pass through
`escape_text`, which `restore_text` undoes exactly, and XLSX and ODS text
cells are typed as strings (the ODS writer is in ods.py). JSON is not opened
by spreadsheets, so its texts are written as stored.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import BinaryIO

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion
from conclusions.spreadsheets.conclusion_plan import KEY_COLUMNS, POSITION_COLUMN, THEMES_COLUMN
from conclusions.spreadsheets.formula_escaping import escape_text
from conclusions.spreadsheets.ods import write_ods

EXPORT_FORMATS = ("csv", "xlsx", "ods", "json")
CHUNK_SIZE = 2000
THEME_SEPARATOR = ", "

# The export columns that are not translated, and where each row's value comes from.
PLAIN_COLUMNS = {**{column: column for column in (*KEY_COLUMNS, POSITION_COLUMN)}, "meeting": "meeting__slug"}
TRANSLATED_FIELDS = ("label", "text")  # in model order, as files hold them

# XML 1.0, and so XLSX, cannot hold these control characters at all (tab,
# line feed and carriage return are allowed); openpyxl would raise mid-file.
XLSX_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def translated_columns(languages: list[str]) -> list[str]:
    """The label columns of the languages, then their text columns, each in the order given."""
    return [translated_column(field, code) for field in TRANSLATED_FIELDS for code in languages]


def export_columns(languages: list[str] | None) -> list[str]:
    """The header of an export: the block's address and position, a label and a text column per language, themes.

    `None` means all six languages in UN order; otherwise the given codes, in
    the given order. An unknown, repeated or empty choice is a ValueError.
    """
    if languages is None:
        languages = LANGUAGE_CODES
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        raise ValueError(
            f"Unknown language code(s): {', '.join(unknown)}. The languages are: {', '.join(LANGUAGE_CODES)}."
        )
    repeated = sorted({code for code in languages if languages.count(code) > 1})
    if repeated:
        raise ValueError(f"Language code(s) given more than once: {', '.join(repeated)}.")
    if not languages:
        raise ValueError(f"Give at least one language among: {', '.join(LANGUAGE_CODES)}.")
    return [*PLAIN_COLUMNS, *translated_columns(languages), THEMES_COLUMN]


def _selected_fields(columns: Sequence[str]) -> list[str]:
    """The values_list() fields for `columns`, refusing anything that is not an export column."""
    allowed = {*PLAIN_COLUMNS, *translated_columns(LANGUAGE_CODES), THEMES_COLUMN}
    unknown = [column for column in columns if column not in allowed]
    if unknown:
        raise ValueError(f"Not an export column: {', '.join(unknown)}.")
    return [PLAIN_COLUMNS.get(column, column) for column in columns if column != THEMES_COLUMN]


def in_chunks(iterable: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (itertools.batched is Python 3.12)."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _theme_slugs(conclusion_ids: list[int]) -> dict[int, list[str]]:
    """Each conclusion's theme slugs in theme order, for a whole chunk in one query."""
    links = (
        Conclusion.themes.through.objects.filter(conclusion_id__in=conclusion_ids)
        .order_by("theme__position", "theme__slug")
        .values_list("conclusion_id", "theme__slug")
    )
    slugs: dict[int, list[str]] = defaultdict(list)
    for conclusion_id, slug in links:
        slugs[conclusion_id].append(slug)
    return slugs


def conclusion_rows(queryset: QuerySet, columns: Sequence[str], *, chunk_size: int = CHUNK_SIZE) -> Iterator[list]:
    """The data rows (no header) of `columns` for the queryset's blocks, by meeting slug, in document order.

    Label and text cells are "" when empty; themes are slugs joined with ", ".
    Queries: one for the conclusions, plus one per chunk for their themes.
    """
    fields = _selected_fields(columns)
    themes_at = columns.index(THEMES_COLUMN) if THEMES_COLUMN in columns else None
    # The id comes first so that themes can be matched; it is never exported.
    values = queryset.order_by("meeting__slug", "position").values_list("pk", *fields)
    for chunk in in_chunks(values.iterator(chunk_size=chunk_size), chunk_size):
        themes = _theme_slugs([conclusion[0] for conclusion in chunk]) if themes_at is not None else {}
        for pk, *cells in chunk:
            # Only a label or a text can be None (the address and the position are required).
            row = ["" if cell is None else cell for cell in cells]
            if themes_at is not None:
                row.insert(themes_at, THEME_SEPARATOR.join(themes.get(pk, ())))
            yield row


def _split_themes(cell: str) -> list[str]:
    """The theme slugs of a themes cell (slugs never contain a comma or a space)."""
    return [slug for slug in cell.split(THEME_SEPARATOR) if slug]


def _csv_field(value) -> str:
    """One CSV field as the csv module's minimal quoting writes it; texts escaped against formulas."""
    if not isinstance(value, str):
        return str(value)
    value = escape_text(value)
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return f'"{value}"'
    return value


class _CountedRows:
    """Rows passed through unchanged, counted on the way."""

    def __init__(self, rows: Iterable[Sequence]):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """A UTF-8 CSV with a byte order mark, comma-separated, CRLF, as byte chunks of CHUNK_SIZE rows."""
    # Without the BOM, Excel reads UTF-8 as the local code page and garbles Chinese and Arabic.
    # Fields are quoted with str methods, which scan long texts in C far
    # faster than csv.writer, and encoded a chunk of rows at a time.
    yield ("\ufeff" + ",".join(map(_csv_field, header)) + "\r\n").encode("utf-8")
    for chunk in in_chunks(rows, CHUNK_SIZE):
        yield "".join(",".join(map(_csv_field, row)) + "\r\n" for row in chunk).encode("utf-8")


def json_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """A UTF-8 JSON list with one object per row, themes as a list, as byte chunks."""
    yield b"["
    separator = "\n"
    for chunk in in_chunks(rows, CHUNK_SIZE):
        records = []
        for row in chunk:
            record = dict(zip(header, row, strict=True))
            if THEMES_COLUMN in record:
                record[THEMES_COLUMN] = _split_themes(record[THEMES_COLUMN])
            records.append(separator + json.dumps(record, ensure_ascii=False))
            separator = ",\n"
        yield "".join(records).encode("utf-8")
    yield b"\n]\n"


def _write_chunks(chunker, header: Sequence[str], rows: Iterable[Sequence], stream: BinaryIO) -> int:
    counted = _CountedRows(rows)
    for chunk in chunker(header, counted):
        stream.write(chunk)
    return counted.count


def write_csv(header: Sequence[str], rows: Iterable[Sequence], stream: BinaryIO) -> int:
    """Write the CSV of `csv_chunks` to a binary stream; return the number of data rows."""
    return _write_chunks(csv_chunks, header, rows, stream)


def write_json(header: Sequence[str], rows: Iterable[Sequence], stream: BinaryIO) -> int:
    """Write the JSON of `json_chunks` to a binary stream; return the number of rows."""
    return _write_chunks(json_chunks, header, rows, stream)


def _xlsx_text(worksheet, text: str, *, font: Font | None = None) -> WriteOnlyCell:
    """A cell that holds `text` as a string, never as a formula or an error code."""
    # Removing a control character could expose a leading "=", so escape afterwards.
    cell = WriteOnlyCell(worksheet, value=escape_text(XLSX_ILLEGAL_CHARACTERS.sub("", text)))
    # openpyxl types a str starting with "=" as a formula, and "#N/A" as an error.
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], stream: BinaryIO) -> int:
    """Write a one-sheet XLSX workbook, header bold and frozen; return the number of data rows.

    Control characters that XLSX cannot hold (not tab or line breaks) are left
    out of the cells; CSV and JSON keep them.
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Conclusions")
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    worksheet.append([_xlsx_text(worksheet, name, font=bold) for name in header])
    count = 0
    for row in rows:
        worksheet.append([_xlsx_text(worksheet, value) if isinstance(value, str) else value for value in row])
        count += 1
    workbook.save(stream)
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods, "json": write_json}
# Formats that can go to a reader as they are made; XLSX and ODS are zips, written whole.
STREAMED_FORMATS = {"csv": csv_chunks, "json": json_chunks}
