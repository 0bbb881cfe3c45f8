"""Read an uploaded CSV, XLSX, ODS or JSON file into a plain table of headers and rows.

Every reader checks the limits of limits.py as it reads (what a zip unpacks
to, rows, columns, one cell's length, characters that cannot be stored), and
any problem is a SpreadsheetError whose message is meant for the user.
"""

import csv
import datetime
import io
import json
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import load_workbook

from conclusions.spreadsheets.limits import (
    UNSTORABLE_CHARACTERS,
    ByteBudget,
    CappedStream,
    Limits,
    SpreadsheetError,
    cell_too_long,
    check_unpacked_size,
    checked_records,
    column_reference,
    is_empty,
    iter_chunks,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)
from conclusions.spreadsheets.ods import ODS_MIMETYPE, read_ods
from conclusions.text_bytes import UTF8_BOM, UTF16_BOMS, looks_binary, text_codec

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

EXTENSION_FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".ods": "ods",
    ".json": "json",
}

# In order of preference when two candidates are equally frequent in the header line.
DELIMITERS = (",", ";", "\t")

ZIP_SIGNATURE = b"PK\x03\x04"
# Compound File Binary: Excel 97-2003 workbooks, and any Office file saved with a password.
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Table:
    format: str
    headers: list[str]
    rows: list[list]
    row_numbers: list[int]
    encoding: str | None = None
    delimiter: str | None = None
    # True once the formula escape of the format has been undone (formats.table_dataset does it).
    restored: bool = False


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


def read_table(data: bytes, *, filename: str, limits: Limits | None = None) -> Table:
    """Read a whole file's bytes as a table; the format comes from the file name, or from the content."""
    limits = limits or Limits.from_settings()
    extension = PurePath(filename).suffix.lower()
    if data.startswith(CFB_SIGNATURE):
        raise office_binary_file(data, filename)
    file_format = EXTENSION_FORMATS.get(extension)
    if file_format is None or (file_format == "csv" and data.startswith(ZIP_SIGNATURE)):
        # A workbook saved under a text name is still read for what it is.
        file_format = sniff_format(data) or file_format
    if file_format is None:
        if not extension:
            raise SpreadsheetError(
                _("The file “%(filename)s” has no extension: upload a CSV, XLSX, ODS or JSON file.")
                % {"filename": filename}
            )
        raise SpreadsheetError(
            _("Unsupported file type “%(extension)s”: upload a CSV, XLSX, ODS or JSON file.")
            % {"extension": extension}
        )
    if len(data) > limits.uncompressed_bytes:
        raise too_large(len(data), limits.uncompressed_bytes)
    if not without_bom(data).strip():
        raise SpreadsheetError(_("The file is empty."))
    if file_format == "xlsx":
        return read_xlsx(data, filename, limits)
    if file_format == "ods":
        return read_ods_table(data, filename, limits)
    if file_format == "json":
        return read_json(data, limits)
    return read_csv(data, filename, limits)


def office_binary_file(data: bytes, filename: str) -> SpreadsheetError:
    """A Compound File: an Office file with a password (its package is encrypted), or an Excel 97-2003 one."""
    if ENCRYPTED_PACKAGE in data:
        return SpreadsheetError(
            _("“%(filename)s” is protected by a password: open it, remove the password, save it and try again.")
            % {"filename": filename}
        )
    return SpreadsheetError(
        _("“%(filename)s” is an Excel 97-2003 workbook (.xls), which cannot be read: save it as .xlsx and try again.")
        % {"filename": filename}
    )


def without_bom(data: bytes) -> bytes:
    for bom in (UTF8_BOM, *UTF16_BOMS):
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def sniff_format(data: bytes) -> str | None:
    """The format ("xlsx", "ods" or "json") of a file whose extension says nothing, from its content; else None."""
    if data.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                # An OpenDocument file names its kind in a first, uncompressed member.
                if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                    return "ods" if archive.read("mimetype").strip() == ODS_MIMETYPE else None
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        return None
    if without_bom(data).lstrip().startswith(b"["):
        return "json"
    return None


