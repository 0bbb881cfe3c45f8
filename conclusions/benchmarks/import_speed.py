"""Benchmark spreadsheet import and export against the library's default and a raw bulk insert.

    python manage.py bench_import [--rows 100000] [--library-rows 2000] [--library-bulk-rows 10000]
                                  [--preview-rows 10000]

On one generated data set (documents of 1,000 blocks, each a resolution of
heading lines, preamble and numbered paragraphs with sub-items, now and
then a paragraph inserted as "N bis", and an annex whose numbering
restarts; a label and a text in six languages, two themes per block) it
times, in this order:

  project   this project's import of the whole CSV file through the library's
            `CSV().create_dataset` and `ConclusionResource.import_data`
            (read, check, plan, write, history, translation status, search texts)
  re-import the same file again: rows that change nothing
  preview   a dry-run plan of --preview-rows rows
  export    every block to CSV, streamed
  raw       Conclusion.objects.bulk_create of the rows and their themes: the floor
  library   a plain django-import-export ModelResource import (the library default), on a subset
  bulk      the same resource with the library's `use_bulk=True`, on a subset (it writes no themes)

and prints rows/s, the ratios of the project's import to the library's two
modes and to the raw insert, and the process's peak memory after each step.
Everything runs in one transaction that is rolled back at the end
(conclusions/benchmarks/rolled_back.py: the database is left as it was).
"""

import io
import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from import_export import fields, resources, widgets

from conclusions.benchmarks.rolled_back import rolled_back
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import BlockKind, Conclusion, Meeting, Theme
from conclusions.spreadsheets.export import export_columns, write_csv
from conclusions.spreadsheets.formats import CSV
from conclusions.spreadsheets.resources import ConclusionResource

BLOCKS_PER_MEETING = 1000
HEADING_LINES, PREAMBLE_PARAGRAPHS = 8, 12
ANNEX_STARTS_AT = 600  # the block where part 2 begins
ITEM_EVERY = 5  # every fifth block of the body is a sub-item "(a)" of the paragraph before it
BIS_EVERY, BIS_AT = 50, 22  # block 22 of every 50 of the body is "N bis", inserted after paragraph N
THEMES = 14
WORDS = {
    "ar": ["منع", "التطرف", "العنيف", "التعاون", "الدولي", "الشباب", "حقوق", "الإنسان", "سيادة", "القانون", "الحوار"],
    "zh-hans": list("防止暴力极端主义国际合作青年人权法治对话社区妇女教育"),
    "en": [
        "prevent",
        "violent",
        "extremism",
        "international",
        "cooperation",
        "youth",
        "human",
        "rights",
        "rule",
        "law",
        "dialogue",
    ],
    "fr": [
        "prévenir",
        "extrémisme",
        "violent",
        "coopération",
        "internationale",
        "jeunesse",
        "droits",
        "homme",
        "état",
        "droit",
    ],
    "ru": [
        "предупреждение",
        "насильственного",
        "экстремизма",
        "сотрудничество",
        "молодежь",
        "права",
        "человека",
        "диалог",
    ],
    "es": [
        "prevenir",
        "extremismo",
        "violento",
        "cooperación",
        "internacional",
        "juventud",
        "derechos",
        "humanos",
        "diálogo",
    ],
}


class LibraryConclusionResource(resources.ModelResource):
    """The library's default path, as a project would first write it."""

    meeting = fields.Field(
        attribute="meeting", column_name="meeting", widget=widgets.ForeignKeyWidget(Meeting, "slug")
    )
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=widgets.ManyToManyWidget(Theme, field="slug")
    )

    class Meta:
        model = Conclusion
        import_id_fields = ["meeting", "part", "kind", "number", "number_suffix"]
        fields = export_columns(None)


