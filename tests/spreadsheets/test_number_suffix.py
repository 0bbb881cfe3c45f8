"""Paragraph "17 bis" in spreadsheets: its suffix is a column of its address, exported, read back and checked.

The files are the project's own exports and the same files saved again by
LibreOffice (headless `soffice`), as a translator or an editor saves them.
"""

import csv
import io
from pathlib import Path

import pytest

from conclusions.content import content_delete, content_save
from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets.conclusion_apply import ImportUndoError, undo_conclusion_import
from conclusions.spreadsheets.export import export_columns, write_csv
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.formats import read_dataset
from conclusions.spreadsheets.formula_escaping import restore_text
from conclusions.spreadsheets.resources import ConclusionResource
from conclusions.spreadsheets.widgets import NumberSuffixWidget
from tests.spreadsheets.amended_document import FRENCH_17_BIS, make_document_with_17_bis, paragraph
from tests.spreadsheets.spreadsheet_programs import confirm_preview, soffice_convert, upload

# The document's blocks in order, by their address in files: kind, number, number suffix.
ADDRESSES = [
    ("heading", 1, ""),
    ("paragraph", 16, ""),
    ("paragraph", 17, ""),
    ("paragraph", 17, "bis"),
    ("paragraph", 18, ""),
]


@pytest.fixture
def oslo(make_meeting):
    return make_document_with_17_bis(make_meeting)


@pytest.fixture(scope="module")
def libreoffice_profile(tmp_path_factory) -> Path:
    """One LibreOffice profile for the module: its first start is the slow one."""
    return tmp_path_factory.mktemp("libreoffice") / "profile"


def exported(meeting, export_format: str) -> bytes:
    stream = io.BytesIO()
    ConclusionResource().write_file(export_format, meeting.conclusions.all(), export_columns(None), stream)
    return stream.getvalue()


def csv_file(header: list[str], *rows: list) -> bytes:
    """A CSV as the project's export writes it (UTF-8 with a byte order mark, texts escaped against formulas)."""
    stream = io.BytesIO()
    write_csv(header, rows, stream)
    return stream.getvalue()


def saved_by_libreoffice(data: bytes, work: Path, profile: Path, target: str = "xlsx") -> bytes:
    """The CSV opened in LibreOffice and saved in its XLSX or ODS format."""
    source = work / "oslo.csv"
    source.write_bytes(data)
    return soffice_convert(source, target, work / target, profile).read_bytes()


def imported(data: bytes, name: str, **options):
    return ConclusionResource().import_data(read_dataset(io.BytesIO(data), filename=name), file_name=name, **options)


def problems(result) -> list[str]:
    return [str(problem) for problem in result.plan.problems]


def document(meeting) -> list[tuple]:
    """Every block as stored, in order: address, position, labels and texts in every language."""
    columns = [column for column in export_columns(None) if column not in ("meeting", "themes")]
    return list(meeting.conclusions.order_by("position").values_list("pk", *columns))


# Export


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "ods", "json"])
def test_the_suffix_is_exported_right_after_the_number(oslo, export_format):
    table = read_table(exported(oslo, export_format), filename=f"oslo.{export_format}")
    assert table.headers[:6] == ["meeting", "part", "kind", "number", "number_suffix", "position"]
    # Empty for every block but 17 bis (an XLSX or ODS empty cell reads back as None).
    assert [(kind, int(number), suffix or "") for _slug, _part, kind, number, suffix, *_ in table.rows] == ADDRESSES
    [row] = [row for row in table.rows if row[4] == "bis"]
    assert restore_text(row[table.headers.index("label_en")]) == "17 bis."


def test_the_csv_row_of_17_bis_reads_as_a_person_sees_it(oslo):
    rows = list(csv.reader(io.StringIO(exported(oslo, "csv").decode("utf-8-sig"), newline="")))
    assert [row[:6] for row in rows[3:5]] == [
        ["oslo", "1", "paragraph", "17", "", "3"],
        ["oslo", "1", "paragraph", "17", "bis", "4"],
    ]


# Round trips


@pytest.mark.parametrize("saved_as", ["csv", "xlsx", "libreoffice.xlsx", "libreoffice.ods"])
def test_an_export_reimported_changes_nothing(oslo, tmp_path, libreoffice_profile, saved_as):
    before = document(oslo)
    if saved_as.startswith("libreoffice."):
        target = saved_as.split(".")[1]
        data = saved_by_libreoffice(exported(oslo, "csv"), tmp_path, libreoffice_profile, target)
    else:
        data = exported(oslo, saved_as)
    result = imported(data, f"oslo.{saved_as}")
    assert problems(result) == []
    assert result.totals["skip"] == len(ADDRESSES) and result.spreadsheet_import is None
    assert document(oslo) == before


def test_the_blocks_of_an_export_come_back_with_their_suffix_after_being_deleted(oslo, editor):
    """The bulk insert writes the suffix: 17 and 17 bis are two paragraphs again, and undo removes both."""
    data = exported(oslo, "xlsx")
    # Without ids; an empty translation may be stored as None or "", which is the same empty cell.
    before = [tuple(value or "" for value in row[1:]) for row in document(oslo)]
    content_delete(oslo.conclusions.filter(number=17))

    result = imported(data, "oslo.xlsx", user=editor)
    assert problems(result) == []
    assert sorted(row.label for row in result.plan.rows if row.status == "new") == [
        "oslo, paragraph 17",
        "oslo, paragraph 17 bis",
    ]
    assert [tuple(value or "" for value in row[1:]) for row in document(oslo)] == before
    restored = paragraph(oslo, 17, "bis")
    assert (restored.number_suffix, restored.history.latest().number_suffix) == ("bis", "bis")
    assert str(restored) == "oslo, paragraph 17 bis"

    undo_conclusion_import(result.spreadsheet_import, user=editor)
    assert not oslo.conclusions.filter(number=17).exists()


