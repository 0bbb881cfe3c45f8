"""Read an uploaded CSV, XLSX or JSON file into a plain table of headers and rows."""

import csv
import datetime
import io
import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

EXTENSION_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".json": "json"}

# In order of preference when two candidates are equally frequent in the header line.
DELIMITERS = (",", ";", "\t")

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table; str(error) is a clear message for the user."""


@dataclass
class Table:
    format: str
    headers: list[str]
    rows: list[list]
    row_numbers: list[int]
    encoding: str | None = None
    delimiter: str | None = None


def max_upload_bytes() -> int:
    """The largest file accepted, from settings.SPREADSHEET_MAX_UPLOAD_BYTES (default 10 MB)."""
    return getattr(settings, "SPREADSHEET_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def read_table_from_file(fileobj, *, filename: str, size: int | None = None, max_bytes: int | None = None) -> Table:
    """Read an open binary file (e.g. an UploadedFile), refusing one over the limit before reading it."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if size is None:
        start = fileobj.tell()
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell() - start
        fileobj.seek(start)
    if size > limit:
        raise too_large(size, limit)
    # Read one byte more than allowed, in case the announced size was wrong.
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data), limit)
    return read_table(data, filename=filename)


def too_large(size: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file is too large (%(size)s): the limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
    )


def read_table(data: bytes, *, filename: str) -> Table:
    """Read a whole file's bytes as a table; the format comes from the file name, or from the content."""
    extension = PurePath(filename).suffix.lower()
    file_format = EXTENSION_FORMATS.get(extension) or sniff_format(data)
    if file_format is None:
        if not extension:
            raise SpreadsheetError(
                _("The file “%(filename)s” has no extension: upload a CSV, XLSX or JSON file.")
                % {"filename": filename}
            )
        raise SpreadsheetError(
            _("Unsupported file type “%(extension)s”: upload a CSV, XLSX or JSON file.") % {"extension": extension}
        )
    if not without_bom(data).strip():
        raise SpreadsheetError(_("The file is empty."))
    if file_format == "xlsx":
        return read_xlsx(data, filename)
    if file_format == "json":
        return read_json(data)
    return read_csv(data)


def without_bom(data: bytes) -> bytes:
    for bom in (UTF8_BOM, *UTF16_BOMS):
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def sniff_format(data: bytes) -> str | None:
    """The format ("xlsx" or "json") of a file whose extension says nothing, from its content; else None."""
    if data.startswith(b"PK\x03\x04"):
        # An OpenDocument spreadsheet is a zip too: only a zip with a workbook part is XLSX.
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "xlsx" if "xl/workbook.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if without_bom(data).lstrip().startswith(b"["):
        return "json"
    return None


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_header(records) -> tuple[list, list]:
    """The first non-empty record's cells (the header row) and the records after it."""
    for index, (_number, cells) in enumerate(records):
        if not all(is_empty(cell) for cell in cells):
            return cells, records[index + 1 :]
    raise SpreadsheetError(_("The file is empty."))


def make_table(file_format: str, header_cells: list, records: list, **details) -> Table:
    """Build a Table from header cells and (row number, cells) records.

    Checks the header names, drops trailing columns that have neither a header nor data,
    and skips empty rows while keeping the true row numbers of the others.
    """
    records = [(number, cells) for number, cells in records if not all(is_empty(cell) for cell in cells)]
    headers = ["" if cell is None else str(cell).replace("\ufeff", "").strip() for cell in header_cells]
    headers += [""] * (max((len(cells) for _number, cells in records), default=0) - len(headers))

    named = len(headers)
    while named and not headers[named - 1]:
        named -= 1
    for position, name in enumerate(headers, start=1):
        if name:
            continue
        letter = get_column_letter(position)
        if position <= named:
            raise SpreadsheetError(
                _("Column %(position)s (%(letter)s) has no header.") % {"position": position, "letter": letter}
            )
        # A trailing column without a header is dropped, unless that would lose data.
        for number, cells in records:
            if position <= len(cells) and not is_empty(cells[position - 1]):
                raise SpreadsheetError(
                    _("Column %(position)s (%(letter)s) has data but no header (row %(row)s).")
                    % {"position": position, "letter": letter, "row": number}
                )
    headers = headers[:named]
    if not headers:
        raise SpreadsheetError(_("The file is empty."))

    seen = set()
    for name in headers:
        if name in seen:
            raise SpreadsheetError(
                _("The column “%(name)s” appears more than once in the header row.") % {"name": name}
            )
        seen.add(name)

    if not records:
        raise SpreadsheetError(_("The file has a header row but no data rows."))
    padding = ["" if file_format == "csv" else None] * named
    rows = [cells if len(cells) == named else (list(cells) + padding)[:named] for _number, cells in records]
    return Table(file_format, headers, rows, [number for number, _cells in records], **details)


# CSV


def detect_encoding(data: bytes) -> tuple[str, str]:
    """The codec and the name of the encoding: BOMs first, then strict UTF-8, then GB18030 (GBK, GB2312)."""
    if data.startswith(UTF8_BOM):
        candidates = [("UTF-8 with BOM", "utf-8-sig")]
    elif data.startswith(UTF16_BOMS):
        # Excel's "Unicode text": UTF-16 with a byte order mark giving the byte order.
        candidates = [("UTF-16", "utf-16")]
    else:
        candidates = [("UTF-8", "utf-8"), ("GB18030", "gb18030")]
    for name, codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # UTF-16 without a BOM decodes as UTF-8 full of NUL characters: not text anyone meant.
        if "\x00" not in text:
            return codec, name
    raise SpreadsheetError(_("The file's text encoding is not recognised: save it as UTF-8 CSV."))


def detect_delimiter(text: str) -> str:
    """The most frequent of , ; and tab outside quotes in the header line; "," if there is none."""
    counts = dict.fromkeys(DELIMITERS, 0)
    in_quotes = started = False
    for character in text:
        if character == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif character in "\r\n":
            if started:  # Blank lines before the header row do not end it.
                break
        elif character in counts:
            counts[character] += 1
        started = started or not character.isspace()
    return max(DELIMITERS, key=counts.get)


def read_csv(data: bytes) -> Table:
    codec, encoding = detect_encoding(data)
    # Decoded again as a stream, so a large file is never held twice as text.
    # newline="": the csv module itself handles CRLF, LF and CR, and line breaks inside quoted cells.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    delimiter = detect_delimiter(stream.read(64 * 1024))
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    # A record is one spreadsheet row, however many lines its quoted cells span.
    records = []
    lines_read = 0
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]))
            lines_read = reader.line_num
    except csv.Error as error:
        # Name the line where the bad record starts: an unclosed quote only fails at the end of the file.
        raise SpreadsheetError(
            _("The CSV file cannot be read from line %(line)s: %(problem)s.")
            % {"line": lines_read + 1, "problem": error}
        ) from error
    header, records = split_header(records)
    return make_table("csv", header, records, encoding=encoding, delimiter=delimiter)


