"""What of a document's structure the site stores today: heading lines, preamble and numbered paragraphs.

Meetings hold a preamble and numbered conclusions; parts, section
headings, sub-items, unnumbered body paragraphs, footnotes and closing lines
have no place yet. A document that has any of them is refused as a whole,
with each named by its line, rather than imported with text left out:
no character of an official text is dropped silently.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from conclusions.documents.structure import DocumentStructure, Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.documents.text_lines import DIGIT_VALUES, printed_number

# What the site cannot store yet, and how to name it: (kind, singular, plural).
NOT_STORED = [
    (
        Kind.PART,
        ngettext_lazy("%(count)s part heading (line %(lines)s)", "%(count)s part headings (lines %(lines)s)", "count"),
    ),
    (
        Kind.SECTION,
        ngettext_lazy(
            "%(count)s section heading (line %(lines)s)", "%(count)s section headings (lines %(lines)s)", "count"
        ),
    ),
    (
        Kind.ITEM,
        ngettext_lazy("%(count)s sub-item (line %(lines)s)", "%(count)s sub-items (lines %(lines)s)", "count"),
    ),
    (
        Kind.UNNUMBERED,
        ngettext_lazy(
            "%(count)s unnumbered paragraph (line %(lines)s)",
            "%(count)s unnumbered paragraphs (lines %(lines)s)",
            "count",
        ),
    ),
    (
        Kind.FOOTNOTE,
        ngettext_lazy("%(count)s footnote (line %(lines)s)", "%(count)s footnotes (lines %(lines)s)", "count"),
    ),
    (
        Kind.CLOSING,
        ngettext_lazy("%(count)s closing line (line %(lines)s)", "%(count)s closing lines (lines %(lines)s)", "count"),
    ),
    (
        Kind.FURNITURE,
        ngettext_lazy(
            "%(count)s line of page furniture (line %(lines)s)",
            "%(count)s lines of page furniture (lines %(lines)s)",
            "count",
        ),
    ),
]
SHOWN_LINES = 5


@dataclass
class OutcomeDocument:
    """What the site stores of a document: heading lines (to fill the meeting's fields), preamble, paragraphs."""

    heading: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    conclusions: list[tuple[int, str]] = field(default_factory=list)


def line_list(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:SHOWN_LINES]))
    return shown + (" …" if len(numbers) > SHOWN_LINES else "")


def outcome_document_of(structure: DocumentStructure) -> OutcomeDocument:
    """The heading lines, preamble and numbered paragraphs, or a DocumentError naming what cannot be stored."""
    if structure.warnings:
        warning = structure.warnings[0]
        raise DocumentError(_("Line %(line)s: %(message)s") % {"line": warning.line, "message": warning.message})
    paragraphs = structure.of_kind(Kind.PARAGRAPH)
    if not paragraphs:
        raise DocumentError(_("No numbered paragraphs (“1. …”) were found in the document."))
    found = []
    for kind, description in NOT_STORED:
        blocks = structure.of_kind(kind)
        if blocks:
            found.append(description % {"count": len(blocks), "lines": line_list([block.line for block in blocks])})
    labels = [block for block in paragraphs if not block.label.translate(DIGIT_VALUES).isdigit()]
    if labels:
        found.append(
            _("paragraph numbers such as “%(label)s” (line %(line)s)")
            % {"label": labels[0].label, "line": labels[0].line}
        )
    if structure.parts > 1 and not structure.of_kind(Kind.PART):
        restart = next(block for block in paragraphs if block.part == 2)
        found.append(_("numbering that starts again at line %(line)s") % {"line": restart.line})
    if found:
        raise DocumentError(
            _(
                "The site stores a document's heading, preamble and numbered paragraphs only, and this one also has "
                "%(found)s. Nothing was imported."
            )
            % {"found": "; ".join(found)}
        )
    return OutcomeDocument(
        heading=[block.text for block in structure.of_kind(Kind.HEADING)],
        preamble=[block.text for block in structure.of_kind(Kind.PREAMBLE)],
        conclusions=[(printed_number(block.label), block.text) for block in paragraphs],
    )
