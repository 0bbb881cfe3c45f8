"""Exporting documents to CSV, XLSX, ODS and JSON: every block in order, columns, filters, formula safety, queries."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Conclusion
from conclusions.spreadsheets.export import conclusion_rows, export_columns, write_csv, write_json, write_xlsx
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.formula_escaping import escape_text, restore_text
from tests.real_documents import AWAZA, import_real_document

SUFFIXES = ["ar", "zh_hans", "en", "fr", "ru", "es"]
ALL_COLUMNS = [
    "meeting",
    "part",
    "kind",
    "number",
    "number_suffix",
    "position",
    *(f"label_{suffix}" for suffix in SUFFIXES),
    *(f"text_{suffix}" for suffix in SUFFIXES),
    "themes",
]
ADDRESS = ["meeting", "part", "kind", "number", "number_suffix", "position"]
# Where an export of one language has its position, label and text.
POSITION, LABEL, TEXT = (len(ADDRESS) - 1, len(ADDRESS), len(ADDRESS) + 1)
# Texts a spreadsheet would run as a formula, or read as a number, a percentage, a date or a truth value.
DANGEROUS_TEXTS = [
    "=1+1",
    "+41 22 917 12 34",
    "-2 in the index",
    "@SUM(A1:A2)",
    "\t=1+1",
    "'=quoted",
    "#N/A",
    "1.",
    "(1)",
    "0001",
    "10%",
    "1/2",
    "TRUE",
    "'7",
]


def export(tmp_path, *args: str, name: str = "export.csv") -> tuple[bytes, str]:
    """Run the command into a file; return the file's bytes and what it said on stderr."""
    output = tmp_path / name
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_conclusions", *args, "--output", str(output), stdout=stdout, stderr=stderr)
    return output.read_bytes(), stderr.getvalue()


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> list[tuple]:
    """Every cell of the only sheet, read back with the full (not read-only) reader to see data types."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows())


@pytest.fixture
def dangerous_meeting(make_meeting):
    """A meeting whose English paragraphs each start like a spreadsheet formula."""
    meeting = make_meeting(slug="formulas", conclusions=len(DANGEROUS_TEXTS))
    for conclusion, text in zip(meeting.conclusions.order_by("number"), DANGEROUS_TEXTS, strict=True):
        conclusion.text_en = text
        content_save([conclusion])
    return meeting


# The columns


def test_all_six_languages_in_un_order_by_default():
    assert export_columns(None) == ALL_COLUMNS


def test_chosen_languages_in_the_order_given():
    assert export_columns(["fr", "ar"]) == [*ADDRESS, "label_fr", "label_ar", "text_fr", "text_ar", "themes"]


@pytest.mark.parametrize("languages", [["xx"], ["zh"], ["fr", "fr"], []])
def test_unknown_repeated_or_no_languages_are_refused(languages):
    with pytest.raises(ValueError, match="ar, zh-hans, en, fr, ru, es|more than once"):
        export_columns(languages)


@pytest.mark.parametrize("column", ["text", "label", "id", "meeting_id"])
def test_the_base_text_column_and_ids_cannot_be_exported(db, column):
    with pytest.raises(ValueError, match="Not an export column"):
        list(conclusion_rows(Conclusion.objects.all(), ["meeting", column]))


def test_csv_has_exactly_the_columns(tmp_path, geneva):
    rows = read_csv(export(tmp_path)[0])
    assert rows[0] == ALL_COLUMNS
    assert {len(row) for row in rows} == {len(ALL_COLUMNS)}


def test_languages_option_gives_only_those_label_and_text_columns(tmp_path, geneva):
    rows = read_csv(export(tmp_path, "--languages", "fr,ar")[0])
    assert rows[0] == [*ADDRESS, "label_fr", "label_ar", "text_fr", "text_ar", "themes"]


# The rows


def test_geneva_export_is_its_whole_document_in_order(tmp_path, geneva):
    data, stderr = export(tmp_path, "--meeting", "geneva-2016")
    rows = read_csv(data)[1:]
    stored = geneva.conclusions.order_by("position").values_list("part", "kind", "number", "number_suffix", "position")
    assert [
        (int(part), kind, int(number), suffix, int(position)) for _m, part, kind, number, suffix, position, *_ in rows
    ] == list(stored)
    kinds = [row[2] for row in rows]
    assert kinds == ["heading"] * 11 + ["preamble"] * 5 + ["paragraph"] * 17
    assert stderr.strip() == f"Exported {len(rows)} blocks to {tmp_path / 'export.csv'}."


def test_csv_keeps_the_chinese_original_and_its_labels_exactly(tmp_path, geneva):
    rows = read_csv(export(tmp_path, "--languages", "zh-hans")[0])
    originals = dict(geneva.conclusions.values_list("position", "text_zh_hans"))
    assert {int(row[POSITION]): row[TEXT] for row in rows[1:]} == originals
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    row_6 = next(row for row in rows if row[2:5] == ["paragraph", "6", ""])
    assert (restore_text(row_6[LABEL]), row_6[TEXT]) == ("6.", paragraph_6.text_zh_hans)
    assert row_6[LABEL] == "'6.", "a label a spreadsheet would read as the number 6 is escaped"


def test_csv_lines_end_in_crlf_and_numbers_are_plain_digits(tmp_path, make_meeting):
    make_meeting(slug="short", conclusions=2)
    data = export(tmp_path, "--languages", "en")[0]
    assert data.decode("utf-8-sig").split("\r\n") == [
        "meeting,part,kind,number,number_suffix,position,label_en,text_en,themes",
        "short,1,paragraph,1,,1,,Paragraph 1 text.,",
        "short,1,paragraph,2,,2,,Paragraph 2 text.,",
        "",
    ]


def test_missing_translations_are_empty_cells(db, make_meeting):
    meeting = make_meeting(slug="english-only", conclusions=1)
    assert list(conclusion_rows(meeting.conclusions.all(), export_columns(["en", "fr"]))) == [
        ["english-only", 1, "paragraph", 1, "", 1, "", "", "Paragraph 1 text.", "", ""]
    ]


def test_meeting_option_exports_only_that_meeting(tmp_path, make_meeting):
    make_meeting(slug="alpha", conclusions=2)
    make_meeting(slug="beta", conclusions=3)
    rows = read_csv(export(tmp_path, "--meeting", "beta")[0])[1:]
    assert [(row[0], row[3]) for row in rows] == [("beta", "1"), ("beta", "2"), ("beta", "3")]


def test_rows_are_ordered_by_meeting_slug_then_position(db, make_meeting):
    make_meeting(slug="zurich", conclusions=2)
    accra = make_meeting(slug="accra", conclusions=2)
    # Paragraph 2 of Accra printed before paragraph 1: the document's order, not the numbers'.
    Conclusion.objects.filter(meeting=accra, number=2).update(position=0)
    keys = [(row[0], row[3]) for row in conclusion_rows(Conclusion.objects.all(), export_columns(["en"]))]
    assert keys == [("accra", 2), ("accra", 1), ("zurich", 1), ("zurich", 2)]


def test_a_resolution_with_an_annex_is_exported_part_by_part_with_its_labels(db):
    awaza = import_real_document(AWAZA, slug="awaza")
    rows = list(conclusion_rows(awaza.conclusions.all(), export_columns(["en"])))
    assert len(rows) == awaza.conclusions.count()
    assert [row[POSITION] for row in rows] == sorted(row[POSITION] for row in rows)
    by_address = {tuple(row[1:5]): row for row in rows}
    assert by_address[(1, "paragraph", 1, "")][LABEL : TEXT + 1] == [
        "1.",
        awaza.conclusions.get(part=1, number=1, kind="paragraph").text_en,
    ]
    assert by_address[(2, "part", 1, "")][TEXT] == "Annex"
    assert by_address[(2, "item", 2, "")][LABEL] == "(b)"
    assert by_address[(2, "section", 2, "")][LABEL] == "I."
    assert {row[1] for row in rows} == {1, 2}


def test_themes_are_slugs_in_position_then_slug_order(tmp_path, make_meeting, make_theme):
    themes = [make_theme("youth", position=3), make_theme("education", position=1), make_theme("dialogue", position=3)]
    make_meeting(slug="themed", conclusions=1, themes=themes)
    rows = read_csv(export(tmp_path, "--languages", "en")[0])
    assert rows[1][-1] == "education, dialogue, youth"


# Formulas


def test_csv_escapes_every_formula_start_reversibly(tmp_path, dangerous_meeting):
    rows = read_csv(export(tmp_path, "--languages", "en")[0])[1:]
    cells = [row[TEXT] for row in rows]
    assert cells == [escape_text(text) for text in DANGEROUS_TEXTS]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert [restore_text(cell) for cell in cells] == DANGEROUS_TEXTS


def test_xlsx_has_no_formula_cells_and_numbers_are_numbers(tmp_path, dangerous_meeting):
    rows = read_xlsx(export(tmp_path, "--languages", "en", "--format", "xlsx", name="export.xlsx")[0])
    assert [cell.value for cell in rows[0]] == [*ADDRESS, "label_en", "text_en", "themes"]
    assert [cell.data_type for row in rows for cell in row if cell.data_type == "f"] == []
    assert [row[3].value for row in rows[1:]] == list(range(1, len(DANGEROUS_TEXTS) + 1))
    assert all(type(row[column].value) is int for row in rows[1:] for column in (1, 3, POSITION))
    cells = [row[TEXT].value for row in rows[1:]]
    assert cells == [escape_text(text) for text in DANGEROUS_TEXTS]
    assert [restore_text(cell) for cell in cells] == DANGEROUS_TEXTS


def test_xlsx_text_cells_are_strings_even_unescaped():
    """The string type alone keeps "=" out of formulas, should a text ever bypass escaping."""
    stream = io.BytesIO()
    write_xlsx(["meeting", "number", "text_en"], [["m", 1, "=1+1"], ["m", 2, "#N/A"]], stream)
    rows = read_xlsx(stream.getvalue())
    assert [(cell.value, cell.data_type) for cell in (rows[1][2], rows[2][2])] == [("'=1+1", "s"), ("#N/A", "s")]


def test_xlsx_leaves_out_control_characters_it_cannot_hold():
    stream = io.BytesIO()
    write_xlsx(["text_en"], [["a\x0bb\x0cc\td"], ["\x0b=1+1"]], stream)
    assert [row[0].value for row in read_xlsx(stream.getvalue())[1:]] == ["abc\td", "'=1+1"]


def test_xlsx_keeps_the_chinese_original_exactly(tmp_path, geneva):
    rows = read_xlsx(export(tmp_path, "--languages", "zh-hans", name="export.xlsx")[0])
    originals = dict(geneva.conclusions.values_list("position", "text_zh_hans"))
    assert {row[POSITION].value: row[TEXT].value for row in rows[1:]} == originals


# JSON


def test_json_is_a_list_of_objects_with_theme_lists(tmp_path, geneva):
    data = export(tmp_path, "--meeting", "geneva-2016", "--format", "json", name="export.json")[0]
    records = json.loads(data.decode("utf-8"))
    assert len(records) == geneva.conclusions.count()
    assert list(records[0]) == ALL_COLUMNS
    assert all(isinstance(record["themes"], list) for record in records)
    assert all(isinstance(record[column], int) for record in records for column in ("part", "number", "position"))
    first = geneva.conclusions.get(kind="paragraph", number=1)
    [record] = [record for record in records if (record["kind"], record["number"]) == ("paragraph", 1)]
    assert (record["label_zh_hans"], record["text_zh_hans"]) == ("1.", first.text_zh_hans), "as stored, unescaped"
    assert record["themes"] == list(first.themes.order_by("position", "slug").values_list("slug", flat=True))
    assert "暴力极端主义".encode() in data  # not \u escapes


def test_json_texts_are_not_escaped(tmp_path, dangerous_meeting):
    records = json.loads(export(tmp_path, "--languages", "en", name="export.json")[0])
    assert [record["text_en"] for record in records] == DANGEROUS_TEXTS
    assert records[0]["themes"] == []


def test_writers_accept_no_rows():
    for writer in (write_csv, write_json, write_xlsx):
        assert writer(["meeting"], [], io.BytesIO()) == 0
    stream = io.BytesIO()
    write_json(["meeting"], [], stream)
    assert json.loads(stream.getvalue()) == []


# Speed


def count_queries(meeting) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = list(conclusion_rows(meeting.conclusions.all(), export_columns(None), chunk_size=100))
    assert len(rows) == meeting.conclusions.count()
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_conclusions(make_meeting, make_theme):
    themes = [make_theme("education", position=1), make_theme("youth", position=2)]
    few = count_queries(make_meeting(slug="few", conclusions=3, themes=themes))
    many = count_queries(make_meeting(slug="many", conclusions=60, themes=themes))
    assert few == many == 2  # the conclusions, and their themes


def test_themes_are_fetched_once_per_chunk(make_meeting, make_theme):
    meeting = make_meeting(slug="chunked", conclusions=5, themes=[make_theme("youth")])
    with CaptureQueriesContext(connection) as queries:
        rows = list(conclusion_rows(meeting.conclusions.all(), export_columns(["en"]), chunk_size=2))
    assert [row[-1] for row in rows] == ["youth"] * 5
    assert len(queries) == 1 + 3  # 5 conclusions in chunks of 2, 2, 1


# The command


def test_standard_output_by_default(make_meeting):
    make_meeting(slug="piped", conclusions=1)
    stdout = io.StringIO()
    call_command("export_conclusions", "--languages", "en", stdout=stdout, stderr=io.StringIO())
    assert stdout.getvalue() == (
        "\ufeffmeeting,part,kind,number,number_suffix,position,label_en,text_en,themes\r\n"
        "piped,1,paragraph,1,,1,,Paragraph 1 text.,\r\n"
    )


def test_format_is_inferred_from_the_output_extension(tmp_path, make_meeting):
    make_meeting(slug="inferred", conclusions=1)
    assert json.loads(export(tmp_path, name="export.json")[0])[0]["meeting"] == "inferred"
    assert export(tmp_path, name="export.xlsx")[0].startswith(b"PK")  # a zip
    assert export(tmp_path, "--format", "csv", name="export.json")[0].startswith(b"\xef\xbb\xbfmeeting,")


def test_quiet_with_verbosity_zero(tmp_path, make_meeting):
    make_meeting(slug="quiet", conclusions=1)
    assert export(tmp_path, "--verbosity", "0")[1] == ""


def test_unknown_meeting_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="No meeting with the slug “nowhere”."):
        export(tmp_path, "--meeting", "nowhere")
    assert not (tmp_path / "export.csv").exists()


def test_unknown_language_is_refused_with_the_valid_codes(tmp_path, db):
    with pytest.raises(CommandError, match="xx.*ar, zh-hans, en, fr, ru, es"):
        export(tmp_path, "--languages", "fr,xx")


@pytest.mark.parametrize("export_format", ["xlsx", "ods"])
def test_zip_formats_to_standard_output_are_refused(db, export_format):
    with pytest.raises(CommandError, match=f"{export_format.upper()} is binary: give --output FILE"):
        call_command("export_conclusions", "--format", export_format, stdout=io.StringIO())


def test_ods_export_reads_back_exactly(tmp_path, dangerous_meeting):
    data = export(tmp_path, "--languages", "en", name="export.ods")[0]
    assert data[30:38] == b"mimetype" and b"application/vnd.oasis.opendocument.spreadsheet" in data[:100]
    table = read_table(data, filename="export.ods")
    assert [restore_text(row[TEXT]) for row in table.rows] == DANGEROUS_TEXTS
    # Stored as text, escaped like XLSX, never as a formula.
    assert b"table:formula" not in zipfile.ZipFile(io.BytesIO(data)).read("content.xml")


def test_missing_output_directory_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="does not exist"):
        export(tmp_path / "missing")
