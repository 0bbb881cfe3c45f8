"""OpenDocument spreadsheets (.ods, LibreOffice Calc's own format): read as a stream, and written.

Reading parses content.xml with lxml's streaming parser, through the
archive's byte budget, one cell at a time: nothing is fetched or expanded,
and a cell, a row or the sheet never sits whole in memory before its limits
are checked. LibreOffice writes empty trailing cells and rows as one element
repeated thousands of times (`number-columns-repeated="16384"`); such
repeats are counted, never materialised, unless a value follows them.

A cell's text is its paragraphs joined by line breaks, with the ODF rule
for white space: a run of spaces, tabs and line ends in the XML collapses to
one space, while <text:s text:c="n"/>, <text:tab/> and <text:line-break/>
stand for the spaces, tabs and breaks meant. (LibreOffice writes a lone
space at the start of a paragraph as it is, and reads it back: so does this
reader.) The writer protects every space a reader could collapse or drop,
so an export re-imports exactly.
"""

import datetime
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from lxml import etree

from conclusions.spreadsheets.formula_escaping import escape_text
from conclusions.spreadsheets.limits import (
    UNSTORABLE_CHARACTERS,
    ByteBudget,
    CappedStream,
    Limits,
    SpreadsheetError,
    cell_position,
    cell_too_long,
    checked_records,
    too_many_columns,
    unstorable_character,
)

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")
PARAGRAPHS = (f"{TEXT}p", f"{TEXT}h")
# Inside a paragraph: notes and comments are not the cell's text.
SKIPPED = frozenset({f"{OFFICE}annotation", f"{TEXT}note", f"{TEXT}ruby-text"})
NUMBER_TYPES = frozenset({"float", "percentage", "currency"})
WHITE_SPACE = re.compile(r"[ \t\r\n]+")
INVALID_CHARACTER = re.compile(r"(?:xmlChar value|Char value|Char) (0x[0-9A-Fa-f]+|\d+)")
DURATION = re.compile(r"^PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S$")


# Reading


def read_ods(archive: zipfile.ZipFile, limits: Limits, *, not_valid) -> tuple[list, list]:
    """The header cells and data records of the first sheet, as `checked_records` gives them."""
    try:
        member = archive.open("content.xml")
    except KeyError as error:
        raise not_valid() from error
    with member:
        stream = CappedStream(member, ByteBudget(limits.uncompressed_bytes))
        try:
            return checked_records(sheet_rows(stream, limits), limits)
        except etree.XMLSyntaxError as error:
            if "huge" in str(error).lower():  # lxml's refusal of a text node over 10 MB
                raise cell_too_long(_("A cell"), limits.cell_characters) from error
            raise not_valid() from error
        except ValueError as error:  # a repeat count or a value that is not a number
            if isinstance(error, SpreadsheetError):
                raise
            raise not_valid() from error


