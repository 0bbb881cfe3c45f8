"""Import an outcome document (plain text or Word) as a meeting: every block of it, in order.

    python manage.py import_document PATH --slug SLUG [--language zh-hans] [--dry-run] [--leave-out-furniture]
    python manage.py import_document PATH --slug SLUG --language fr --replace     (a translation)

The document is read into its structure (conclusions/documents/reading.py),
which --dry-run prints block by block with its line, as the admin's "Bring in
a document" shows it. Every character of the text is kept; paragraphs split
by a page break are joined again. A new meeting takes its title, document
title, organizers, venue and dates from the heading where they are clear
(documents/heading_details.py), unless given here. With --replace and a
language other than the meeting's source language, the document is a
translation: it must have the meeting's blocks, in order, and only that
language's texts and labels change. Nothing is written unless the whole
document can be stored.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from conclusions.documents.block_names import block_row
from conclusions.documents.heading_details import heading_details
from conclusions.documents.importer import DETAIL_FIELDS, SlugTaken, document_import
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.documents.structure import DocumentStructure
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.models import Conclusion, Meeting

EXCERPT_CHARACTERS = 60


class DryRunRollback(Exception):
    """Raised inside the transaction of a dry run, so that nothing is kept."""


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"“{value}” is not a date in the form YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Import an outcome document (text or Word) as a meeting: heading, preamble, sections, paragraphs, …"

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="The document: a text file (UTF-8, UTF-16 or GB18030) or a Word document (.docx)."
        )
        parser.add_argument("--slug", required=True, help="The meeting's identifier in addresses and files.")
        parser.add_argument(
            "--language",
            default="zh-hans",
            choices=LANGUAGE_CODES,
            help="The language of the document (default: zh-hans). For a new meeting, its source language.",
        )
        parser.add_argument("--title", default="", help="The meeting's title in that language (default: the slug).")
        parser.add_argument("--start-date", type=iso_date, help="YYYY-MM-DD; default: the date in the heading.")
        parser.add_argument("--end-date", type=iso_date, help="YYYY-MM-DD; default: the start date.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace this language's text of an existing meeting."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report, but write nothing.")
        parser.add_argument(
            "--leave-out-furniture",
            action="store_true",
            help="Leave out the page furniture found (symbol lines, page numbers, running heads; see --dry-run).",
        )

    def handle(self, *args, path: Path, slug: str, language: str, dry_run: bool, **options):
        self.verbosity = options["verbosity"]
        if slug != slugify(slug):
            raise CommandError(f"“{slug}” is not a valid slug: use lowercase letters, digits and hyphens.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

        try:
            structure = read_document(data, path.name)
            if dry_run:
                self.show_structure(structure)
            document = outcome_document_of(structure, leave_out_furniture=options["leave_out_furniture"])
            found = heading_details(document.heading_lines, language, document.closing_lines)
            dates = self.meeting_dates(found.dates, options["start_date"], options["end_date"])
            details = found.texts()
            with transaction.atomic():
                report = document_import(
                    document=document,
                    slug=slug,
                    language=language,
                    title=options["title"],
                    dates=dates,
                    replace=options["replace"],
                    details=details if not options["replace"] else {},
                    file_name=path.name,
                )
                if dry_run:
                    raise DryRunRollback
        except SlugTaken as error:
            raise CommandError(
                f"{path}: {error} Use --replace to replace its {language_name(language)} text."
            ) from error
        except DocumentError as error:
            raise CommandError(f"{path}: {error}") from error
        except DryRunRollback:
            pass

        self.report(report, document, dry_run, language)

    def show_structure(self, structure: DocumentStructure) -> None:
        """Every block with its line, part, kind and first words, as the admin's "Bring in a document" lists it."""
        self.stdout.write(f"Read as {structure.encoding}: {len(structure.blocks)} blocks.")
        for row in (block_row(block) for block in structure.blocks):
            part = f"part {row.part}  " if structure.parts > 1 else ""
            words = f"{row.label} {row.excerpt}" if row.label else row.excerpt
            excerpt = words if len(words) <= EXCERPT_CHARACTERS else words[:EXCERPT_CHARACTERS] + "…"
            self.stdout.write(f"  line {row.line:>5}  {part}{row.name:<22}  {excerpt}")
        for warning in structure.warnings:
            self.stdout.write(self.style.WARNING(f"  line {warning.line:>5}  {warning.message}"))

    def meeting_dates(self, found, start_date, end_date):
        """The dates given as options, else those found in the document; the end defaults to the start."""
        if start_date is None and found is None:
            return None
        start, end = (start_date, end_date) if start_date else (found[0], end_date or found[1])
        dates = (start, end or start)
        if dates[1] < dates[0]:
            raise CommandError("The end date cannot be before the start date.")
        return dates

    def report(self, report, document, dry_run: bool, language: str) -> None:
        verb = "Would import" if dry_run else "Imported"
        meeting = report.meeting
        if language != meeting.source_language:
            self.stdout.write(f"The {language_name(language)} document matches the original block by block.")
        kinds = ", ".join(f"{document.count(kind)} {kind.label}" for kind in Conclusion.Kind if document.count(kind))
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} “{meeting.slug}”: {len(document.blocks)} blocks ({kinds}); "
                f"{len(report.created)} new, {len(report.updated)} changed, {len(report.deleted)} removed."
            )
        )
        if document.left_out:
            self.stdout.write(f"Page furniture left out: lines {', '.join(map(str, document.left_out))}.")
        if report.created_meeting:
            self.stdout.write(f"The meeting's details ({language_name(language)}):")
            for name in DETAIL_FIELDS:
                value = getattr(meeting, translated_column(name, language)) or "—"
                self.stdout.write(f"  {Meeting._meta.get_field(name).verbose_name}: {value}")
        if self.verbosity >= 2 and document.heading:
            self.stdout.write("Heading lines (complete the meeting's details in the admin):")
            for line in document.heading:
                self.stdout.write(f"  {line}")
        if report.created_meeting and not dry_run:
            self.stdout.write(
                f"The meeting is a draft, dated {meeting.start_date}–{meeting.end_date}. "
                f"Complete it and publish it at /admin/conclusions/meeting/{meeting.pk}/change/ "
                f"(preview: {meeting.get_absolute_url()})."
            )
