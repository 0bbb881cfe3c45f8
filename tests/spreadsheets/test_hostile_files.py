"""Hostile and broken files: each gets a clear message, costs bounded memory, and writes nothing.

The bombs are real size: a 65 KB XLSX with a million rows, a 400 KB XLSX
whose one shared text is 400 million characters, a CSV line of a million
columns. Memory is measured with tracemalloc (Python's allocations in this
process) while the file is read: the bound, not a timing, is what is checked.
"""

import html
import tracemalloc
from functools import cache

import pytest
from django.utils import translation

from conclusions.benchmarks.crafted_files import HOSTILE_FILES, xlsx_with
from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets.files import SpreadsheetError, read_table
from tests.spreadsheets.spreadsheet_programs import upload

MEMORY_BOUND = 100 * 1024 * 1024
CELLS_MESSAGE = "The file has more than %s cells, the most one import takes: split it into smaller files."
NUL_MESSAGE = "Row 2, column “text_fr”: the text contains the character U+0000, which cannot be stored; remove it."


# What the user reads for each of the crafted files.
MESSAGES = {
    "row-bomb.xlsx": "The file has more than 200000 rows, the most one import takes: split it into smaller files.",
    "cell-bomb.xlsx": "A shared text: the cell has more than 100000 characters, the most one cell may hold.",
    "column-bomb.csv": "Row 2 has more than 200 columns, the most a file may have.",
    "cell-count-bomb.xlsx": CELLS_MESSAGE % 2_000_000,
    "cell-count-bomb.ods": CELLS_MESSAGE % 2_000_000,
    "column-bomb.xlsx": "Row 2 has more than 200 columns, the most a file may have.",
    "giant-cell.csv": "Line 2: the cell has more than 100000 characters, the most one cell may hold.",
    "nul.csv": NUL_MESSAGE,
    "nul.xlsx": NUL_MESSAGE,
    "nul.json": NUL_MESSAGE,
    "nul.ods": NUL_MESSAGE,
    "control.csv": NUL_MESSAGE.replace("U+0000", "U+000B"),
    "surrogate.json": NUL_MESSAGE.replace("U+0000", "U+D800"),
    "blank-header.csv": "Column 2 (B) has no header.",
    "password.xlsx": (
        "“password.xlsx” is protected by a password: open it, remove the password, save it and try again."
    ),
    "truncated.xlsx": "“truncated.xlsx” is incomplete or damaged: it cannot be unpacked. Save or download it again.",
    "image.csv": (
        "“image.csv” is not a text file but binary data (an image, an archive or a document?): "
        "upload a CSV, XLSX, ODS or JSON file."
    ),
    "random.csv": (
        "“random.csv” is not a text file but binary data (an image, an archive or a document?): "
        "upload a CSV, XLSX, ODS or JSON file."
    ),
}
# An admin upload is read with lower limits on cells and unpacked size (Limits.for_uploads).
ADMIN_MESSAGES = {
    **MESSAGES,
    "cell-bomb.xlsx": "The file unpacks to more than 100.0\xa0MB of data, the most one import takes.",
    "cell-count-bomb.xlsx": CELLS_MESSAGE % 300_000,
    "cell-count-bomb.ods": CELLS_MESSAGE % 300_000,
}
BOMBS = [
    "row-bomb.xlsx",
    "cell-bomb.xlsx",
    "column-bomb.csv",
    "column-bomb.xlsx",
    "giant-cell.csv",
    "cell-count-bomb.xlsx",
    "cell-count-bomb.ods",
]


@cache
def hostile_file(name: str) -> bytes:
    return HOSTILE_FILES[name]()


def error_message(data: bytes, filename: str) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, filename=filename)
    return str(caught.value)


@pytest.mark.parametrize("name", MESSAGES)
def test_hostile_file_gets_its_message(name):
    assert error_message(hostile_file(name), name) == MESSAGES[name]


def test_bombs_are_small_files():
    sizes = {name: len(hostile_file(name)) for name in BOMBS}
    assert sizes["row-bomb.xlsx"] < 100_000
    assert sizes["cell-bomb.xlsx"] < 500_000
    assert sizes["column-bomb.csv"] < 3_000_000
    assert sizes["cell-count-bomb.xlsx"] < 200_000


@pytest.mark.parametrize("name", BOMBS)
def test_reading_a_bomb_takes_bounded_memory(name):
    data = hostile_file(name)
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError):
            read_table(data, filename=name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"{name}: {len(data):,} bytes, peak {peak / 1e6:.1f} MB while read")
    assert peak < MEMORY_BOUND


def test_zip_whose_headers_understate_its_size_is_refused(settings):
    """A member whose header claims a small size cannot unpack past it: zipfile stops and the checksum fails."""
    settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 10_000_000
    data = bytearray(hostile_file("cell-bomb.xlsx"))
    # Rewrite every declared uncompressed size (local and central headers) of the shared strings to 1 KB.
    name = b"xl/sharedStrings.xml"
    for header, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        position = data.find(header)
        while position >= 0:
            if data[position + name_at : position + name_at + len(name)] == name:
                data[position + size_at : position + size_at + 4] = (1024).to_bytes(4, "little")
            position = data.find(header, position + 4)
    assert error_message(bytes(data), "liar.xlsx").startswith("“liar.xlsx” is incomplete or damaged")