def open_archive(data: bytes, filename: str, limits: Limits, *, not_valid) -> zipfile.ZipFile:
    """The zip archive of an XLSX or ODS file, once checked to unpack within the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        if data.startswith(ZIP_SIGNATURE):
            raise damaged_archive(filename) from error
        raise not_valid(filename) from error
    try:
        check_unpacked_size(archive, limits)
    except SpreadsheetError:
        archive.close()
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        archive.close()
        raise damaged_archive(filename) from error
    return archive


def damaged_archive(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(filename)s” is incomplete or damaged: it cannot be unpacked. Save or download it again.")
        % {"filename": filename}
    )


def make_table(file_format: str, header_cells: list, records: list, **details) -> Table:
    """Build a Table from header cells and the (row number, cells) records of `checked_records`.

    Checks the header names, drops trailing columns that have neither a header
    nor data, and pads short rows.
    """
    headers = ["" if cell is None else str(cell).replace("\ufeff", "").strip() for cell in header_cells]
    headers += [""] * (max((len(cells) for _number, cells in records), default=0) - len(headers))

    named = len(headers)
    while named and not headers[named - 1]:
        named -= 1
    for position, name in enumerate(headers, start=1):
        if name:
            continue
        if position <= named:
            raise SpreadsheetError(_("Column %(column)s has no header.") % {"column": column_reference(position)})
        # A trailing column without a header is dropped, unless that would lose data.
        for number, cells in records:
            if position <= len(cells) and not is_empty(cells[position - 1]):
                raise SpreadsheetError(
                    _("Column %(column)s has data but no header (row %(row)s).")
                    % {"column": column_reference(position), "row": number}
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


def not_text(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "“%(filename)s” is not a text file but binary data (an image, an archive or a document?): "
            "upload a CSV, XLSX, ODS or JSON file."
        )
        % {"filename": filename}
    )


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


def allow_csv_fields_of(characters: int) -> None:
    """Let the csv module read cells as long as the limit (its own default is 131,072 characters).

    The setting is the process's; it is only ever raised, so no other reader loses by it.
    """
    if csv.field_size_limit() < characters + 1:
        csv.field_size_limit(characters + 1)


def read_csv(data: bytes, filename: str, limits: Limits) -> Table:
    if looks_binary(data):
        raise not_text(filename)
    detected = text_codec(data)
    if detected is None:
        raise SpreadsheetError(_("The file's text encoding is not recognised: save it as UTF-8 CSV."))
    codec, encoding = detected
    # Decoded again as a stream, so a large file is never held twice as text.
    # newline="": the csv module itself handles CRLF, LF and CR, and line breaks inside quoted cells.
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    delimiter = detect_delimiter(stream.read(64 * 1024))
    stream.seek(0)
    allow_csv_fields_of(limits.cell_characters)
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    position = {"line": 0}

    def records():
        # A record is one spreadsheet row, however many lines its quoted cells span.
        for number, cells in enumerate(reader, start=1):
            yield number, [cell.replace("\r\n", "\n").replace("\r", "\n") for cell in cells]
            position["line"] = reader.line_num

    try:
        header, records = checked_records(records(), limits, blank="")
    except csv.Error as error:
        # Name the line where the bad record starts: an unclosed quote only fails at the end of the file.
        line = position["line"] + 1
        if "field larger than field limit" in str(error):
            raise cell_too_long(_("Line %(line)s") % {"line": line}, limits.cell_characters) from error
        raise SpreadsheetError(
            _("The CSV file cannot be read from line %(line)s: %(problem)s.") % {"line": line, "problem": error}
        ) from error
    return make_table("csv", header, records, encoding=encoding, delimiter=delimiter)


# XLSX


# How Excel writes a character XML cannot hold: "_x0000_" for NUL. openpyxl
# leaves these as they are; only those that stand for a character that cannot
# be stored are decoded, so that they are refused like the same character in
# a CSV file (a text such as "_x0041_" is left alone).
ESCAPED_UNSTORABLE = re.compile(r"_x(00[01][0-9A-Fa-f]|[Ff]{3}[EeFf]|[Dd][89A-Fa-f][0-9A-Fa-f]{2})_")


def xlsx_value(value):
    """A cell value as str, int, float, bool or None: dates and times become ISO text."""
    if isinstance(value, str):
        return ESCAPED_UNSTORABLE.sub(unescape_unstorable, value) if "_x" in value else value
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()  # A date typed in a spreadsheet is stored as midnight.
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # e.g. a duration (timedelta)


def unescape_unstorable(match: re.Match) -> str:
    character = chr(int(match[1], 16))
    return character if UNSTORABLE_CHARACTERS.match(character) else match[0]


SPREADSHEETML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def check_shared_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a shared string longer than a cell may be, before openpyxl reads them all into memory.

    A cell bomb is one shared string of hundreds of millions of characters
    that compresses to almost nothing; streamed here, element by element, it
    is refused as soon as it passes the limit.
    """
    for name in archive.namelist():
        if not name.lower().endswith("sharedstrings.xml"):
            continue
        budget = ByteBudget(limits.uncompressed_bytes)
        with archive.open(name) as member:
            length = 0
            for event, element in secure_iterparse(CappedStream(member, budget), ("end",)):
                if element.tag == f"{SPREADSHEETML}t":
                    length += len(element.text or "")
                    if length > limits.cell_characters:
                        raise cell_too_long(_("A shared text"), limits.cell_characters)
                elif element.tag == f"{SPREADSHEETML}si":
                    length = 0
                    forget(element)
                del event