class LibraryBulkConclusionResource(LibraryConclusionResource):
    """The library's own bulk mode: bulk_create in batches, but no save(), no signals, and no themes written."""

    class Meta(LibraryConclusionResource.Meta):
        use_bulk = True
        batch_size = 1000


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time this project's spreadsheet import and export against the library default and a raw insert."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--library-rows", type=int, default=2_000)
        parser.add_argument("--library-bulk-rows", type=int, default=10_000)
        parser.add_argument("--preview-rows", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2016)

    def handle(self, *args, rows: int, preview_rows: int, seed: int, **options):
        self.stdout.write(f"Database: {connection.vendor}; {rows:,} rows, six languages, two themes each.")
        with rolled_back(self.stdout):
            # The subsets are made of the same rows: never more of them than there are.
            subsets = (
                min(count, rows) for count in (options["library_rows"], options["library_bulk_rows"], preview_rows)
            )
            self.run(rows, *subsets, seed)

    def run(self, rows: int, library_rows: int, library_bulk_rows: int, preview_rows: int, seed: int) -> None:
        meetings, themes = self.make_meetings_and_themes(rows)
        header = export_columns(None)

        def data(count: int):
            """The same rows every time, made as they are needed, never all held at once."""
            rng = random.Random(seed)
            return (self.make_row(index, meetings, themes, rng) for index in range(count))

        csv_bytes = self.csv_bytes(header, data(rows))
        preview_bytes = self.csv_bytes(header, data(preview_rows))
        self.stdout.write(f"CSV file: {len(csv_bytes) / 1e6:.1f} MB")

        # The project's steps first, so that the peak memory they report is their own.
        savepoint = transaction.savepoint()
        project = self.timed("project import", rows, lambda: self.project_import(csv_bytes))
        self.timed("project re-import, unchanged", rows, lambda: self.project_import(csv_bytes))
        self.timed("project dry-run preview", preview_rows, lambda: self.project_import(preview_bytes, dry_run=True))
        self.timed("export to CSV", rows, self.export_all)
        transaction.savepoint_rollback(savepoint)

        raw = self.timed(
            "raw bulk_create", rows, lambda: self.raw_insert(header, data(rows), meetings, themes), undo=True
        )
        library = self.timed(
            "library default",
            library_rows,
            lambda: self.library_import(LibraryConclusionResource, header, list(data(library_rows))),
            undo=True,
        )
        library_bulk = self.timed(
            "library bulk mode (no themes)",
            library_bulk_rows,
            lambda: self.library_import(LibraryBulkConclusionResource, header, list(data(library_bulk_rows))),
            undo=True,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"project / library default: {project / library:.1f}x   "
                f"project / library bulk mode: {project / library_bulk:.1f}x   "
                f"project / raw bulk_create: {project / raw:.2f}"
            )
        )
        self.stdout.write(
            "The library's bulk mode writes no themes, history, translation status or search texts; "
            "the project's import writes all of them."
        )

    def csv_bytes(self, header, rows) -> bytes:
        stream = io.BytesIO()
        write_csv(header, rows, stream)
        return stream.getvalue()

    def timed(self, label: str, count: int, action, undo: bool = False) -> float:
        """Rows per second of `action`; with `undo`, its writes are rolled back afterwards."""
        savepoint = transaction.savepoint() if undo else None
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
        if savepoint:
            transaction.savepoint_rollback(savepoint)
        rate = count / seconds
        self.stdout.write(
            f"{label:32} {count:>8,} rows {seconds:8.2f} s {rate:10,.0f} rows/s"
            f"   peak memory {peak_memory_mb():6.0f} MB"
        )
        return rate

    def make_meetings_and_themes(self, rows: int):
        meeting_count = max(1, -(-rows // BLOCKS_PER_MEETING))
        meetings = Meeting.objects.bulk_create(
            Meeting(
                slug=f"bench-{n}",
                title_en=f"Benchmark meeting {n}",
                start_date="2020-01-01",
                end_date="2020-01-02",
                source_language="en",
            )
            for n in range(meeting_count)
        )
        themes = Theme.objects.bulk_create(
            Theme(slug=f"bench-theme-{n}", name_en=f"Theme {n}", position=n) for n in range(THEMES)
        )
        return meetings, themes

    def make_row(self, index: int, meetings, themes, rng: random.Random) -> list:
        """A row of export_columns(None): the address, position, six labels, six texts, themes."""
        meeting = meetings[index // BLOCKS_PER_MEETING]
        position = index % BLOCKS_PER_MEETING + 1
        part, kind, number, suffix, label = block_address(position)
        texts = []
        for code in LANGUAGE_CODES:
            separator = "" if code == "zh-hans" else " "
            texts.append(separator.join(rng.choice(WORDS[code]) for _ in range(25)) + ".")
        theme_slugs = ", ".join(sorted(theme.slug for theme in rng.sample(themes, 2)))
        labels = [label] * len(LANGUAGE_CODES)
        return [meeting.slug, part, kind, number, suffix, position, *labels, *texts, theme_slugs]

    def raw_insert(self, header, data, meetings, themes) -> None:
        data = list(data)
        meeting_ids = {meeting.slug: meeting.pk for meeting in meetings}
        theme_ids = {theme.slug: theme.pk for theme in themes}
        columns = header[1:-1]  # between the meeting and the themes: the model's own fields
        conclusions = [
            Conclusion(meeting_id=meeting_ids[row[0]], **dict(zip(columns, row[1:-1], strict=True))) for row in data
        ]
        Conclusion.objects.bulk_create(conclusions, batch_size=1000)
        through = Conclusion.themes.through
        through.objects.bulk_create(
            [
                through(conclusion_id=conclusion.pk, theme_id=theme_ids[slug])
                for conclusion, row in zip(conclusions, data, strict=True)
                for slug in row[-1].split(", ")
            ],
            batch_size=1000,
        )

    def library_import(self, resource_class, header, data) -> None:
        import tablib

        dataset = tablib.Dataset(*data, headers=header)
        result = resource_class().import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_errors()

    def project_import(self, csv_bytes: bytes, *, dry_run: bool = False) -> None:
        """As the admin and `import_conclusions` do it: the library's Format reads, the Resource imports."""
        dataset = CSV().create_dataset(csv_bytes)
        result = ConclusionResource().import_data(dataset, dry_run=dry_run, file_name="bench.csv")
        assert not result.has_validation_errors(), result.invalid_rows[:3]

    def export_all(self) -> None:
        resource = ConclusionResource()
        resource.write_file("csv", Conclusion.objects.all(), resource.columns_for(None), io.BytesIO())


def block_address(position: int) -> tuple[int, str, int, str, str]:
    """Part, kind, number, number suffix and label of the block at `position` of a generated document.

    Heading lines, then preamble paragraphs, then numbered paragraphs each
    followed now and then by a sub-item, and now and then by a paragraph
    "N bis"; the annex (part 2) numbers its paragraphs from 1 again. Numbers
    count the blocks of each kind in each part ("N bis" takes no number).
    """
    if position <= HEADING_LINES:
        return 1, BlockKind.HEADING.value, position, "", ""
    if position <= HEADING_LINES + PREAMBLE_PARAGRAPHS:
        return 1, BlockKind.PREAMBLE.value, position - HEADING_LINES, "", ""
    part, first = (1, HEADING_LINES + PREAMBLE_PARAGRAPHS + 1) if position < ANNEX_STARTS_AT else (2, ANNEX_STARTS_AT)
    offset = position - first  # from 0, within the part's body
    items_before = offset // ITEM_EVERY
    if offset % ITEM_EVERY == ITEM_EVERY - 1:
        return part, BlockKind.ITEM.value, items_before + 1, "", "(a)"
    bis_so_far = (offset + BIS_EVERY - BIS_AT) // BIS_EVERY  # this one included
    # A paragraph "N bis" has the number of the paragraph before it, which this formula gives it.
    number = offset - items_before - bis_so_far + 1
    if offset % BIS_EVERY == BIS_AT:
        return part, BlockKind.PARAGRAPH.value, number, "bis", f"{number} bis."
    return part, BlockKind.PARAGRAPH.value, number, "", f"{number}."
