"""Spreadsheet files written by hand, byte by byte: what no program writes, but an upload can hold.

Used by the tests (tests/spreadsheets/test_hostile_files.py) and by
`bench_hostile_files`. The bombs are streamed into their zip as they are
made, so that building a file that unpacks to hundreds of megabytes costs
little memory.
"""

# ruff: noqa: E501 (the package parts hold long namespace URIs, kept one part per line)
import io
import json
import random
import struct
import zipfile
from collections.abc import Iterable

# The package parts an XLSX reader needs, one per line (long lines: the URIs are what they are).
CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_START = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_END = b"</sheetData></worksheet>"
STRINGS_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
STRINGS_END = b"</sst>"


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xlsx_row(cells: Iterable) -> bytes:
    """A worksheet row: numbers as numbers, texts as inline strings (no cell references, as allowed)."""
    xml = []
    for cell in cells:
        if isinstance(cell, int):
            xml.append(f"<c><v>{cell}</v></c>")
        else:
            xml.append(f'<c t="inlineStr"><is><t xml:space="preserve">{xml_text(cell)}</t></is></c>')
    return ("<row>" + "".join(xml) + "</row>").encode()


def xlsx_file(sheet_rows: Iterable[bytes], shared_strings: Iterable[bytes] = ()) -> bytes:
    """An XLSX file whose worksheet and shared strings are streamed from the given pieces of XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(STRINGS_START)
            for piece in shared_strings:
                member.write(piece)
            member.write(STRINGS_END)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(SHEET_START)
            for piece in sheet_rows:
                member.write(piece)
            member.write(SHEET_END)
    return out.getvalue()


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def ods_file(table_xml: Iterable[bytes] | str, *, more_tables: str = "") -> bytes:
    """An ODS file whose first table holds the given rows' XML (streamed, when pieces are given)."""
    pieces = [table_xml.encode()] if isinstance(table_xml, str) else table_xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        with archive.open("content.xml", "w", force_zip64=True) as member:
            member.write(
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
                '<office:body><office:spreadsheet><table:table table:name="Sheet1">'.encode()
            )
            for piece in pieces:
                member.write(piece)
            member.write(
                f"</table:table>{more_tables}</office:spreadsheet></office:body></office:document-content>".encode()
            )
    return out.getvalue()


