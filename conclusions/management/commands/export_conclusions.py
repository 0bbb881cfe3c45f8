"""Export the blocks of documents to a CSV, XLSX, ODS or JSON file, for translators and data re-users.

    python manage.py export_conclusions [--meeting SLUG] [--languages fr,ar]
        [--format csv|xlsx|ods|json] [--output FILE]

Each row is one block of a meeting's document, in document order: its
address (meeting slug, part, kind, number), its position, its label and its
text in each chosen language (all six by default, in UN order) and its theme
slugs. Drafts are exported too: this is an operator's command, not a public
download.

Without --output the file goes to standard output, except XLSX and ODS,
which are binary and would garble a terminal. With --output and no --format,
the format is taken from the file's extension (.csv, .xlsx, .ods, .json), else CSV.
"""

import os
import sys
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError

from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Conclusion, Meeting
from conclusions.spreadsheets.export import EXPORT_FORMATS, export_columns
from conclusions.spreadsheets.resources import ConclusionResource

# Zip files: unreadable in a terminal, and not writable to a pipe as they are made.
BINARY_FORMATS = ("xlsx", "ods")


class TextSink:
    """A binary stream onto a text stream, for when stdout has no binary buffer (call_command in tests)."""

    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, data: bytes) -> int:
        # Each write from the writers holds whole UTF-8 characters, so it decodes on its own.
        self.stdout.write(data.decode("utf-8"), ending="")
        return len(data)

    def flush(self) -> None:
        self.stdout.flush()


def language_list(value: str) -> list[str]:
    """ "fr, ar" -> ["fr", "ar"]."""
    return [code.strip() for code in value.split(",") if code.strip()]


class Command(BaseCommand):
    help = (
        "Export the blocks of documents (meeting, part, kind, number, position, label and text in each language, "
        "themes) in document order as CSV, XLSX, ODS or JSON, to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", metavar="SLUG", help="Only this meeting's document (default: all).")
        parser.add_argument(
            "--languages",
            type=language_list,
            metavar="CODES",
            help=f"Comma-separated language codes, in the order wanted (default: all, {','.join(LANGUAGE_CODES)}).",
        )
        parser.add_argument(
            "--format",
            dest="export_format",
            choices=EXPORT_FORMATS,
            help="csv, xlsx, ods or json (default: from the --output extension, else csv).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help="The file to write (default: standard output; not for XLSX or ODS).",
        )

    def handle(self, *args, meeting: str | None, languages: list[str] | None, output: Path | None, **options):
        export_format = options["export_format"] or format_from_path(output)
        try:
            columns = export_columns(languages)
        except ValueError as error:
            raise CommandError(str(error)) from error
        queryset = self.conclusions(meeting)

        if output is None:
            if export_format in BINARY_FORMATS:
                raise CommandError(f"{export_format.upper()} is binary: give --output FILE.")
            self.export_to_stdout(export_format, queryset, columns)
            return

        count = self.export_to_file(output, export_format, queryset, columns)
        if options["verbosity"] >= 1:
            noun = "block" if count == 1 else "blocks"
            self.stderr.write(f"Exported {count} {noun} to {output}.")

    def conclusions(self, meeting_slug: str | None):
        if meeting_slug is None:
            return Conclusion.objects.all()
        if not Meeting.objects.filter(slug=meeting_slug).exists():
            raise CommandError(f"No meeting with the slug “{meeting_slug}”.")
        return Conclusion.objects.filter(meeting__slug=meeting_slug)

    def export_to_stdout(self, export_format: str, queryset, columns: list[str]) -> None:
        stream = self.binary_stdout()
        try:
            ConclusionResource().write_file(export_format, queryset, columns, stream)
            stream.flush()
        except BrokenPipeError as error:
            # The reader stopped early (`| head`). Point stdout at /dev/null so
            # that Python's own flush at exit does not print a second traceback.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandError("Standard output was closed before the export finished.") from error

    def binary_stdout(self) -> BinaryIO:
        """Standard output's binary buffer; self.stdout is text, and CSV needs its BOM and CRLF intact."""
        buffer = getattr(self.stdout, "buffer", None)  # OutputWrapper passes this on to the real stream
        return buffer if buffer is not None else TextSink(self.stdout)

    def export_to_file(self, output: Path, export_format: str, queryset, columns: list[str]) -> int:
        """Write the export to `output`; a failed export leaves no half-written file behind."""
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: the directory {output.parent} does not exist.")
        try:
            stream = output.open("wb")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from error
        try:
            with stream:
                return ConclusionResource().write_file(export_format, queryset, columns, stream)
        except BaseException as error:
            output.unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from error
            raise


def format_from_path(output: Path | None) -> str:
    """The format named by the output file's extension, else CSV."""
    extension = output.suffix.lower().lstrip(".") if output is not None else ""
    return extension if extension in EXPORT_FORMATS else "csv"
