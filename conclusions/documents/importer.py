"""Bring a parsed outcome document into the database as a meeting and its conclusions.

Written through `conclusions.content`, like every other writer: history,
translation status, search texts and the content version follow.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
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
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


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
    """Write the document's preamble and paragraphs in `language`, all or nothing.

    A new meeting is created as a draft whose source language is `language`.
    An existing meeting is only touched with `replace`: in its source language
    the paragraphs are made to match the document exactly (added, changed,
    removed); in another language the document must have the same paragraph
    numbers, and only that language's text changes.
    """
    text_column = translated_column("text", language)
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
        setattr(meeting, translated_column("preamble", language), "\n\n".join(document.preamble))
        try:
            meeting.full_clean()
        except ValidationError as error:
            raise DocumentError(" ".join(error.messages)) from error

        existing = {conclusion.number: conclusion for conclusion in meeting.conclusions.all()} if meeting.pk else {}
        numbers = [number for number, _text in document.conclusions]
        if language != meeting.source_language and sorted(existing) != numbers:
            raise DocumentError(
                _(
                    "The %(language)s document has paragraphs %(found)s but the meeting has %(expected)s: "
                    "a translation must have the same paragraphs as the original."
                )
                % {
                    "language": language_name(language),
                    "found": describe_numbers(numbers),
                    "expected": describe_numbers(sorted(existing)),
                }
            )
        written = []
        for number, text in document.conclusions:
            conclusion = existing.get(number) or Conclusion(meeting=meeting, number=number)
            if getattr(conclusion, text_column) == text:
                continue
            (report.updated if conclusion.pk else report.created).append(number)
            setattr(conclusion, text_column, text)
            written.append(conclusion)
        # The meeting first: new paragraphs need its id.
        content_save([meeting, *written], user=user)
        report.deleted = sorted(set(existing) - set(numbers))
        content_delete([existing[number] for number in report.deleted], user=user)
    return report


def describe_numbers(numbers: list[int]) -> str:
    if not numbers:
        return "—"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers))
