"""Import the blocks of documents from a CSV, XLSX, ODS or JSON file: the same rules and messages as the admin.

    python manage.py import_conclusions FILE [--dry-run] [--clear-empty] [--user USERNAME]

The whole file is checked first; if any row has a problem, every problem is
listed and nothing is written. Otherwise all rows are written in one
transaction, recorded as an import that can be undone from the admin.

The admin's upload limit (SPREADSHEET_MAX_UPLOAD_BYTES, 10 MB) is for files
sent over the web; here a file may be as large as a file may unpack to
(SPREADSHEET_MAX_UNCOMPRESSED_BYTES), so a 100,000-row file imports. The
other limits (rows, columns, cell length) are the same.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, OperationalError

from conclusions.spreadsheets.files import SpreadsheetError
from conclusions.spreadsheets.formats import read_dataset
from conclusions.spreadsheets.limits import max_uncompressed_bytes
from conclusions.spreadsheets.resources import ConclusionResource

MAX_PROBLEMS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import the blocks of documents (meeting, part, kind, number, position, label_<language>..., "
        "text_<language>..., themes) from a CSV, XLSX, ODS or JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, but write nothing.")
        parser.add_argument(
            "--clear-empty",
            action="store_true",
            help="Empty cells clear the stored text (by default they leave it as it is).",
        )
        parser.add_argument("--user", help="Record the import as made by this user (username).")

    def handle(self, *args, file: Path, dry_run: bool, clear_empty: bool, **options):
        self.verbosity = options["verbosity"]
        user = self.find_user(options["user"])
        try:
            with file.open("rb") as stream:
                dataset = read_dataset(stream, filename=file.name, max_bytes=max_uncompressed_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except SpreadsheetError as error:
            raise CommandError(f"{file.name}: {error}") from error

        # The library's import, as the admin runs it: checked whole, written only if every row is valid,
        # and for a translator (--user) limited to their language.
        try:
            result = ConclusionResource(user=user).import_data(
                dataset, dry_run=dry_run, file_name=file.name, user=user, clear_empty=clear_empty
            )
        except (IntegrityError, OperationalError) as error:
            # SQLite only: another writer wrote after this import read (on PostgreSQL imports wait for each other).
            raise CommandError(
                f"{file.name}: another change was being written at the same moment; nothing was imported. "
                "Run the import again."
            ) from error
        plan = result.plan
        self.describe_file(dataset.table)
        if not plan.is_valid:
            problems = plan.problems
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                self.stderr.write(str(problem))
            if len(problems) > MAX_PROBLEMS_SHOWN:
                self.stderr.write(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more.")
            raise CommandError(f"{file.name}: {len(problems)} problem(s); nothing was imported.")

        counts = plan.counts
        summary = f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged"
        if counts["refused"]:
            summary += f", {counts['refused']} refused"
            for row in plan.refused_rows:
                self.stderr.write(f"row {row.row} ({row.label}) refused: {row.refusal}")
        if self.verbosity >= 2:
            for row in plan.rows:
                for change in row.changes:
                    self.stdout.write(f"row {row.row} ({row.label}): {change.column} {change.kind}")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: {summary}. Nothing was written."))
            return
        record = result.spreadsheet_import
        if record is None:
            self.stdout.write(self.style.SUCCESS(f"{file.name} changes nothing: {summary}. Nothing was written."))
            return
        self.stdout.write(self.style.SUCCESS(f"Imported {file.name} (import #{record.pk}): {summary}."))

    def find_user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user “{username}”.") from error

    def describe_file(self, table) -> None:
        if self.verbosity < 1:
            return
        details = [table.format.upper()]
        if table.encoding:
            details.append(table.encoding)
        if table.delimiter:
            details.append(
                {"\t": "tab-separated", ",": "comma-separated", ";": "semicolon-separated"}[table.delimiter]
            )
        self.stdout.write(f"Read {len(table.rows)} rows: {', '.join(details)}.")
