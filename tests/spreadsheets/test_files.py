"""Reading spreadsheet files as programs really write them: CSV encodings and delimiters, XLSX, JSON."""

import csv
import datetime
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conclusions.spreadsheets.files import (
    DEFAULT_MAX_BYTES,
    SpreadsheetError,
    max_upload_bytes,
    read_table,
    read_table_from_file,
)

HEADERS = ["meeting", "number", "text_zh_hans", "text_ar", "text_fr", "themes"]

ZH_10 = (
    "认识到需要积极吸引年轻人，并使他们成为为社会和国家政治和经济发展做出建设性贡献的合作伙伴。"
    "在这方面，承认安全理事会第 2250（2015）号决议的贡献。"
)
ZH_11 = "还指出了性别平等的重要性，以及确保妇女参与复原力建设和暴力极端主义预防的必要性。"
AR_10 = "يدرك الحاجة إلى إشراك الشباب بفعالية، وجعلهم شركاء يقدّمون مساهمة بنّاءة في التنمية السياسية والاقتصادية."
AR_11 = "ويشير أيضاً إلى أهمية المساواة بين الجنسين وضرورة ضمان مشاركة المرأة في بناء القدرة على الصمود."
FR_10 = "Reconnaît la nécessité d’associer activement les jeunes ; voir la résolution 2250 (2015) du Conseil."
# One cell over two lines, with both delimiters and doubled quotes: what a quoted CSV cell is for.
FR_11 = (
    'Note l’importance de l’égalité des sexes, de la « participation » des femmes ; et du mot "résilience".\nSuite.'
)

ROWS = [
    ["geneva-2016", "10", ZH_10, AR_10, FR_10, "youth"],
    ["geneva-2016", "11", ZH_11, AR_11, FR_11, "gender, women"],
]


