"""Load a copy written by dump_content into an empty database (after `migrate`), SQLite or PostgreSQL.

    python manage.py migrate
    python manage.py restore_content backup.jsonl

Nothing is written if the database already holds content or an account of
the copy clashes with one here. People restored from the copy have no
password: they set one again. Search texts are rebuilt (conclusions/backups.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conclusions.backups import RestoreError, restore_content


class Command(BaseCommand):
    help = "Restore a copy written by dump_content into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The copy, e.g. backup.jsonl.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        try:
            counts = restore_content(file)
        except RestoreError as error:
            raise CommandError(f"{file.name}: {error} Nothing was written.") from error
        summary = ", ".join(f"{count:,} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Restored {file}: {summary}."))
