"""The translator kit: one language's translations to work on in a spreadsheet, and back.

A kit row is a block of a document, in document order: its address
(meeting, part, kind, number, number suffix), the source language, the
source label and source text to translate from, the current label and
translation in the kit's language (`label_fr`, `text_fr`, ...), the status
of its text (missing, current, outdated) and the fingerprint of the source
text as exported. Every block with text is there, from the heading lines to
the footnotes; page furniture (a symbol or page number a printed copy
repeats) is not translated and is left out. It is written by the same CSV,
XLSX and ODS writers as every export, and read back by the conclusion
import, which recognises a kit by its fingerprint column: it updates only
that language, and refuses the rows whose source text changed after the kit
was exported (see `spreadsheets.conclusion_plan.check_kit_row`). A saved translation is
current, so what a kit brings in is marked current by the usual bookkeeping.
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from conclusions.languages import translated_column
from conclusions.models import BlockKind
from conclusions.spreadsheets.conclusion_plan import KEY_COLUMNS, KIT_REFERENCE_COLUMNS
from conclusions.spreadsheets.export import CHUNK_SIZE, in_chunks
from conclusions.translations.status import fingerprint, translation_statuses


def kit_columns(language: str) -> list[str]:
    source_language, source_label, source_text, status, source_fingerprint = KIT_REFERENCE_COLUMNS
    return [
        *KEY_COLUMNS,
        source_language,
        source_label,
        source_text,
        translated_column("label", language),
        translated_column("text", language),
        status,
        source_fingerprint,
    ]


def key_cells(block) -> list:
    """The block's address, in the order of the key columns every import reads it by."""
    address = {
        "meeting": block.meeting.slug,
        "part": block.part,
        "kind": block.kind,
        "number": block.number,
        "number_suffix": block.number_suffix,
    }
    return [address[column] for column in KEY_COLUMNS]


def kit_rows(queryset: QuerySet, language: str) -> Iterator[list]:
    """The kit's rows for the queryset's blocks, by meeting slug and in document order.

    Blocks whose original is in `language` have nothing to translate and
    are left out. Queries: one per chunk of blocks, one per chunk for
    their statuses.
    """
    blocks = (
        queryset.select_related("meeting")
        .exclude(meeting__source_language=language)
        .exclude(kind=BlockKind.FURNITURE)
        .order_by("meeting__slug", "position")
    )
    label_column, text_column = translated_column("label", language), translated_column("text", language)
    for chunk in in_chunks(blocks.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        statuses = translation_statuses(chunk, "text")
        for block in chunk:
            source_language = block.meeting.source_language
            source_text = getattr(block, translated_column("text", source_language)) or ""
            yield [
                *key_cells(block),
                source_language,
                getattr(block, translated_column("label", source_language)) or "",
                source_text,
                getattr(block, label_column) or "",
                getattr(block, text_column) or "",
                statuses[(block.pk, language)],
                fingerprint(source_text),
            ]
