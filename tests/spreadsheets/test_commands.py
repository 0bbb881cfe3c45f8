"""`manage.py import_conclusions` and `bench_import`: the same rules and messages as the admin, from a shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conclusions.models import Meeting, SpreadsheetImport
from tests.postgres_tables import table_size, vacuumed_table_size


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def french_file(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_text("meeting;number;text_fr\ngeneva-2016;6;Texte français.\n", encoding="gb18030")
    return path


def test_import_reports_what_it_read_and_changed(geneva, french_file, editor):
    out, _err = run("import_conclusions", str(french_file), user="editor")
    assert "Read 1 rows: CSV, GB18030, semicolon-separated." in out
    assert "0 new, 1 changed, 0 unchanged" in out
    assert geneva.conclusions.get(kind="paragraph", number=6).text_fr == "Texte français."
    assert SpreadsheetImport.objects.get().user == editor


def test_dry_run_writes_nothing(geneva, french_file):
    out, _err = run("import_conclusions", str(french_file), dry_run=True)
    assert "Dry run: 0 new, 1 changed, 0 unchanged. Nothing was written." in out
    assert not geneva.conclusions.get(kind="paragraph", number=6).text_fr
    assert not SpreadsheetImport.objects.exists()


def test_problems_are_listed_and_the_exit_status_is_non_zero(geneva, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("meeting,number,themes\ngeneva-2016,6,youth\nnowhere,1e1000000,war\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_conclusions", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "Row 3, column “meeting”: There is no meeting “nowhere”." in lines
    assert any(line.startswith("Row 3, column “number”: “1e1000000” is not a paragraph number") for line in lines)
    assert "Row 3, column “themes”: Unknown themes: war." in lines
    assert not geneva.conclusions.get(kind="paragraph", number=6).themes.filter(slug="war").exists()
    assert not SpreadsheetImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("header.csv", b"meeting,number,text_fr\n", "header row but no data rows"),
        ("notes.pdf", b"%PDF-1.4", "Unsupported file type"),
    ],
)
def test_unreadable_files_fail_with_their_message(geneva, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import_conclusions", str(path))


def test_file_over_the_limit_is_refused(geneva, tmp_path, settings):
    # The command takes files larger than the admin's upload limit: up to what a file may unpack to.
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 10
    settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 20
    path = tmp_path / "big.csv"
    path.write_text("meeting,number,text_fr\ngeneva-2016,6,Texte.\n")
    with pytest.raises(CommandError, match="too large"):
        run("import_conclusions", str(path))


def test_file_over_the_upload_limit_is_imported_from_the_command_line(geneva, tmp_path, settings):
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 10
    path = tmp_path / "big.csv"
    path.write_text("meeting,number,text_fr\ngeneva-2016,6,Texte.\n")
    out, _err = run("import_conclusions", str(path))
    assert "1 changed" in out
    assert geneva.conclusions.get(kind="paragraph", number=6).text_fr == "Texte."


def test_missing_file_and_unknown_user(geneva, french_file):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_conclusions", "/nonexistent/file.csv")
    with pytest.raises(CommandError, match="No user “ghost”"):
        run("import_conclusions", str(french_file), user="ghost")


# Outside a test transaction, as a user runs it: on PostgreSQL it then vacuums what it rolled back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_benchmark_runs_and_leaves_the_database_as_it_was():
    """Not a timing test: the benchmark prints its figures and rolls everything back, dead rows included."""
    size = vacuumed_table_size("conclusions_conclusion")
    out, _err = run("bench_import", rows=60, library_rows=10, library_bulk_rows=10, preview_rows=20)
    assert table_size("conclusions_conclusion") == size  # see test_search
    for label in [
        "raw bulk_create",
        "library default",
        "library bulk mode (no themes)",
        "project import",
        "re-import",
        "preview",
        "export",
    ]:
        assert label in out
    assert "project / library default:" in out and "project / library bulk mode:" in out
    assert not SpreadsheetImport.objects.exists()
    assert not Meeting.objects.filter(slug__startswith="bench-").exists()
