"""What a spreadsheet file may hold, checked while it is read, so a hostile file costs little.

A small upload can unpack to far more than its size (an XLSX or ODS is a
zip: 400 KB can hold 400 million characters), name a millionth row, or put a
million columns on one line. Each reader checks these limits as it goes and
stops at the first one exceeded, before anything is held whole in memory:

  SPREADSHEET_MAX_UNCOMPRESSED_BYTES  what a file unpacks to (a CSV or JSON: its size)
  SPREADSHEET_MAX_ROWS                the last row number, header included
  SPREADSHEET_MAX_COLUMNS             the columns of a row, up to its last non-empty cell
  SPREADSHEET_MAX_CELL_CHARACTERS     the text of one cell
  SPREADSHEET_MAX_CELLS               the cells of the whole file (each row up to its last non-empty cell)

The defaults let a real 100,000-row file of paragraphs in six languages
through (a 165 MB CSV). Uploads through the admin, whose size is limited
anyway (SPREADSHEET_MAX_UPLOAD_BYTES, 10 MB), are read with lower limits on
what they unpack to and on their cells (SPREADSHEET_MAX_UPLOAD_UNCOMPRESSED_BYTES,
SPREADSHEET_MAX_UPLOAD_CELLS): within the general ones, a 1 MB XLSX could
hold 500 million characters or 20 million cells, and a web worker would
hold them all or parse for minutes. Characters that PostgreSQL or XML cannot store are
refused here too, naming row and column, so a preview never succeeds for a
file that the confirm would then refuse.
"""

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_CELL_CHARACTERS = 100_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_CELLS = 2_000_000
# A real 10 MB upload unpacks to some 40 MB (XLSX of paragraphs) and holds some 60,000 cells.
DEFAULT_MAX_UPLOAD_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_UPLOAD_CELLS = 300_000

# NUL and the other C0 controls except tab, line feed and carriage return
# (PostgreSQL refuses NUL; XML 1.0 none of them), lone surrogates (not
# encodable as UTF-8) and the two non-characters XML forbids.
UNSTORABLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# The last column Excel has (XFD); past it a column has a number but no letter.
LAST_LETTERED_COLUMN = 16_384
ZIP_CHUNK_BYTES = 1024 * 1024


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table; str(error) is a clear message for the user."""


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cell_characters: int
    uncompressed_bytes: int
    cells: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=getattr(settings, "SPREADSHEET_MAX_ROWS", DEFAULT_MAX_ROWS),
            columns=getattr(settings, "SPREADSHEET_MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
            cell_characters=getattr(settings, "SPREADSHEET_MAX_CELL_CHARACTERS", DEFAULT_MAX_CELL_CHARACTERS),
            uncompressed_bytes=getattr(settings, "SPREADSHEET_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES),
            cells=getattr(settings, "SPREADSHEET_MAX_CELLS", DEFAULT_MAX_CELLS),
        )

    @classmethod
    def for_uploads(cls) -> "Limits":
        """The limits for a file uploaded through the admin: the general ones, lower where a web worker needs it."""
        limits = cls.from_settings()
        upload_bytes = getattr(
            settings, "SPREADSHEET_MAX_UPLOAD_UNCOMPRESSED_BYTES", DEFAULT_MAX_UPLOAD_UNCOMPRESSED_BYTES
        )
        upload_cells = getattr(settings, "SPREADSHEET_MAX_UPLOAD_CELLS", DEFAULT_MAX_UPLOAD_CELLS)
        return replace(
            limits,
            uncompressed_bytes=min(limits.uncompressed_bytes, upload_bytes),
            cells=min(limits.cells, upload_cells),
        )


def max_uncompressed_bytes() -> int:
    return Limits.from_settings().uncompressed_bytes


# Messages


def column_letters(position: int) -> str:
    """The spreadsheet letters of a 1-based column number: 1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_reference(position: int) -> str:
    """ "2 (B)"; past XFD, where no spreadsheet has letters, just the number."""
    if position <= LAST_LETTERED_COLUMN:
        return f"{position} ({column_letters(position)})"
    return str(position)


def too_many_rows(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)s rows, the most one import takes: split it into smaller files.")
        % {"limit": limit}
    )


def too_many_cells(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more than %(limit)s cells, the most one import takes: split it into smaller files.")
        % {"limit": limit}
    )