def sheet_rows(stream, limits: Limits) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the first table's non-empty rows, cell by cell as the XML streams in."""
    events = etree.iterparse(
        stream,
        events=("end",),
        tag=(*CELLS, *PARAGRAPHS, f"{TABLE}table-row", f"{TABLE}table"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    number = 0  # the last row read
    header = None
    cells: list = []
    blanks = 0  # empty cells seen since the last value: written only if a value follows
    paragraphs: list[str] = []
    length = 0
    try:
        for _event, element in events:
            tag = element.tag
            if tag in PARAGRAPHS:
                parent = element.getparent()
                if parent is None or parent.tag not in CELLS:
                    continue  # a comment's paragraph, or one in a shape: dealt with by its owner
                paragraphs.append(paragraph_text(element))
                length += len(paragraphs[-1]) + 1
                if length > limits.cell_characters + 1:
                    column = len(cells) + blanks + 1
                    raise cell_too_long(cell_position(number + 1, column, None), limits.cell_characters)
                forget(element)
            elif tag in CELLS:
                value = cell_value(element, paragraphs)
                paragraphs, length = [], 0
                repeat = int(element.get(f"{TABLE}number-columns-repeated", "1"))
                if value is None:
                    blanks += repeat
                else:
                    if len(cells) + blanks + repeat > limits.columns:
                        raise too_many_columns(number + 1, limits.columns)
                    cells += [None] * blanks + [value] * repeat
                    blanks = 0
                forget(element)
            elif tag == f"{TABLE}table-row":
                repeat = int(element.get(f"{TABLE}number-rows-repeated", "1"))
                if cells:
                    header = header or cells
                    for _copy in range(repeat):
                        number += 1
                        yield number, list(cells)
                else:
                    number += repeat  # empty rows only move the count on
                cells, blanks = [], 0
                forget(element)
            else:  # the first table has ended: the other sheets are not read
                return
    except etree.XMLSyntaxError as error:
        character = invalid_character(error)
        if character is None:
            raise
        # XML cannot hold it at all; name the cell the parser stopped in, as the other formats do.
        position = cell_position(number + 1, len(cells) + blanks + 1, header)
        raise unstorable_character(position, character) from error


def invalid_character(error: etree.XMLSyntaxError) -> str | None:
    """The character that made libxml2 stop, from its message ("invalid xmlChar value 0"), if that was why."""
    match = INVALID_CHARACTER.search(str(error))
    if match is None:
        return None
    code = int(match[1], 16) if match[1].startswith("0x") else int(match[1])
    return chr(code) if code <= 0x10FFFF else None


def forget(element) -> None:
    """Free a parsed element and the siblings before it, so the streamed document never builds up."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def cell_value(element, paragraphs: list[str]):
    """A cell as str, int, float, bool or None, as the XLSX reader gives them; dates as ISO text."""
    value_type = element.get(f"{OFFICE}value-type")
    if value_type in NUMBER_TYPES:
        return number_value(element.get(f"{OFFICE}value", ""))
    if value_type == "boolean":
        return element.get(f"{OFFICE}boolean-value") == "true"
    if value_type == "date":
        value = element.get(f"{OFFICE}date-value", "")
        return value.removesuffix("T00:00:00")  # a date typed in a spreadsheet
    if value_type == "time":
        value = element.get(f"{OFFICE}time-value", "")
        match = DURATION.match(value)
        if match and int(match[1]) < 24:
            return datetime.time(int(match[1]), int(match[2]), int(float(match[3]))).isoformat()
        return value
    text = "\n".join(paragraphs) if paragraphs else element.get(f"{OFFICE}string-value")
    return text or None


def number_value(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def paragraph_text(paragraph) -> str:
    """The text of a <text:p>, white space handled as ODF says."""
    parts: list[str] = []
    # Whether the last character out is a space that the next one collapses into.
    state = {"after_space": False}

    def literal(text: str | None) -> None:
        if not text:
            return
        text = WHITE_SPACE.sub(" ", text)
        if state["after_space"] and text.startswith(" "):
            text = text[1:]
        if text:
            parts.append(text)
            state["after_space"] = text.endswith(" ")

    def protected(text: str) -> None:
        parts.append(text)
        state["after_space"] = False

    def walk(element) -> None:
        literal(element.text)
        for child in element:
            tag = child.tag
            if tag == f"{TEXT}s":
                protected(" " * int(child.get(f"{TEXT}c", "1")))
            elif tag == f"{TEXT}tab":
                protected("\t")
            elif tag == f"{TEXT}line-break":
                protected("\n")
            elif tag not in SKIPPED and isinstance(tag, str):
                walk(child)
            literal(child.tail)

    walk(paragraph)
    return "".join(parts)


# Writing

MANIFEST = (
    b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="%s"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
    % ODS_MIMETYPE
)

CONTENT_START = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">\
<office:automatic-styles><style:style style:name="header" style:family="table-cell">\
<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>\
<office:body><office:spreadsheet><table:table table:name="%s">"""
CONTENT_END = "</table:table></office:spreadsheet></office:body></office:document-content>"
ROWS_PER_WRITE = 2000
# A space run at either end of a piece of text, or two spaces or more inside it.
SPACE_RUN = re.compile(r"^ +| +$| {2,}")


def write_ods(header: Sequence[str], rows: Iterable[Sequence], stream: BinaryIO, *, sheet: str = "Conclusions") -> int:
    """Write a one-sheet ODS file, header bold; return the number of data rows.

    Texts are string cells (never formulas) escaped like CSV and XLSX cells;
    characters XML cannot hold are left out, as in XLSX. The sheet is written
    into the zip as it is made, so memory stays flat however many rows.
    """
    count = 0
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # The first member, stored uncompressed, is how programs recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        with archive.open("content.xml", "w", force_zip64=True) as content:
            content.write((CONTENT_START % escape(sheet, {'"': "&quot;"})).encode())
            content.write(row_xml(header, style="header").encode())
            chunk = []
            for row in rows:
                chunk.append(row_xml(row))
                count += 1
                if len(chunk) == ROWS_PER_WRITE:
                    content.write("".join(chunk).encode())
                    chunk = []
            content.write(("".join(chunk) + CONTENT_END).encode())
    return count


def row_xml(row: Sequence, *, style: str | None = None) -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return "<table:table-row>" + "".join(cell_xml(value, styled) for value in row) + "</table:table-row>"


def cell_xml(value, styled: str = "") -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell{styled} office:value-type="boolean" office:boolean-value="{flag}"/>'
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{styled} office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value!r}</text:p></table:table-cell>"
        )
    text = escape_text(UNSTORABLE_CHARACTERS.sub("", str(value)))
    paragraphs = "".join(f"<text:p>{paragraph_xml(line)}</text:p>" for line in re.split(r"\r\n|\r|\n", text))
    return f'<table:table-cell{styled} office:value-type="string">{paragraphs}</table:table-cell>'


def paragraph_xml(line: str) -> str:
    """One line as <text:p> content: tabs as <text:tab/>, and spaces a reader would collapse as <text:s/>."""
    return "<text:tab/>".join(SPACE_RUN.sub(spaces_xml, escape(piece)) for piece in line.split("\t"))


def spaces_xml(match: re.Match) -> str:
    run = len(match.group())
    at_an_end = match.start() == 0 or match.end() == len(match.string)
    protected = run if at_an_end else run - 1
    element = "<text:s/>" if protected == 1 else f'<text:s text:c="{protected}"/>'
    return element if at_an_end else " " + element