# A translation of 17 bis


def test_a_translation_of_17_bis_saved_by_libreoffice_changes_that_paragraph_not_17(
    oslo, french_translator_client, tmp_path, libreoffice_profile
):
    # "Bis" as a person may type it: the address is in lower case.
    typed = csv_file(["meeting", "number", "number_suffix", "text_fr"], ["oslo", 17, "Bis", FRENCH_17_BIS])
    page = upload(
        french_translator_client, "fr.xlsx", saved_by_libreoffice(typed, tmp_path, libreoffice_profile)
    ).content.decode()
    assert "Changed: 1" in page and "Rows with errors: 0" in page
    assert '<td rowspan="1">oslo, paragraph 17 bis</td>' in page
    assert confirm_preview(french_translator_client, page).status_code == 302

    record = SpreadsheetImport.objects.get()
    assert (record.changed_count, record.user.username) == (1, "traductrice")
    assert paragraph(oslo, 17, "bis").text_fr == FRENCH_17_BIS
    assert paragraph(oslo, 17).text_fr is None, "paragraph 17 is another paragraph"
    assert not oslo.conclusions.exclude(number_suffix="bis").exclude(text_fr=None).exists()

    undo_conclusion_import(record)
    assert paragraph(oslo, 17, "bis").text_fr is None


def test_undo_names_17_bis_when_it_changed_since_the_import(oslo):
    typed = csv_file(["meeting", "number", "number_suffix", "text_fr"], ["oslo", 17, "bis", FRENCH_17_BIS])
    record = imported(typed, "fr.csv").spreadsheet_import
    later = paragraph(oslo, 17, "bis")
    later.text_fr = "Corrigé à la main."
    content_save([later])
    with pytest.raises(ImportUndoError, match="Changed after this import: oslo, paragraph 17 bis. Undo those"):
        undo_conclusion_import(record)


def test_17_bis_twice_is_named_as_17_bis(oslo):
    typed = csv_file(
        ["meeting", "number", "number_suffix", "text_fr"],
        ["oslo", 17, "bis", "Un."],
        ["oslo", 17, "", "Deux."],
        ["oslo", 17, "BIS", "Trois."],
    )
    result = imported(typed, "fr.csv")
    assert problems(result) == ["Row 4, column “number”: oslo, paragraph 17 bis is already in row 2."]
    assert not SpreadsheetImport.objects.exists()


# Refusals


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["oslo", "heading", 1, "bis", "Conférence d'Oslo"],
            "Row 3, column “number_suffix”: Only a numbered paragraph has a number suffix (“17 bis”): "
            "leave this cell empty for oslo, heading 1.",
        ),
        (
            ["oslo", "paragraph", 17, "17", "Paragraphe 17."],
            "Row 3, column “number_suffix”: “17” is not a number suffix: use up to 12 letters, such as “bis” or “a”.",
        ),
        (
            ["oslo", "paragraph", 17, "b!s", "Paragraphe 17 bis."],
            "Row 3, column “number_suffix”: “b!s” is not a number suffix: use up to 12 letters, such as “bis” or “a”.",
        ),
    ],
)
def test_a_suffix_where_none_can_be_is_refused_and_nothing_is_written(oslo, client, editor, row, message):
    client.force_login(editor)
    header = ["meeting", "kind", "number", "number_suffix", "text_fr"]
    good = ["oslo", "paragraph", 16, "", "Paragraphe 16."]
    page = upload(client, "fr.csv", csv_file(header, good, row)).content.decode()
    assert message in page
    assert "Nothing was imported" in page and 'name="import_file_name"' not in page
    assert not SpreadsheetImport.objects.exists()
    assert not oslo.conclusions.exclude(text_fr=None).exists(), "not even the good row"


@pytest.mark.parametrize(
    ("cell", "suffix"),
    [("bis", "bis"), ("Bis", "bis"), (" bis ", "bis"), ("TER", "ter"), ("a", "a"), ("", ""), (None, "")],
)
def test_a_suffix_cell_is_read_in_lower_case(cell, suffix):
    assert NumberSuffixWidget().clean(cell) == suffix


@pytest.mark.parametrize("cell", ["17", 17, 17.0, "b!s", "bis bis", "17a", "a_b", "quaterdecimus"])
def test_a_suffix_cell_that_is_not_up_to_12_letters_is_refused(cell):
    with pytest.raises(ValueError, match="is not a number suffix"):
        NumberSuffixWidget().clean(cell)


# Files made before suffixes


def test_an_old_file_without_the_column_changes_paragraph_17_not_17_bis(oslo):
    old = csv_file(["meeting", "number", "text_fr"], ["oslo", 17, "Paragraphe 17."])
    result = imported(old, "old.csv")
    assert problems(result) == []
    assert [row.label for row in result.plan.rows] == ["oslo, paragraph 17"]
    assert (paragraph(oslo, 17).text_fr, paragraph(oslo, 17, "bis").text_fr) == ("Paragraphe 17.", None)
