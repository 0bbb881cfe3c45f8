"""Write a portable copy of the site's content: meetings, blocks, themes, translations and their status, the
import log and every record's history, one JSON record per line (conclusions/backups.py).

    python manage.py dump_content backup.jsonl
    python manage.py restore_content backup.jsonl    # into an empty database, SQLite or PostgreSQL
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conclusions.backups import dump_content


class Command(BaseCommand):
    help = "Write a portable copy of the content (with its history) to a .jsonl file, for restore_content."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The copy to write, e.g. backup.jsonl.")

    def handle(self, *args, file: Path, **options):
        if file.suffix != ".jsonl":
            raise CommandError(f"{file.name}: name the copy with .jsonl, as restore_content reads it.")
        partial = file.with_name(file.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                counts = dump_content(stream)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from error
        partial.replace(file)  # a copy cut short by a failure never takes the place of a whole one
        summary = ", ".join(f"{count:,} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {file}: {summary}."))
