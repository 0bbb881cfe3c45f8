"""Two language versions of a meeting, block by block, and one paragraph (with its sub-items) in every language.

The blocks come in the order the meeting page shows them (public/outline.py):
the heading as printed, each part's blocks, each paragraph followed by its
sub-items, the footnotes last. Each text keeps its own language and direction
(Arabic right to left next to French left to right), and so does each label
("(a)", "I.") where a version has none of its own and shows the original's.
A version that is missing or has fallen behind the original is marked where
it would be, not hidden. Both pages run a fixed number of queries: the
meeting, its blocks, and their translation status.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from conclusions.languages import (
    LANGUAGE_CODES,
    LocalizedText,
    current_language,
    is_right_to_left,
    language_name,
    translated_column,
)
from conclusions.models import Conclusion, Meeting
from conclusions.public.citations import version_standing
from conclusions.public.outline import citable_block, document_outline
from conclusions.public.page_cache import public_page
from conclusions.translations.status import MISSING, OUTDATED, translation_statuses


@dataclass(frozen=True)
class Version:
    """One language version of a meeting, as a column or a block."""

    code: str
    name: str
    is_original: bool

    @property
    def direction(self) -> str:
        return "rtl" if is_right_to_left(self.code) else "ltr"

    meeting: Meeting

    @property
    def standing(self) -> str:
        """What this version is: the original, an official language version, or an unofficial translation."""
        return version_standing(self.meeting, self.code)


@dataclass(frozen=True)
class Cell:
    """A text in one version: empty when not translated; outdated when the original changed since."""

    version: Version
    text: str
    status: str
    label: LocalizedText

    @property
    def is_missing(self) -> bool:
        return self.status == MISSING or not self.text.strip()

    @property
    def is_outdated(self) -> bool:
        return self.status == OUTDATED


@dataclass(frozen=True)
class VersionOfBlock:
    """A block in one version, with its sub-items in that version."""

    cell: Cell
    items: list[tuple[Conclusion, Cell]]

    @property
    def is_missing(self) -> bool:
        """Nothing of it is translated: said once, not once per sub-item."""
        return self.cell.is_missing and all(cell.is_missing for _item, cell in self.items)


def version_of(meeting: Meeting, code: str) -> Version:
    return Version(
        code=code,
        name=language_name(code),
        is_original=code == meeting.source_language,
        meeting=meeting,
    )


def default_pair(meeting: Meeting) -> tuple[str, str]:
    """The page's language next to the original; the original next to English when they are the same."""
    page = current_language()
    if page != meeting.source_language:
        return page, meeting.source_language
    return page, "en" if page != "en" else next(code for code in LANGUAGE_CODES if code != page)


def chosen_pair(request: HttpRequest, meeting: Meeting) -> tuple[tuple[str, str], str]:
    """The two languages asked for in ?left=&right=, or the default pair with a message saying why."""
    default = default_pair(meeting)
    asked = (request.GET.get("left", default[0]), request.GET.get("right", default[1]))
    unknown = [code for code in asked if code not in LANGUAGE_CODES]
    if unknown:
        message = _("“%(code)s” is not one of the six languages; showing %(left)s and %(right)s.") % {
            "code": unknown[0][:20],
            "left": language_name(default[0]),
            "right": language_name(default[1]),
        }
        return default, message
    return asked, ""


def label_in(block: Conclusion, version: Version) -> LocalizedText:
    """The block's label in the version's language, else as the original prints it ("(a)" is often both)."""
    own = getattr(block, translated_column("label", version.code)) or ""
    if own.strip():
        return LocalizedText(text=own, language=version.code, requested_language=version.code)
    original = block.meeting.source_language
    printed = getattr(block, translated_column("label", original)) or ""
    return LocalizedText(text=printed, language=original, requested_language=version.code)


def cells(block: Conclusion, versions: list[Version], statuses: dict) -> list[Cell]:
    return [
        Cell(
            version=version,
            text=getattr(block, translated_column("text", version.code)) or "",
            status=statuses.get((block.pk, version.code), MISSING),
            label=label_in(block, version),
        )
        for version in versions
    ]


@public_page(parameters=("left", "right"))
@require_safe
def meeting_side_by_side(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), slug=slug)
    (left, right), message = chosen_pair(request, meeting)
    versions = [version_of(meeting, left), version_of(meeting, right)]
    blocks = list(meeting.conclusions.order_by("position"))
    statuses = translation_statuses(blocks, "text")
    context = {
        "meeting": meeting,
        "versions": versions,
        "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
        "message": message,
        "rows": [(block, cells(block, versions, statuses)) for block in document_outline(blocks).in_reading_order()],
    }
    return render(request, "conclusions/side_by_side.html", context, status=400 if message else 200)


@public_page
@require_safe
def conclusion_all_languages(request: HttpRequest, slug: str, **address) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), slug=slug)
    conclusion = citable_block(meeting, **address)
    versions = [version_of(meeting, code) for code in LANGUAGE_CODES]
    # The original first: the other versions are read against it.
    versions.sort(key=lambda version: not version.is_original)
    statuses = translation_statuses([conclusion, *conclusion.items], "text")
    per_item = {item: cells(item, versions, statuses) for item in conclusion.items}
    shown = [
        VersionOfBlock(cell, [(item, item_cells[index]) for item, item_cells in per_item.items()])
        for index, cell in enumerate(cells(conclusion, versions, statuses))
    ]
    return render(
        request,
        "conclusions/conclusion_all_languages.html",
        {"meeting": meeting, "conclusion": conclusion, "shown": shown},
    )
