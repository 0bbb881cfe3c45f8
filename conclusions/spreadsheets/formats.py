"""django-import-export `Format`s read and written by the project's own readers and writers.

The library's formats read CSV as UTF-8 only (Excel's UTF-16 "Unicode text"
and GB18030 files from Chinese-locale Excel fail), expect commas, strip a
leading "=" on export (changing the data), and read a whole workbook into
memory before looking at it. These subclasses keep the library's interface
(`create_dataset`, `export_data`, titles, extensions, content types), so the
admin's import and export pages and `Resource.import_data` use them as any
format, and do the reading with `files.read_table`: encoding and delimiter
detected, every cell checked, the limits on hostile files applied while
reading. Texts that a spreadsheet would run as a formula are escaped
reversibly on export and restored on import (`formula_escaping`); JSON, which
no spreadsheet opens, is written and read as stored.

The dataset a format reads carries the file's `Table` (row numbers as the
person sees them, detected encoding and delimiter) as `dataset.table`, so that
messages and the preview name rows and say what was detected.
"""

import io
from contextlib import contextmanager
from contextvars import ContextVar

import tablib
from import_export.formats import base_formats

from conclusions.spreadsheets.export import WRITERS
from conclusions.spreadsheets.files import Table, read_table, read_table_from_file
from conclusions.spreadsheets.formula_escaping import ESCAPED_FORMATS, restore_text
from conclusions.spreadsheets.limits import Limits
from conclusions.spreadsheets.responses import CONTENT_TYPES

# The library creates a format and hands it the file's bytes, never its name or where they come from:
# messages name the file people chose, and an upload is read with the upload limits.
_file_name: ContextVar[str] = ContextVar("spreadsheet_file_name", default="")
_limits: ContextVar[Limits | None] = ContextVar("spreadsheet_limits", default=None)


@contextmanager
def reading_upload(name: str):
    """Within this block, formats read an admin upload: named `name` in messages, read with `Limits.for_uploads`."""
    name_token = _file_name.set(name)
    limits_token = _limits.set(Limits.for_uploads())
    try:
        yield
    finally:
        _file_name.reset(name_token)
        _limits.reset(limits_token)


def restored_rows(table: Table) -> list[list]:
    """The table's rows with the formula escape undone in text cells, for the formats that add it."""
    if table.format not in ESCAPED_FORMATS:
        return table.rows
    return [[restore_text(cell) if isinstance(cell, str) else cell for cell in row] for row in table.rows]


def table_dataset(table: Table) -> tablib.Dataset:
    """A tablib Dataset of the table's rows, with the table itself attached for row numbers and detection."""
    dataset = tablib.Dataset(*restored_rows(table), headers=table.headers)
    dataset.table = table
    return dataset


def read_dataset(stream, *, filename: str, max_bytes: int | None = None) -> tablib.Dataset:
    """A file opened by name (the command line), its format from the extension or the content, read as a dataset."""
    return table_dataset(read_table_from_file(stream, filename=filename, max_bytes=max_bytes))


def dataset_table(dataset: tablib.Dataset) -> Table:
    """The table a dataset was read from; for a dataset made in code, its rows numbered as in a spreadsheet."""
    table = getattr(dataset, "table", None)
    if table is not None and len(table.rows) == len(dataset):
        return Table(
            format=table.format,
            headers=list(dataset.headers or ()),
            rows=[list(row) for row in dataset],
            row_numbers=table.row_numbers,
            encoding=table.encoding,
            delimiter=table.delimiter,
            restored=True,
        )
    rows = [list(row) for row in dataset]
    # As in a spreadsheet, the header is row 1 and the first data row is row 2.
    return Table(
        format="dataset",
        headers=list(dataset.headers or ()),
        rows=rows,
        row_numbers=list(range(2, len(rows) + 2)),
        restored=True,
    )


class SpreadsheetFormat(base_formats.Format):
    """A format read by `files.read_table` and written by the project's streaming writers.

    A subclass names its format: `class CSV(SpreadsheetFormat, name="csv")`; the
    name chooses the reader and writer, and is the title and the extension.
    """

    name = ""

    def __init_subclass__(cls, *, name: str, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.name = name

    def __init__(self, encoding=None):
        # The library passes its setting's encoding; the readers detect the encoding themselves.
        self.encoding = encoding

    def get_title(self) -> str:
        return self.name

    def get_extension(self) -> str:
        return self.name

    def get_content_type(self) -> str:
        return CONTENT_TYPES[self.name]

    def is_binary(self) -> bool:
        return True  # bytes in: the encoding is detected, never assumed

    def get_read_mode(self) -> str:
        return "rb"

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return True

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        """Read the file's bytes; a file that cannot be read raises SpreadsheetError with the person's message."""
        data = in_stream.encode() if isinstance(in_stream, str) else bytes(in_stream)
        return table_dataset(read_table(data, filename=_file_name.get() or f"file.{self.name}", limits=_limits.get()))

    def export_data(self, dataset: tablib.Dataset, **kwargs) -> bytes:
        stream = io.BytesIO()
        self.write(list(dataset.headers or ()), iter(dataset), stream)
        return stream.getvalue()

    def write(self, header, rows, stream) -> int:
        """Write a header and rows (any iterable, consumed once) to a binary stream; return the row count.

        The writers escape formula-like texts themselves (CSV, XLSX) and stream CSV and JSON row by row.
        """
        return WRITERS[self.name](header, rows, stream)


class CSV(SpreadsheetFormat, name="csv"):
    """Any encoding and delimiter a spreadsheet program writes; written as UTF-8 with a BOM, for Excel."""


class XLSX(SpreadsheetFormat, name="xlsx"):
    """Excel's workbook, read as a stream within the limits; written with every text a text cell."""


class ODS(SpreadsheetFormat, name="ods"):
    """LibreOffice Calc's own format, read as a stream (the library's reads the whole document with odfpy)."""


class JSON(SpreadsheetFormat, name="json"):
    """A list of objects, one per row: data, written and read as stored."""


FORMATS = (CSV, XLSX, ODS, JSON)
FORMATS_BY_NAME = {format_class.name: format_class for format_class in FORMATS}