def too_many_columns(row: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("Row %(row)s has more than %(limit)s columns, the most a file may have.") % {"row": row, "limit": limit}
    )


def cell_too_long(where: str, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("%(where)s: the cell has more than %(limit)s characters, the most one cell may hold.")
        % {"where": where, "limit": limit}
    )


def unpacks_too_large(limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file unpacks to more than %(limit)s of data, the most one import takes.")
        % {"limit": filesizeformat(limit)}
    )


def cell_position(row: int, column: int, header: list | None) -> str:
    """ "Row 3, column “text_fr”" by the header's name when there is one, else by number (and letter)."""
    name = header[column - 1] if header is not None and column <= len(header) else None
    if name is not None and str(name).strip():
        return _("Row %(row)s, column “%(column)s”") % {"row": row, "column": str(name).strip()}
    return _("Row %(row)s, column %(column)s") % {"row": row, "column": column_reference(column)}


def unstorable_character(where: str, character: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("%(where)s: the text contains the character %(character)s, which cannot be stored; remove it.")
        % {"where": where, "character": f"U+{ord(character):04X}"}
    )


# Rows as they are read


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_cells(number: int, cells: list, header: list | None, limits: Limits) -> None:
    for column, cell in enumerate(cells, start=1):
        if not isinstance(cell, str):
            continue
        if len(cell) > limits.cell_characters:
            raise cell_too_long(cell_position(number, column, header), limits.cell_characters)
        unstorable = UNSTORABLE_CHARACTERS.search(cell)
        if unstorable:
            raise unstorable_character(cell_position(number, column, header), unstorable.group())


def checked_records(
    records: Iterable[tuple[int, list]], limits: Limits, *, blank=None, header: list | None = None
) -> tuple[list, list]:
    """The header cells and the data records of a file, each checked as it is read.

    `records` are (row number, cells), lazily produced by a reader; reading
    stops at the first row past the limits. The header is the first
    non-empty row, unless given (JSON's keys). Trailing cells equal to
    `blank`, the value the format gives a missing cell (None, or "" in CSV),
    are dropped: they cost memory and say nothing. Empty rows are dropped
    too, keeping the true row numbers of the others.
    """
    if header is not None:
        if len(header) > limits.columns:
            raise too_many_columns(1, limits.columns)
        check_cells(1, header, None, limits)
    kept = []
    cell_count = 0
    for number, cells in records:
        if number > limits.rows:
            raise too_many_rows(limits.rows)
        width = len(cells)
        while width and cells[width - 1] == blank and type(cells[width - 1]) is type(blank):
            width -= 1
        if width > limits.columns:
            raise too_many_columns(number, limits.columns)
        cell_count += width
        if cell_count > limits.cells:
            raise too_many_cells(limits.cells)
        cells = cells[:width] if width < len(cells) else cells
        check_cells(number, cells, header, limits)
        if all(is_empty(cell) for cell in cells):
            continue
        if header is None:
            header = cells
        else:
            kept.append((number, cells))
    if header is None:
        raise SpreadsheetError(_("The file is empty."))
    return header, kept


# Zip archives (XLSX, ODS)


class CappedStream:
    """A binary stream read through a budget of bytes: past it, the read stops with a clear error.

    Zip headers announce each member's size, but a crafted file can lie;
    counting what really comes out is what bounds the cost.
    """

    def __init__(self, stream, budget: "ByteBudget"):
        self.stream = stream
        self.budget = budget

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = ZIP_CHUNK_BYTES
        data = self.stream.read(size)
        self.budget.spend(len(data))
        return data


class ByteBudget:
    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise unpacks_too_large(self.limit)


def check_unpacked_size(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive that unpacks to more than the limit: first by its headers, then by really unpacking.

    The headers alone refuse an honest large file at once; the unpacking,
    in bounded chunks that are thrown away, catches a file whose headers lie
    (and a damaged one, by its checksums) before any parser sees it.
    """
    if sum(member.file_size for member in archive.infolist()) > limits.uncompressed_bytes:
        raise unpacks_too_large(limits.uncompressed_bytes)
    budget = ByteBudget(limits.uncompressed_bytes)
    for member in archive.infolist():
        with archive.open(member) as stream:
            for _chunk in iter_chunks(CappedStream(stream, budget)):
                pass


def iter_chunks(stream) -> Iterator[bytes]:
    while chunk := stream.read(ZIP_CHUNK_BYTES):
        yield chunk
