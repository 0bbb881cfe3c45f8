"""OpenDocument spreadsheets: files LibreOffice Calc saves, its repeated empty cells, and the ODF text rules."""

import io
import tracemalloc

import pytest

from conclusions.benchmarks.crafted_files import ods_file, ods_row
from conclusions.spreadsheets.export import write_ods, write_xlsx
from conclusions.spreadsheets.files import SpreadsheetError, read_table
from tests.spreadsheets.spreadsheet_programs import soffice_convert

HEADERS = ["meeting", "number", "text_ar", "text_zh_hans", "text_en", "text_fr", "text_ru", "text_es"]
TEXTS = [
    "يدرك الحاجة إلى إشراك الشباب بفعالية، وجعلهم شركاء.",
    "认识到需要积极吸引年轻人，并使他们成为合作伙伴。",
    "Recognizes the need to engage youth actively.",
    "Reconnaît la nécessité d’associer activement les jeunes ; « partenaires ».",
    "Признает необходимость активного вовлечения молодежи.",
    "Reconoce la necesidad de involucrar activamente a los jóvenes.",
]
# What naive ODF handling loses: spaces at either end and in runs, line breaks, blank lines, tabs.
AWKWARD = [
    "  two leading spaces, two trailing  ",
    "a  b   c    d",
    "first line\nsecond line\n\nafter a blank line",
    " \n \n",
    "tab\tinside and\t\tdoubled",
    "=1+1",
]
ROWS = [
    ["geneva-2016", 1, *TEXTS],
    ["geneva-2016", 2, *AWKWARD],
]


def read(data: bytes, filename: str = "a.ods"):
    return read_table(data, filename=filename)


@pytest.fixture(scope="module")
def libreoffice_ods(tmp_path_factory) -> bytes:
    """ROWS saved by LibreOffice Calc as ODS, from an XLSX workbook (its CSV import drops tabs)."""
    work = tmp_path_factory.mktemp("ods")
    source = work / "source.xlsx"
    with source.open("wb") as stream:
        write_xlsx(HEADERS, ROWS, stream)
    return soffice_convert(source, "ods", work / "ods", work / "profile").read_bytes()


def test_libreoffice_ods_reads_exactly(libreoffice_ods):
    table = read(libreoffice_ods)
    assert table.format == "ods"
    assert table.headers == HEADERS
    # The formula-like text was written escaped, as every export does; the import restores it.
    assert table.rows == [ROWS[0], [*ROWS[1][:-1], "'=1+1"]]
    assert table.row_numbers == [2, 3]


def test_libreoffice_ods_is_recognised_without_its_extension(libreoffice_ods):
    assert read(libreoffice_ods, "conclusions").format == "ods"
    assert read(libreoffice_ods, "renamed.csv").rows[0] == ROWS[0]


def test_project_ods_reads_back_exactly_and_opens_in_libreoffice(tmp_path):
    stream = io.BytesIO()
    assert write_ods(HEADERS, ROWS, stream) == 2
    assert read(stream.getvalue()).rows == [ROWS[0], [*ROWS[1][:-1], "'=1+1"]]
    # LibreOffice opens it, and saves it again with the same texts.
    exported = tmp_path / "export.ods"
    exported.write_bytes(stream.getvalue())
    resaved = soffice_convert(exported, "ods", tmp_path / "resaved", tmp_path / "profile")
    expected = read(stream.getvalue()).rows
    # LibreOffice drops tabs when it opens any ODS file, its own included: the one loss not ours.
    expected[1][6] = expected[1][6].replace("\t", "")
    assert read(resaved.read_bytes()).rows == expected


def test_repeated_empty_cells_and_rows_are_never_materialised():
    """LibreOffice writes empty cells and rows to the sheet's end as one element with a huge repeat count."""
    table = (
        ods_row(["meeting", "number", "text_fr"])
        + '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>geneva-2016</text:p>'
        '</table:table-cell><table:table-cell table:number-columns-repeated="1"/>'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="1"><text:p>Un</text:p>'
        '</table:table-cell><table:table-cell table:number-columns-repeated="16381"/></table:table-row>'
        + '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    tracemalloc.start()
    try:
        result = read(ods_file(table))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.rows == [["geneva-2016", None, "Un"]]
    assert result.row_numbers == [5]
    assert peak < 5 * 1024 * 1024


def test_repeated_values_are_repeated():
    table = (
        ods_row(["a", "b", "c"])
        + '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    result = read(ods_file(table))
    assert result.rows == [["x", "x", "x"], ["x", "x", "x"]]
    assert result.row_numbers == [2, 3]


def test_text_markup_numbers_dates_and_comments():
    cells = (
        '<table:table-cell office:value-type="string">'
        '<text:p>a <text:span>b <text:a xlink:href="#">c</text:a></text:span>'
        '<text:s text:c="3"/>d<text:tab/>e<text:line-break/>f</text:p><text:p>  g   h  </text:p>'
        "<office:annotation><text:p>a comment, not the text</text:p></office:annotation></table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="6"><text:p>6,00</text:p></table:table-cell>'
        '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2016-04-07"><text:p>7/4/16</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2016-04-07T10:30:00"><text:p>x</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p>'
        "</table:table-cell>"
    )
    table = (
        ods_row(["text", "number", "share", "date", "time", "flag"]) + f"<table:table-row>{cells}</table:table-row>"
    )
    assert read(ods_file(table)).rows == [
        ["a b c   d\te\nf\n g h ", 6, 0.5, "2016-04-07", "2016-04-07T10:30:00", True]
    ]


def test_only_the_first_sheet_is_read():
    first = ods_row(["meeting", "number"]) + ods_row(["geneva-2016", 1])
    second = '<table:table table:name="Notes"><table:table-row><table:table-cell/></table:table-row>not xml'
    assert read(ods_file(first, more_tables=second)).rows == [["geneva-2016", 1]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ods_file(ods_row(["meeting", "number"])), "The file has a header row but no data rows."),
        (ods_file(""), "The file is empty."),
        (ods_file(ods_row(["meeting", "number"]) + "<table:table-row><unclosed>"), "is not a valid ODS file"),
        (ods_file(ods_row(["meeting", ""]) + ods_row(["a", "b"])), "Column 2 (B) has data but no header (row 2)."),
    ],
)
def test_unreadable_ods_files(data, message):
    with pytest.raises(SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(data)
