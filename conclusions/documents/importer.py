"""Bring a parsed outcome document into the database as a meeting and its blocks (conclusions).

Written through `conclusions.content`, like every other writer: history,
translation status, search texts and the content version follow.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from conclusions.content import content_delete, content_save, one_change
from conclusions.documents.storable import OutcomeDocument
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import language_name, translated_column
from conclusions.models import Conclusion, Meeting


@dataclass
class DocumentImportReport:
    meeting: Meeting
    created_meeting: bool
    created: list[tuple] = field(default_factory=list)  # keys (part, kind, number) of the blocks written
    updated: list[tuple] = field(default_factory=list)
    deleted: list[tuple] = field(default_factory=list)


def document_import(
    *,
    document: OutcomeDocument,
    slug: str,
    language: str,
    title: str,
    dates: tuple[datetime.date, datetime.date] | None,
    replace: bool,
    user=None,
) -> DocumentImportReport:
    """Write the document's blocks in `language`, all or nothing.

    A new meeting is created as a draft whose source language is `language`.
    An existing meeting is only touched with `replace`: in its source language
    its blocks are made to match the document exactly (added, changed, moved,
    removed); in another language the document must have the same blocks,
    and only that language's texts and labels change.
    """
    with one_change():
        meeting = Meeting.objects.select_for_update().filter(slug=slug).first()
        if meeting is not None and not replace:
            raise DocumentError(
                _("A meeting with the slug “%(slug)s” already exists. Use --replace to replace its %(language)s text.")
                % {"slug": slug, "language": language_name(language)}
            )
        report = DocumentImportReport(meeting=meeting, created_meeting=meeting is None)
        if meeting is None:
            if dates is None:
                raise DocumentError(
                    _("No meeting dates were found in the document's heading. Give --start-date and --end-date.")
                )
            meeting = Meeting(slug=slug, source_language=language, start_date=dates[0], end_date=dates[1])
            setattr(meeting, translated_column("title", language), title or slug)
            report.meeting = meeting
            try:
                meeting.full_clean()
            except ValidationError as error:
                raise DocumentError(" ".join(error.messages)) from error
        existing = {block_key(block): block for block in meeting.conclusions.all()} if meeting.pk else {}
        if language != meeting.source_language:
            require_same_blocks(document, list(existing), language)
        moved = any(key != block.key for key, block in zip(existing, document.blocks, strict=False))
        written = blocks_to_write(document, existing, language, report, moved=moved)
        if meeting.pk is None:
            content_save([meeting], user=user)
        else:
            report.deleted = [key for key in existing if key not in {block.key for block in document.blocks}]
            content_delete([existing[key] for key in report.deleted], user=user)
            if moved:
                # Positions are unique: the blocks kept move out of the way before they take their new places.
                meeting.conclusions.update(position=F("position") + MOVED_ASIDE)
        content_save(written, user=user)
    return report


# Far above any real position, and still within a 32-bit integer with it.
MOVED_ASIDE = 1_000_000_000


def block_key(block: Conclusion) -> tuple[int, str, int]:
    return (block.part, block.kind, block.number)


def blocks_to_write(document: OutcomeDocument, existing: dict, language: str, report, *, moved: bool):
    """The meeting's blocks that the document adds or changes (all of them if any `moved`), at their new positions."""
    text_column, label_column = translated_column("text", language), translated_column("label", language)
    written = []
    for position, block in enumerate(document.blocks, 1):
        stored = existing.get(block.key) or Conclusion(
            meeting=report.meeting, kind=block.kind, part=block.part, number=block.number
        )
        unchanged = (getattr(stored, text_column), getattr(stored, label_column) or "") == (block.text, block.label)
        if stored.pk and unchanged and stored.position == position and not moved:
            continue
        if stored.pk and not unchanged:
            report.updated.append(block.key)
        elif not stored.pk:
            report.created.append(block.key)
        setattr(stored, text_column, block.text)
        setattr(stored, label_column, block.label)
        stored.position = position
        written.append(stored)
    return written


def require_same_blocks(document: OutcomeDocument, expected: list[tuple], language: str) -> None:
    """A translation has the original's blocks, in its order; else the first difference, by block and line."""
    found = [block.key for block in document.blocks]
    if found == expected:
        return
    index = next(
        (index for index, (block, key) in enumerate(zip(found, expected, strict=False)) if block != key),
        min(len(found), len(expected)),
    )
    at = document.blocks[index] if index < len(found) else None
    raise DocumentError(
        _(
            "The %(language)s document does not have the same blocks as the original: block %(block)s is "
            "%(found)s where the original has %(expected)s. A translation must have the same blocks, in the same "
            "order. Nothing was imported."
        )
        % {
            "language": language_name(language),
            "block": index + 1,
            "found": describe_block(at.key, at.line) if at else _("missing"),
            "expected": describe_block(expected[index]) if index < len(expected) else _("nothing"),
        }
    )


def describe_block(key: tuple[int, str, int], line: int | None = None) -> str:
    part, kind, number = key
    described = _("%(kind)s %(number)s") % {"kind": Conclusion.Kind(kind).label, "number": number}
    if part != 1:
        described = _("part %(part)s, %(block)s") % {"part": part, "block": described}
    if line:
        described = _("%(block)s (line %(line)s)") % {"block": described, "line": line}
    return described