def ods_row(cells: Iterable) -> str:
    xml = []
    for cell in cells:
        if cell is None:
            xml.append("<table:table-cell/>")
        elif isinstance(cell, int):
            xml.append(
                f'<table:table-cell office:value-type="float" office:value="{cell}">'
                f"<text:p>{cell}</text:p></table:table-cell>"
            )
        else:
            xml.append(f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>')
    return "<table:table-row>" + "".join(xml) + "</table:table-row>"


def password_protected_xlsx() -> bytes:
    """What Excel writes for a workbook with a password: a Compound File holding an encrypted package.

    Only the parts a reader looks at are real: the Compound File signature and
    header, and a directory naming the EncryptionInfo and EncryptedPackage
    streams (as UTF-16 names, like every Compound File directory entry).
    """
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # minor/major version, byte order, sector sizes
    struct.pack_into("<I", header, 48, 1)  # the directory starts at sector 1
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = index * 128
        directory[entry : entry + len(encoded)] = encoded
        struct.pack_into("<HB", directory, entry + 64, len(encoded), 5 if index == 0 else 2)
    return bytes(header) + bytes(512) + bytes(directory) + bytes(range(256)) * 8


def row_bomb() -> bytes:
    """An XLSX worksheet of a million one-cell rows: 65 KB zipped."""

    def rows():
        yield xlsx_row(["meeting", "number"])
        for _ in range(100):
            yield b"<row><c><v>1</v></c></row>" * 10_000

    return xlsx_file(rows())


def cell_bomb() -> bytes:
    """An XLSX file whose one shared text is 400 million characters: 400 KB zipped."""

    def shared_strings():
        yield b"<si><t>"
        megabyte = b"a" * (1 << 20)
        for _ in range(400):
            yield megabyte
        yield b"</t></si>"

    return xlsx_file([xlsx_row(["meeting", "text_fr"]), b'<row><c t="s"><v>0</v></c></row>'], shared_strings())


def cell_count_bomb_xlsx() -> bytes:
    """An XLSX file of 2.1 million cells (14,000 rows of 150), each the same one-letter shared text: 125 KB zipped."""
    header = xlsx_row([f"c{column}" for column in range(150)])
    row = b"<row>" + b'<c t="s"><v>0</v></c>' * 150 + b"</row>"
    return xlsx_file([header, *[row] * 14_000], [b"<si><t>a</t></si>"])


def cell_count_bomb_ods() -> bytes:
    """An ODS file whose one row of 150 cells is repeated 20,000 times (LibreOffice's row runs): 3 million cells."""
    row = ods_row(["a"] * 150).replace("<table:table-row>", '<table:table-row table:number-rows-repeated="20000">')
    return ods_file(ods_row([f"c{column}" for column in range(150)]) + row)


def xlsx_with(rows: list[list]) -> bytes:
    return xlsx_file(xlsx_row(row) for row in rows)


def truncated_xlsx() -> bytes:
    """The first half of a real XLSX file, as an interrupted download leaves it."""
    from conclusions.spreadsheets.export import write_xlsx

    stream = io.BytesIO()
    write_xlsx(["meeting", "number", "text_fr"], [["geneva-2016", 6, "Un"]] * 50, stream)
    return stream.getvalue()[: len(stream.getvalue()) // 2]


def png_named_csv() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(4096)


def json_row(text: str) -> bytes:
    return json.dumps([{"meeting": "geneva-2016", "number": 6, "text_fr": text}]).encode()


# Each hostile or broken file by its name (the extension says what it claims to be).
HOSTILE_FILES = {
    "row-bomb.xlsx": row_bomb,
    "cell-bomb.xlsx": cell_bomb,
    "column-bomb.csv": lambda: b"meeting,number\r\n" + b"x," * 1_000_000 + b"x\r\n",
    "cell-count-bomb.xlsx": cell_count_bomb_xlsx,
    "cell-count-bomb.ods": cell_count_bomb_ods,
    "column-bomb.xlsx": lambda: xlsx_with([["meeting", "number"], list(range(16_384))]),
    "giant-cell.csv": lambda: b'meeting,text_fr\r\ngeneva-2016,"' + b"a" * 9_000_000 + b'"\r\n',
    "nul.csv": lambda: b"meeting,number,text_fr\r\ngeneva-2016,6,Un\x00deux\r\n",
    "nul.xlsx": lambda: xlsx_with([["meeting", "number", "text_fr"], ["geneva-2016", 6, "Un_x0000_deux"]]),
    "nul.json": lambda: json_row("Un\x00deux"),
    "nul.ods": lambda: ods_file(ods_row(["meeting", "number", "text_fr"]) + ods_row(["geneva-2016", 6, "Un&#0;deux"])),
    "control.csv": lambda: b"meeting,number,text_fr\r\ngeneva-2016,6,Un\x0bdeux\r\n",
    "surrogate.json": lambda: json_row("Un\ud800"),
    "blank-header.csv": lambda: b"meeting,,text_fr\r\ngeneva-2016,6,Un\r\n",
    "password.xlsx": password_protected_xlsx,
    "truncated.xlsx": truncated_xlsx,
    "image.csv": png_named_csv,
    "random.csv": lambda: random.Random(2).randbytes(64 * 1024),
}


def long_texts_xlsx() -> bytes:
    """About the most text an admin upload may unpack to (100 MB): 1,000 paragraphs of 99,000 characters."""
    header = xlsx_row(["meeting", "number", "text_fr"])
    return xlsx_file(
        [header, *(xlsx_row(["geneva-2016", number, f"{number} " + "a" * 99_000]) for number in range(1, 1001))]
    )


def many_cells_xlsx() -> bytes:
    """About the most cells an admin upload may hold (300,000): 33,000 new paragraphs in six languages."""
    header = xlsx_row(["meeting", "number", *(f"text_{code}" for code in ("ar", "zh_hans", "en", "fr", "ru", "es"))])
    rows = (
        xlsx_row(["geneva-2016", number, *(f"{number} {code} " + "b" * 150 for code in "abcdef")])
        for number in range(100, 33_100)
    )
    return xlsx_file([header, *rows])


# Files just within the admin's upload limits: the most a person can make a web worker read.
LARGEST_ACCEPTED_FILES = {"long-texts.xlsx": long_texts_xlsx, "many-cells.xlsx": many_cells_xlsx}
