"""The translator kit: one language's translations to work on in a spreadsheet, and back.

A kit row is a paragraph: its key (meeting, number), the source language and
source text to translate from, the current translation in the kit's language
(`text_fr`, ...), its status (missing, current, outdated) and the fingerprint
of the source text as exported. It is written by the same CSV, XLSX and ODS
writers as every export, and read back by the conclusion import, which
recognises a kit by its fingerprint column: it updates only that language,
and refuses the rows whose source text changed after the kit was exported
(see `spreadsheets.conclusion_plan.check_kit_row`). A saved translation is current, so
what a kit brings in is marked current by the usual bookkeeping.
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from conclusions.languages import translated_column
from conclusions.spreadsheets.conclusion_plan import KEY_COLUMNS, KIT_REFERENCE_COLUMNS
from conclusions.spreadsheets.export import CHUNK_SIZE, in_chunks
from conclusions.translations.status import fingerprint, translation_statuses


def kit_columns(language: str) -> list[str]:
    source_language, source_text, status, source_fingerprint = KIT_REFERENCE_COLUMNS
    return [
        *KEY_COLUMNS,
        source_language,
        source_text,
        translated_column("text", language),
        status,
        source_fingerprint,
    ]


def kit_rows(queryset: QuerySet, language: str) -> Iterator[list]:
    """The kit's rows for the queryset's paragraphs, by meeting slug and number.

    Paragraphs whose original is in `language` have nothing to translate and
    are left out. Queries: one per chunk of paragraphs, one per chunk for
    their statuses.
    """
    paragraphs = (
        queryset.select_related("meeting")
        .exclude(meeting__source_language=language)
        .order_by("meeting__slug", "number")
    )
    translation_column = translated_column("text", language)
    for chunk in in_chunks(paragraphs.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        statuses = translation_statuses(chunk, "text")
        for paragraph in chunk:
            source_language = paragraph.meeting.source_language
            source_text = getattr(paragraph, translated_column("text", source_language)) or ""
            yield [
                paragraph.meeting.slug,
                paragraph.number,
                source_language,
                source_text,
                getattr(paragraph, translation_column) or "",
                statuses[(paragraph.pk, language)],
                fingerprint(source_text),
            ]
