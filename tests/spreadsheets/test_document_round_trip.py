"""A real resolution with its annex goes out to a spreadsheet and comes back: unchanged, or changed where edited.

The files are the project's exports, and the same files opened and saved
again by LibreOffice (headless `soffice`), as a translator or an editor
saves them: labels such as "1." or "(a)" and page numbers such as "2/5",
which a spreadsheet would read as numbers or dates, must come back as
printed, and a change to one sub-item must change that sub-item only.
"""

import csv
import io
from pathlib import Path

import pytest

from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets.conclusion_apply import undo_conclusion_import
from conclusions.spreadsheets.export import export_columns
from conclusions.spreadsheets.formats import read_dataset
from conclusions.spreadsheets.resources import ConclusionResource
from tests.real_documents import AWAZA, import_real_document
from tests.spreadsheets.spreadsheet_programs import CSV_FILTERS, soffice_convert

# LibreOffice's own formats, and the CSV it writes in Chinese-locale fashion (GB18030, semicolons).
SAVED_AS = {
    "xlsx": "xlsx",
    "ods": "ods",
    "csv": f"csv:Text - txt - csv (StarCalc):{CSV_FILTERS['gb18030-semicolon.csv']}",
}
ITEM_B = ("2", "item", "2")  # part 2, sub-item (b): "Trade, trade facilitation and regional integration;"
FRENCH_LABEL, FRENCH_TEXT = "b)", "Commerce, facilitation des échanges et intégration régionale ;"


@pytest.fixture
def awaza(db):
    return import_real_document(AWAZA, slug="awaza")


@pytest.fixture(scope="module")
def libreoffice_profile(tmp_path_factory) -> Path:
    """One LibreOffice profile for the module: its first start is the slow one."""
    return tmp_path_factory.mktemp("libreoffice") / "profile"


def exported(meeting, export_format: str) -> bytes:
    resource = ConclusionResource()
    stream = io.BytesIO()
    resource.write_file(export_format, meeting.conclusions.all(), export_columns(None), stream)
    return stream.getvalue()


def imported(data: bytes, name: str, **options):
    dataset = read_dataset(io.BytesIO(data), filename=name)
    return ConclusionResource().import_data(dataset, file_name=name, **options)


def document(meeting) -> list[tuple]:
    """Every block as stored, in order: address, position, labels and texts in every language."""
    columns = [column for column in export_columns(None) if column not in ("meeting", "themes")]
    return list(meeting.conclusions.order_by("position").values_list("pk", *columns))


def saved_by_libreoffice(csv_bytes: bytes, work: Path, profile: Path, saved_as: str) -> tuple[bytes, str]:
    """The CSV opened in LibreOffice and saved in another format (or as its own kind of CSV)."""
    source = work / "awaza.csv"
    source.write_bytes(csv_bytes)
    converted = soffice_convert(source, SAVED_AS[saved_as], work / saved_as, profile)
    return converted.read_bytes(), f"awaza-saved.{saved_as}"


def edited(csv_bytes: bytes, edits: dict[tuple, dict[str, str]]) -> bytes:
    """The exported CSV with some cells typed over, as a person does in a spreadsheet; the rest kept to the byte."""
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for column, value in edits.get(tuple(row[1:4]), {}).items():
            row[header.index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "ods", "json"])
def test_export_reimported_changes_nothing(awaza, export_format):
    before = document(awaza)
    result = imported(exported(awaza, export_format), f"awaza.{export_format}")
    assert [str(problem) for problem in result.plan.problems] == []
    assert result.totals["skip"] == len(before) and result.spreadsheet_import is None
    assert document(awaza) == before


@pytest.mark.parametrize("saved_as", SAVED_AS)
def test_export_saved_again_by_libreoffice_changes_nothing(awaza, tmp_path, libreoffice_profile, saved_as):
    """LibreOffice turns "1." into 1 and "2/5" into a date when it opens a CSV: the export keeps them text."""
    before = document(awaza)
    data, name = saved_by_libreoffice(exported(awaza, "csv"), tmp_path, libreoffice_profile, saved_as)
    result = imported(data, name)
    assert [str(problem) for problem in result.plan.problems] == []
    assert result.plan.counts["changed"] == 0, [row.changes for row in result.plan.rows if row.changes]
    assert document(awaza) == before


@pytest.mark.parametrize("saved_as", SAVED_AS)
def test_french_label_and_text_of_a_sub_item_changed_in_libreoffice_change_that_block_only(
    awaza, editor, tmp_path, libreoffice_profile, saved_as
):
    before = document(awaza)
    item_b = awaza.conclusions.get(part=2, kind="item", number=2)
    typed = edited(exported(awaza, "csv"), {ITEM_B: {"label_fr": FRENCH_LABEL, "text_fr": FRENCH_TEXT}})
    data, name = saved_by_libreoffice(typed, tmp_path, libreoffice_profile, saved_as)

    result = imported(data, name, user=editor)
    assert [str(problem) for problem in result.plan.problems] == []
    [changed] = [row for row in result.plan.rows if row.changes]
    assert (changed.label, [(change.column, change.kind) for change in changed.changes]) == (
        "awaza, part 2, item 2",
        [("label_fr", "new"), ("text_fr", "new")],
    )
    record = result.spreadsheet_import
    assert (record.changed_count, record.created_count, record.unchanged_count) == (1, 0, len(before) - 1)
    after = document(awaza)
    assert [old for old, new in zip(before, after, strict=True) if old != new] == [
        next(block for block in before if block[0] == item_b.pk)
    ]
    item_b.refresh_from_db()
    assert (item_b.label_fr, item_b.text_fr, item_b.label_en) == (FRENCH_LABEL, FRENCH_TEXT, "(b)")

    undo_conclusion_import(record, user=editor)
    assert document(awaza) == before
    assert SpreadsheetImport.objects.get().is_undone