def csv_text(delimiter=",", line_end="\r\n", rows=ROWS):
    """The rows as Excel and LibreOffice write them: minimal quoting, doubled quotes, the given line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue()


# CSV: encodings and delimiters


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        pytest.param(csv_text().encode("utf-8-sig"), "UTF-8 with BOM", ",", id="excel-csv-utf8"),
        pytest.param(csv_text(line_end="\n").encode(), "UTF-8", ",", id="utf8-lf"),
        pytest.param(csv_text(";").encode(), "UTF-8", ";", id="utf8-semicolon-crlf"),
        pytest.param(csv_text("\t").encode(), "UTF-8", "\t", id="utf8-tab"),
        pytest.param(csv_text(line_end="\r").encode(), "UTF-8", ",", id="utf8-cr"),
        pytest.param("\ufeff".encode("utf-16-le") + csv_text("\t").encode("utf-16-le"), "UTF-16", "\t", id="utf16le"),
        pytest.param("\ufeff".encode("utf-16-be") + csv_text("\t").encode("utf-16-be"), "UTF-16", "\t", id="utf16be"),
        pytest.param(csv_text(";").encode("gb18030"), "GB18030", ";", id="gb18030-semicolon"),
        pytest.param(csv_text("\t").encode("utf-8-sig"), "UTF-8 with BOM", "\t", id="utf8-bom-tab"),
    ],
)
def test_csv_encodings_and_delimiters(data, encoding, delimiter):
    table = read_table(data, filename="conclusions.csv")
    assert (table.format, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.headers == HEADERS
    assert table.rows == ROWS
    assert table.row_numbers == [2, 3]


def test_utf16_file_is_what_python_writes_as_utf16():
    """Python's own "utf-16" codec writes a BOM and the machine's byte order, as Excel does."""
    table = read_table(csv_text("\t").encode("utf-16"), filename="Unicode text.txt")
    assert (table.encoding, table.delimiter) == ("UTF-16", "\t")
    assert table.rows[1][2:4] == [ZH_11, AR_11]


def test_chinese_and_arabic_text_comes_back_exactly(tmp_path):
    path = tmp_path / "conclusions.csv"
    path.write_bytes(csv_text(";").encode("gb18030"))
    with path.open("rb") as file:
        table = read_table_from_file(file, filename=path.name)
    by_number = {row[1]: row for row in table.rows}
    assert by_number["10"][2] == ZH_10
    assert by_number["10"][3] == AR_10
    assert by_number["11"][2].encode("utf-8") == ZH_11.encode("utf-8")
    assert by_number["11"][3].encode("utf-8") == AR_11.encode("utf-8")


def test_quoted_multiline_cell_keeps_its_text_and_row_numbers_count_records():
    rows = [
        ["geneva-2016", "1", "第一行\r\n第二行", "سطر\rسطر", 'A; "B", C\nD', ""],
        ["geneva-2016", "2", "二", "٢", "deux", "youth"],
    ]
    data = csv_text(";", rows=rows).encode("utf-8-sig")
    assert data.count(b"\r\n") == 4  # three records, and one line break inside a cell

    table = read_table(data, filename="conclusions.csv")
    assert table.rows[0][2:5] == ["第一行\n第二行", "سطر\nسطر", 'A; "B", C\nD']
    assert table.rows[1] == rows[1]
    # The second data record starts on line 5 of the file, but is row 3 in a spreadsheet.
    assert table.row_numbers == [2, 3]


def test_delimiter_is_the_most_frequent_outside_quotes():
    data = b'"meeting;slug","a;b;c",number\r\nx,y,1\r\n'
    table = read_table(data, filename="a.csv")
    assert table.delimiter == ","
    assert table.headers == ["meeting;slug", "a;b;c", "number"]


def test_delimiter_ties_prefer_comma_then_semicolon():
    assert read_table(b"a,b;c\r\n1,2;3\r\n", filename="a.csv").delimiter == ","
    assert read_table(b"a;b\tc\r\n1;2\t3\r\n", filename="a.csv").delimiter == ";"


def test_header_without_delimiter_is_a_single_column():
    table = read_table("text_zh_hans\n联合国\n瑞士政府\n".encode(), filename="a.txt")
    assert (table.headers, table.rows, table.delimiter) == (["text_zh_hans"], [["联合国"], ["瑞士政府"]], ",")


def test_tsv_extension_and_uppercase_extension_are_csv():
    assert read_table(csv_text("\t").encode(), filename="export.TSV").rows == ROWS
    assert read_table(csv_text().encode(), filename="EXPORT.CSV").rows == ROWS


def test_empty_rows_are_skipped_and_row_numbers_stay_true_to_the_file():
    data = "meeting;number;text_fr\r\n;;\r\ngeneva-2016;1;Un\r\n\r\n  ; ;\r\ngeneva-2016;2;Deux\r\n;;\r\n;;\r\n"
    table = read_table(data.encode(), filename="a.csv")
    assert table.rows == [["geneva-2016", "1", "Un"], ["geneva-2016", "2", "Deux"]]
    assert table.row_numbers == [3, 6]


def test_short_rows_are_padded_and_trailing_empty_columns_dropped():
    # Excel writes empty trailing cells as delimiters, and LibreOffice keeps a column's width.
    data = " meeting ;number;text_fr;;\r\ngeneva-2016;1;;;\r\ngeneva-2016\r\n"
    table = read_table(data.encode("utf-8-sig"), filename="a.csv")
    assert table.headers == ["meeting", "number", "text_fr"]
    assert table.rows == [["geneva-2016", "1", ""], ["geneva-2016", "", ""]]


def test_cell_text_is_not_stripped():
    table = read_table(b"meeting,text_fr\r\ngeneva-2016, Avec espace \r\n", filename="a.csv")
    assert table.rows == [["geneva-2016", " Avec espace "]]


# XLSX


def xlsx_bytes(rows, *, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Conclusions"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Notes").append(["not read"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_ROWS = [["geneva-2016", int(row[1]), *row[2:]] for row in ROWS]


def test_xlsx_keeps_numbers_as_numbers_and_text_exactly(tmp_path):
    path = tmp_path / "conclusions.xlsx"
    path.write_bytes(xlsx_bytes(XLSX_ROWS))
    with path.open("rb") as file:
        table = read_table_from_file(file, filename=path.name)
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.headers == HEADERS
    assert table.rows == XLSX_ROWS
    assert isinstance(table.rows[0][1], int)
    assert table.rows[1][2] == ZH_11
    assert table.rows[1][3] == AR_11
    assert table.rows[1][4] == FR_11  # the line break inside the cell too
    assert table.row_numbers == [2, 3]


def test_xlsx_values_dates_empty_rows_and_trailing_rows():
    rows = [
        ["geneva-2016", 1, "一", 1.5, True, datetime.date(2016, 4, 7)],
        [None, None, None, None, None, None],
        ["geneva-2016", 2, None, None, False, datetime.datetime(2016, 4, 8, 9, 30)],
        [],
        ["", "  ", None],
    ]
    table = read_table(xlsx_bytes(rows), filename="export.xlsx")
    assert table.rows == [
        ["geneva-2016", 1, "一", 1.5, True, "2016-04-07"],
        ["geneva-2016", 2, None, None, False, "2016-04-08T09:30:00"],
    ]
    assert table.row_numbers == [2, 4]


def test_xlsx_formula_gives_its_cached_value_not_the_formula():
    # openpyxl writes no cached value, so the cell reads as empty; a spreadsheet program would store "3".
    table = read_table(xlsx_bytes([["geneva-2016", "=1+2", "一", "", "", ""]]), filename="a.xlsx")
    assert table.rows[0][1] is None


def test_xlsx_is_recognised_by_content_when_the_name_says_nothing():
    assert read_table(xlsx_bytes(XLSX_ROWS), filename="download").rows == XLSX_ROWS
    assert read_table(xlsx_bytes(XLSX_ROWS), filename="conclusions.dat").format == "xlsx"
    assert read_table(xlsx_bytes(XLSX_ROWS), filename="CONCLUSIONS.XLSX").format == "xlsx"


def test_uploaded_file_is_read_with_its_size():
    upload = SimpleUploadedFile("conclusions.xlsx", xlsx_bytes(XLSX_ROWS))
    table = read_table_from_file(upload, filename=upload.name, size=upload.size)
    assert table.rows == XLSX_ROWS


# JSON


JSON_ITEMS = [
    {"meeting": "geneva-2016", "number": 10, "text_zh_hans": ZH_10, "text_ar": AR_10, "themes": ["youth"]},
    {"meeting": "geneva-2016", "number": 11, "text_fr": FR_11, "themes": ["gender", "women"], "published": True},
]


def test_json_list_of_objects():
    data = json.dumps(JSON_ITEMS, ensure_ascii=False, indent=2).encode()
    table = read_table(data, filename="conclusions.json")
    assert (table.format, table.encoding, table.delimiter) == ("json", None, None)
    assert table.headers == ["meeting", "number", "text_zh_hans", "text_ar", "themes", "text_fr", "published"]
    assert table.rows == [
        ["geneva-2016", 10, ZH_10, AR_10, "youth", None, None],
        ["geneva-2016", 11, None, None, "gender, women", FR_11, True],
    ]
    assert table.row_numbers == [2, 3]


def test_json_with_bom_and_escaped_text_is_recognised_without_extension():
    data = "\ufeff" + json.dumps(JSON_ITEMS)  # ensure_ascii: \u escapes
    table = read_table(data.encode(), filename="conclusions")
    assert table.rows[0][2] == ZH_10


# Files that cannot be read


def error_message(data, filename):
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, filename=filename)
    return str(caught.value)


@pytest.mark.parametrize("filename", ["a.csv", "a.xlsx", "a.json", "a.txt"])
@pytest.mark.parametrize("data", [b"", b"  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\xff\xfe"])
def test_empty_file(data, filename):
    assert error_message(data, filename) == "The file is empty."


def test_csv_of_empty_cells_only_is_empty():
    assert error_message(b";;;\r\n;;;\r\n", "a.csv") == "The file is empty."


@pytest.mark.parametrize("data", [b"[]", b"[{}, {}]"])
def test_json_without_keys_is_empty(data):
    assert error_message(data, "a.json") == "The file is empty."


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (csv_text(rows=[]).encode("utf-8-sig"), "a.csv"),
        (csv_text(";", rows=[["", "", ""], [" ", "\t"]]).encode(), "a.csv"),
        (xlsx_bytes([]), "a.xlsx"),
        (xlsx_bytes([[None, ""]]), "a.xlsx"),
        (b'[{"meeting": null, "text_fr": ""}]', "a.json"),
    ],
)
def test_header_without_data_rows(data, filename):
    assert error_message(data, filename) == "The file has a header row but no data rows."


def test_unsupported_extension_names_it():
    # An OpenDocument text is a zip file with a mimetype, like an ODS file, but not a spreadsheet.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    message = error_message(out.getvalue(), "Conclusions.odt")
    assert message == "Unsupported file type “.odt”: upload a CSV, XLSX, ODS or JSON file."
    assert error_message(b"meeting,number\r\n", "notes.docx") == (
        "Unsupported file type “.docx”: upload a CSV, XLSX, ODS or JSON file."
    )


def test_file_without_extension_that_is_not_recognised():
    assert error_message(b"meeting,number\r\n", "conclusions") == (
        "The file “conclusions” has no extension: upload a CSV, XLSX, ODS or JSON file."
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x00\x01\x02 not a zip", id="random-bytes"),
        pytest.param(csv_text().encode(), id="csv-renamed"),
    ],
)
def test_corrupt_xlsx(data):
    message = error_message(data, "conclusions.xlsx")
    assert message.startswith("“conclusions.xlsx” is not a valid XLSX file")


def test_xlsx_with_a_damaged_worksheet():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(XLSX_ROWS))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    assert "is not a valid XLSX file" in error_message(out.getvalue(), "conclusions.xlsx")


def test_invalid_json_gives_line_and_column():
    data = b'[\n  {"meeting": "geneva-2016",\n   "number": 1,,}\n]'
    assert error_message(data, "a.json") == (
        "The file is not valid JSON: Expecting property name enclosed in double quotes at line 3, column 16."
    )


@pytest.mark.parametrize("data", [b'{"rows": [{"meeting": "geneva-2016"}]}', b'"text"', b"42"])
def test_json_not_a_list(data):
    assert error_message(data, "a.json") == "The JSON file must be a list of objects, one per row."


def test_json_list_of_non_objects():
    data = b'[{"meeting": "geneva-2016"}, ["geneva-2016", 2]]'
    assert error_message(data, "a.json") == "Row 3 of the JSON file is not an object."


@pytest.mark.parametrize(
    "value",
    ['{"en": "text"}', "[1, 2]", '[["youth"]]', "NaN", "Infinity", "1e1000000"],
)
def test_json_nested_or_unusable_value_names_row_and_key(value):
    data = f'[{{"meeting": "geneva-2016"}}, {{"meeting": "geneva-2016", "themes": {value}}}]'.encode()
    assert error_message(data, "a.json") == (
        "Row 3: the value of “themes” must be text, a number, true, false, null or a list of texts."
    )


def test_json_that_is_not_utf8():
    assert error_message(json.dumps(JSON_ITEMS).encode("utf-16"), "a.json").startswith("The JSON file is not UTF-8")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"meeting,text\r\ngeneva-2016,\x80\x80\r\n", id="invalid-in-utf8-and-gb18030"),
        pytest.param(b"meeting,text\r\ngeneva-2016,caf\xe9,\xff\r\n", id="latin-1"),
        pytest.param(b"\xef\xbb\xbfmeeting\r\n\xff\r\n", id="bom-then-not-utf8"),
    ],
)
def test_undecodable_bytes(data):
    assert error_message(data, "a.csv") == "The file's text encoding is not recognised: save it as UTF-8 CSV."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(codec):
    """Some Windows programs save "Unicode text" without the mark; the NUL bytes give the byte order."""
    table = read_table(csv_text().encode(codec), filename="a.csv")
    assert table.encoding == "UTF-16"
    assert table.rows == read_table(csv_text().encode("utf-8"), filename="a.csv").rows


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"meeting;number;text_fr; number \r\ngeneva-2016;1;Un;2\r\n", "a.csv"),
        (xlsx_bytes([["geneva-2016", 1]], headers=["meeting", "number", "number"]), "a.xlsx"),
        (b'[{"number": 1, " number": 2}]', "a.json"),
    ],
)
def test_duplicate_header(data, filename):
    assert error_message(data, filename) == "The column “number” appears more than once in the header row."


def test_empty_header_cell_in_the_middle():
    data = b"meeting,,text_fr\r\ngeneva-2016,1,Un\r\n"
    assert error_message(data, "a.csv") == "Column 2 (B) has no header."


def test_data_beyond_the_header_is_refused_not_dropped():
    # An unquoted comma in French text shifts the cells: refuse rather than silently lose text.
    data = b"meeting,number,text_fr\r\ngeneva-2016,1,Un\r\ngeneva-2016,2,Deux, trois\r\n"
    assert error_message(data, "a.csv") == "Column 4 (D) has data but no header (row 3)."


def test_unclosed_quote_is_refused_with_its_line():
    data = b'meeting,text_fr\r\ngeneva-2016,"Un\r\ngeneva-2016,Deux\r\n'
    assert error_message(data, "a.csv") == "The CSV file cannot be read from line 2: unexpected end of data."


def test_text_after_a_closing_quote_is_refused_with_its_line():
    data = b'meeting,text_fr\r\ngeneva-2016,Un\r\ngeneva-2016,"Deux" trois\r\n'
    assert error_message(data, "a.csv") == "The CSV file cannot be read from line 3: ',' expected after '\"'."


# Size limit


class UnreadableFile:
    """A file whose content must not be read."""

    def read(self, *args):
        raise AssertionError("the file was read")

    def seek(self, *args):
        raise AssertionError("the file was measured although its size was given")

    tell = seek


def test_file_over_the_limit_is_refused_without_reading_it():
    with pytest.raises(SpreadsheetError) as caught:
        read_table_from_file(UnreadableFile(), filename="big.csv", size=1001, max_bytes=1000)
    assert str(caught.value).startswith("The file is too large")


def test_file_over_the_default_limit_is_refused_without_reading_it():
    with pytest.raises(SpreadsheetError, match="The file is too large"):
        read_table_from_file(UnreadableFile(), filename="big.xlsx", size=max_upload_bytes() + 1)


def test_file_size_is_measured_by_seeking_when_not_given():
    class MeasuredFile(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the file was read")

    with pytest.raises(SpreadsheetError, match="The file is too large"):
        read_table_from_file(MeasuredFile(b"x" * 101), filename="big.csv", max_bytes=100)


def test_file_at_the_limit_is_read():
    data = csv_text().encode()
    table = read_table_from_file(io.BytesIO(data), filename="a.csv", max_bytes=len(data))
    assert table.rows == ROWS


def test_file_larger_than_its_announced_size_is_refused():
    with pytest.raises(SpreadsheetError, match="The file is too large"):
        read_table_from_file(io.BytesIO(b"x" * 101), filename="a.csv", size=10, max_bytes=100)


def test_limit_comes_from_settings(settings):
    if hasattr(settings, "SPREADSHEET_MAX_UPLOAD_BYTES"):
        del settings.SPREADSHEET_MAX_UPLOAD_BYTES
    assert max_upload_bytes() == DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 50
    assert max_upload_bytes() == 50
    with pytest.raises(SpreadsheetError, match="The file is too large"):
        read_table_from_file(io.BytesIO(csv_text().encode()), filename="a.csv")