def test_limits_come_from_settings(settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    settings.SPREADSHEET_MAX_COLUMNS = 2
    settings.SPREADSHEET_MAX_CELL_CHARACTERS = 5
    settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 100_000
    assert error_message(b"a,b\r\n1,2\r\n3,4\r\n5,6\r\n", "a.csv").startswith("The file has more than 3 rows")
    assert error_message(b"a,b,c\r\n1,2,3\r\n", "a.csv") == "Row 1 has more than 2 columns, the most a file may have."
    assert error_message(b"a,b\r\n1,123456\r\n", "a.csv") == (
        "Row 2, column “b”: the cell has more than 5 characters, the most one cell may hold."
    )
    message = error_message(hostile_file("row-bomb.xlsx"), "a.xlsx")
    assert message == "The file unpacks to more than 97.7\xa0KB of data, the most one import takes."
    assert read_table(b"a,b\r\n1,12345\r\n3,4\r\n", filename="a.csv").rows == [["1", "12345"], ["3", "4"]]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_blank_header_past_the_last_lettered_column_names_its_number(settings, extension):
    """Column 18,279 is past ZZZ: openpyxl's get_column_letter failed there with a server error."""
    settings.SPREADSHEET_MAX_COLUMNS = 20_000
    header = [f"c{position}" for position in range(1, 18_279)] + ["", "c18280"]
    row = ["x"] * 18_280
    if extension == "csv":
        data = (",".join(header) + "\r\n" + ",".join(row) + "\r\n").encode()
    else:
        data = xlsx_with([header, row])
    assert error_message(data, f"a.{extension}") == "Column 18279 has no header."
    header = header[:-2] + [""] * 2000
    data = (",".join(header) + "\r\n" + ",".join(row[:-2] + [""] * 1000 + ["x"]) + "\r\n").encode()
    assert error_message(data, "a.csv") == "Column 19279 has data but no header (row 2)."


def test_cells_of_the_whole_file_are_counted_as_it_is_read(settings):
    """Each row may be within the columns limit and the file within the rows limit, and still hold too much."""
    settings.SPREADSHEET_MAX_CELLS = 5
    assert error_message(b"a,b\r\n1,2\r\n3,4\r\n", "a.csv") == CELLS_MESSAGE % 5
    # Trailing empty cells are not counted: a spreadsheet program's padding is not data.
    assert read_table(b"a,b,,\r\n1,2,,\r\n", filename="a.csv").rows == [["1", "2"]]
    # XLSX cell elements are counted in the raw sheet before openpyxl parses it, empty ones included.
    assert error_message(xlsx_with([["a", "b"], ["1", "2"], ["3", "4"]]), "a.xlsx") == CELLS_MESSAGE % 5


def test_admin_uploads_are_read_with_their_own_lower_limits(editor_client, geneva, settings):
    """A 10 MB upload may unpack to 500 MB within the general limits; a web worker takes far less."""
    settings.SPREADSHEET_MAX_UPLOAD_UNCOMPRESSED_BYTES = 50_000
    settings.SPREADSHEET_MAX_UPLOAD_CELLS = 3
    wide = xlsx_with([["meeting", "number", "text_fr"], ["geneva-2016", 6, "a" * 60_000]])
    assert len(read_table(wide, filename="wide.xlsx").rows) == 1, "within the general limits"
    page = html.unescape(upload(editor_client, "wide.xlsx", wide).content.decode())
    assert "The file unpacks to more than 48.8\xa0KB of data, the most one import takes." in page
    page = html.unescape(upload(editor_client, "two.csv", b"meeting,number\r\ngeneva-2016,6\r\n").content.decode())
    assert CELLS_MESSAGE % 3 in page
    assert not SpreadsheetImport.objects.exists()


def test_message_in_french():
    with translation.override("fr"):
        message = error_message(hostile_file("row-bomb.xlsx"), "bombe.xlsx")
    assert message == (
        "Le fichier a plus de 200000 lignes, le maximum pour une importation : divisez-le en fichiers plus petits."
    )


@pytest.fixture
def editor_client(client, editor):
    assert client.login(username="editor", password="editor-password")
    return client


@pytest.mark.parametrize("name", ADMIN_MESSAGES)
def test_admin_preview_shows_the_message_and_writes_nothing(editor_client, geneva, name):
    before = list(geneva.conclusions.order_by("position").values_list("position", "text_fr", "text_en"))
    response = upload(editor_client, name, hostile_file(name))
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert ADMIN_MESSAGES[name] in page
    assert 'name="import_file_name"' not in page
    assert not SpreadsheetImport.objects.exists()
    assert list(geneva.conclusions.order_by("position").values_list("position", "text_fr", "text_en")) == before


def test_admin_preview_in_french(editor_client, geneva):
    editor_client.cookies["django_language"] = "fr"
    # The request activates French in this thread; override() puts the language back afterwards.
    with translation.override("en"):
        page = upload(editor_client, "nul.csv", hostile_file("nul.csv")).content.decode()
    assert "Ligne 2, colonne «\xa0text_fr\xa0» : le texte contient le caractère U+0000, qui ne peut pas" in page
    assert not SpreadsheetImport.objects.exists()


def test_every_crafted_file_has_its_expected_message():
    assert set(MESSAGES) == set(HOSTILE_FILES)