# A row or a cell element, whatever the namespace prefix: <row>, <row r="2">, <x:row/>, <c r="A1" t="s">, <c/>.
ROW_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
CELL_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def first_worksheet(archive: zipfile.ZipFile) -> str | None:
    """The archive path of the workbook's first sheet, as the workbook and its relationships name it."""
    try:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"), parser=SAFE_PARSER)
        relationships = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser=SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None  # openpyxl will say what is wrong
    sheet = workbook.find(f"{SPREADSHEETML}sheets/{SPREADSHEETML}sheet")
    if sheet is None:
        return None
    for relationship in relationships:
        if relationship.get("Id") == sheet.get(RELATIONSHIP_ID):
            target = relationship.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def check_row_and_cell_counts(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a first sheet with more row or cell elements than allowed, by counting them in its raw bytes.

    openpyxl parses some 20,000 rows, or 150,000 cells, a second: a million
    tiny rows or twenty million cells (a few hundred KB zipped) would hold a
    worker for minutes before the limits are reached as it reads. Counting
    tags in C takes milliseconds. (Empty cell elements count here too, so
    this count is never below the one `checked_records` makes.)
    """
    name = first_worksheet(archive)
    if name is None or name not in archive.namelist():
        return
    rows = cells = 0
    tail = b""
    with archive.open(name) as member:
        for chunk in iter_chunks(member):
            data = tail + chunk
            rows += len(ROW_ELEMENT.findall(data))
            if rows > limits.rows:
                raise too_many_rows(limits.rows)
            cells += len(CELL_ELEMENT.findall(data))
            if cells > limits.cells:
                raise too_many_cells(limits.cells)
            # A tag cut in two by the chunk's end is counted with the next chunk.
            start = data.rfind(b"<", max(0, len(data) - 64))
            cut = start >= 0 and not ROW_ELEMENT.match(data, start) and not CELL_ELEMENT.match(data, start)
            tail = data[start:] if cut else b""


def secure_iterparse(stream, events):
    """lxml's streaming parser with nothing fetched or expanded, and no huge text nodes (over 10 MB)."""
    return etree.iterparse(
        stream, events=events, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def forget(element) -> None:
    """Free a parsed element and the siblings before it: a streamed document never builds up."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def huge_text(error: etree.XMLSyntaxError) -> bool:
    """Whether lxml stopped at a text node over its 10 MB safety limit: a cell far too long."""
    return "huge" in str(error).lower()


def read_xlsx(data: bytes, filename: str, limits: Limits) -> Table:
    """The first worksheet of an XLSX file; the cached values of formulas, not the formulas."""
    with open_archive(data, filename, limits, not_valid=not_valid_xlsx) as archive:
        try:
            check_row_and_cell_counts(archive, limits)
            check_shared_strings(archive, limits)
        except etree.XMLSyntaxError as error:
            if huge_text(error):
                raise cell_too_long(_("A shared text"), limits.cell_characters) from error
            raise not_valid_xlsx(filename) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a damaged file.
        raise not_valid_xlsx(filename) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        # Some programs write a wrong size ("A1") in the file: read the rows as they are instead.
        sheet.reset_dimensions()
        records = (
            (number, [xlsx_value(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        header, records = checked_records(records, limits)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise not_valid_xlsx(filename) from error
    finally:
        workbook.close()
    return make_table("xlsx", header, records)


def not_valid_xlsx(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(filename)s” is not a valid XLSX file: save it as an Excel workbook (.xlsx) and try again.")
        % {"filename": filename}
    )


# ODS


def read_ods_table(data: bytes, filename: str, limits: Limits) -> Table:
    """The first sheet of an OpenDocument spreadsheet (LibreOffice Calc's own format)."""
    with open_archive(data, filename, limits, not_valid=not_valid_ods) as archive:
        header, records = read_ods(archive, limits, not_valid=lambda: not_valid_ods(filename))
    return make_table("ods", header, records)


def not_valid_ods(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(filename)s” is not a valid ODS file: save it as an OpenDocument spreadsheet (.ods) and try again.")
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


def read_json(data: bytes, limits: Limits) -> Table:
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
    except RecursionError as error:  # thousands of nested brackets
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per row.")) from error
    del text
    if not isinstance(items, list):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per row."))
    if not items:
        raise SpreadsheetError(_("The file is empty."))
    # As in a spreadsheet exported from the same data, the header is row 1 and the first object row 2.
    if len(items) + 1 > limits.rows:
        raise too_many_rows(limits.rows)

    keys = {}
    for row, item in enumerate(items, start=2):
        if not isinstance(item, dict):
            raise SpreadsheetError(_("Row %(row)s of the JSON file is not an object.") % {"row": row})
        keys.update(dict.fromkeys(item))
        if len(keys) > limits.columns:
            raise too_many_columns(row, limits.columns)
    records = ((row, [json_value(item.get(key), row, key) for key in keys]) for row, item in enumerate(items, start=2))
    header, records = checked_records(records, limits, header=list(keys))
    return make_table("json", header, records)