# XLSX


def xlsx_value(value):
    """A cell value as str, int, float, bool or None: dates and times become ISO text."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()  # A date typed in a spreadsheet is stored as midnight.
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # e.g. a duration (timedelta)


def read_xlsx(data: bytes, filename: str) -> Table:
    """The first worksheet of an XLSX file; the cached values of formulas, not the formulas."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a damaged file.
        raise not_valid_xlsx(filename) from error
    try:
        records = []
        if workbook.worksheets:
            sheet = workbook.worksheets[0]
            # Some programs write a wrong size ("A1") in the file: read the rows as they are instead.
            sheet.reset_dimensions()
            records = [
                (number, [xlsx_value(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
    except Exception as error:
        raise not_valid_xlsx(filename) from error
    finally:
        workbook.close()
    header, records = split_header(records)
    return make_table("xlsx", header, records)


def not_valid_xlsx(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(filename)s” is not a valid XLSX file: save it as an Excel workbook (.xlsx) and try again.")
        % {"filename": filename}
    )


# JSON


def json_value(value, row: int, key: str):
    """A JSON value as a cell: a list of texts (such as themes) becomes one text separated by ", "."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    # Python reads NaN, Infinity and numbers too large (1e1000000) as floats no file should hold.
    if value is None or isinstance(value, str | int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise SpreadsheetError(
        _("Row %(row)s: the value of “%(key)s” must be text, a number, true, false, null or a list of texts.")
        % {"row": row, "key": key}
    )


def read_json(data: bytes) -> Table:
    """A top-level list of objects, one per row; the headers are all their keys, in first-seen order."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(_("The JSON file is not UTF-8 text: save it as UTF-8.")) from error
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise SpreadsheetError(
            _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
            % {"problem": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    except ValueError as error:  # e.g. an integer with more digits than Python converts.
        raise SpreadsheetError(_("The file is not valid JSON: %(problem)s.") % {"problem": error}) from error
    if not isinstance(items, list):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per row."))
    if not items:
        raise SpreadsheetError(_("The file is empty."))

    # As in a spreadsheet exported from the same data, the header is row 1 and the first object row 2.
    keys = {}
    for row, item in enumerate(items, start=2):
        if not isinstance(item, dict):
            raise SpreadsheetError(_("Row %(row)s of the JSON file is not an object.") % {"row": row})
        keys.update(dict.fromkeys(item))
    records = [(row, [json_value(item.get(key), row, key) for key in keys]) for row, item in enumerate(items, start=2)]
    return make_table("json", list(keys), records)
