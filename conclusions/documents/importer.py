"""Bring a parsed outcome document into the database as a meeting and its blocks (conclusions).

Written through `conclusions.content`, like every other writer: history,
translation status, search texts and the content version follow. All or
nothing, in one transaction; the meeting's row is locked while it is
written, so two imports into one meeting follow each other, and of two
imports that create the same meeting at once one wins and the other is
told so, with nothing written.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection
from django.db.models import F
from django.utils.translation import gettext as _

from conclusions.change_reasons import DOCUMENT, change_reason
from conclusions.content import content_delete, content_save, one_change
from conclusions.documents.block_matching import block_mismatches, mismatch_summary
from conclusions.documents.storable import OutcomeDocument
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import language_name, translated_column
from conclusions.models import Conclusion, Meeting

# The meeting's fields a document's heading may give, in the document's language.
DETAIL_FIELDS = ("title", "document_title", "organizers", "venue")


class SlugTaken(DocumentError):
    """A meeting with this slug exists already, or was created meanwhile by another import."""


@dataclass
class DocumentImportReport:
    meeting: Meeting
    created_meeting: bool
    created: list[tuple] = field(default_factory=list)  # keys (part, kind, number, suffix) of the blocks written
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
    details: Mapping[str, str] | None = None,
    user=None,
    file_name: str = "",
) -> DocumentImportReport:
    """Write the document's blocks in `language`, all or nothing.

    A new meeting is created as a draft whose source language is `language`,
    titled `title` (or its slug). An existing meeting is only touched with
    `replace`: in its source language its blocks are made to match the
    document exactly (added, changed, moved, removed); in another language
    the document must have the same blocks in the same order (else nothing
    is written, and the message lists where they differ), and only that
    language's texts and labels change. `details` are the meeting's other
    fields in `language` (document title, organizers, venue): those given
    are written, the others left as they are.
    The history says the change was the document `file_name` brought in.
    """
    try:
        with one_change():
            return write_document(
                document=document,
                slug=slug,
                language=language,
                dates=dates,
                replace=replace,
                details={**(details or {}), "title": title or (details or {}).get("title", "")},
                user=user,
                reason=change_reason(DOCUMENT, file_name),
            )
    except IntegrityError as error:
        # Another import created the meeting between our look and our write (its unique slug stopped ours).
        if not replace and Meeting.objects.filter(slug=slug).exists():
            raise SlugTaken(
                _(
                    "A meeting with the identifier “%(slug)s” was created meanwhile, by another import: "
                    "nothing was written."
                )
                % {"slug": slug}
            ) from error
        raise
    except OperationalError as error:
        # SQLite lets one transaction write at a time, and refuses a second that read before the first wrote.
        if connection.vendor == "sqlite" and "locked" in str(error):
            raise DocumentError(
                _("Another change was being written at the same moment: nothing was written. Confirm again.")
            ) from error
        raise


def write_document(*, document, slug, language, dates, replace, details, user, reason) -> DocumentImportReport:
    """The import, inside its transaction (see `document_import`)."""
    meeting = Meeting.objects.select_for_update().filter(slug=slug).first()
    if meeting is not None and not replace:
        raise SlugTaken(
            _("A meeting with the identifier “%(slug)s” already exists: nothing was written.") % {"slug": slug}
        )
    report = DocumentImportReport(meeting=meeting, created_meeting=meeting is None)
    if meeting is None:
        meeting = report.meeting = new_meeting(slug, language, dates, details)
        content_save([meeting], user=user, reason=reason)
    stored = list(meeting.conclusions.order_by("position"))
    if language != meeting.source_language:
        require_same_blocks(document, stored, language, meeting.source_language)
    if not report.created_meeting and set_details(meeting, language, details):
        content_save([meeting], user=user, reason=reason)
    if language != meeting.source_language:
        content_save(translated_blocks(document, stored, language, report), user=user, reason=reason)
        return report
    existing = {block_key(block): block for block in stored}
    moved = any(key != block.key for key, block in zip(existing, document.blocks, strict=False))
    written = blocks_to_write(document, existing, language, report, moved=moved)
    report.deleted = [key for key in existing if key not in {block.key for block in document.blocks}]
    content_delete([existing[key] for key in report.deleted], user=user, reason=reason)
    if moved:
        # Positions are unique: the blocks kept move out of the way before they take their new places.
        meeting.conclusions.update(position=F("position") + MOVED_ASIDE)
    content_save(written, user=user, reason=reason)
    return report


def new_meeting(slug: str, language: str, dates, details: Mapping[str, str]) -> Meeting:
    """An unsaved draft meeting in `language`, titled by its slug unless told otherwise, checked as the admin
    checks one (its slug is checked unique by the lookup before and by the database on saving)."""
    if dates is None:
        raise DocumentError(_("No meeting dates were found in the document's heading: give the start date."))
    meeting = Meeting(slug=slug, source_language=language, start_date=dates[0], end_date=dates[1])
    set_details(meeting, language, {"title": slug, **{name: text for name, text in details.items() if text}})
    try:
        meeting.full_clean(validate_unique=False)
    except ValidationError as error:
        raise DocumentError(" ".join(error.messages)) from error
    return meeting


def set_details(meeting: Meeting, language: str, details: Mapping[str, str]) -> bool:
    """Write the given (non-empty) fields of the meeting in `language`; whether any changed."""
    changed = False
    for name in DETAIL_FIELDS:
        text = (details.get(name) or "").strip()
        column = translated_column(name, language)
        if text and text != getattr(meeting, column):
            setattr(meeting, column, text)
            changed = True
    return changed


# Far above any real position, and still within a 32-bit integer with it.
MOVED_ASIDE = 1_000_000_000


def block_key(block: Conclusion) -> tuple[int, str, int, str]:
    return (block.part, block.kind, block.number, block.number_suffix)


def blocks_to_write(document: OutcomeDocument, existing: dict, language: str, report, *, moved: bool):
    """The meeting's blocks that the document adds or changes (all of them if any `moved`), at their new positions."""
    text_column, label_column = translated_column("text", language), translated_column("label", language)
    written = []
    for position, block in enumerate(document.blocks, 1):
        stored = existing.get(block.key) or Conclusion(
            meeting=report.meeting,
            kind=block.kind,
            part=block.part,
            number=block.number,
            number_suffix=block.number_suffix,
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


def translated_blocks(document: OutcomeDocument, stored: list[Conclusion], language: str, report) -> list:
    """The meeting's blocks with the translation's texts and labels, block by block, where they changed."""
    text_column, label_column = translated_column("text", language), translated_column("label", language)
    written = []
    for block, translated in zip(stored, document.blocks, strict=True):
        if (getattr(block, text_column) or "", getattr(block, label_column) or "") == (
            translated.text,
            translated.label,
        ):
            continue
        setattr(block, text_column, translated.text)
        setattr(block, label_column, translated.label)
        report.updated.append(block_key(block))
        written.append(block)
    return written


def require_same_blocks(document: OutcomeDocument, stored: list[Conclusion], language: str, source: str) -> None:
    """A translation has the original's blocks, in its order; else where it differs, by block and line."""
    mismatches = block_mismatches(document.blocks, stored, source)
    if mismatches:
        raise DocumentError(
            _(
                "The %(language)s document does not have the same blocks as the original (%(count)s differences): "
                "%(differences)s A translation must have the same blocks, in the same order. Nothing was imported."
            )
            % {
                "language": language_name(language),
                "count": len(mismatches),
                "differences": mismatch_summary(mismatches),
            }
        )
