"""What "Bring in a document" shows before anything is written: every block found, and what confirming would do.

The file is read as `import_document` reads it (`documents.reading`); each
block is listed with its line, part, kind ("paragraph 3", "sub-item (b)",
"section heading", "page furniture"), label as printed and first words. For
a new meeting, its fields are proposed from the heading
(`documents.heading_details`); for a translation of an existing meeting,
the document's blocks are matched with the meeting's, block by block, and
every difference is listed with its line. A document that cannot be stored
(`documents.storable`) or a translation that does not match is shown all
the same, with the reason, and cannot be confirmed.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conclusions.documents.block_matching import Mismatch, block_mismatches
from conclusions.documents.block_names import BlockRow, block_row
from conclusions.documents.heading_details import HeadingDetails, heading_details
from conclusions.documents.reading import read_document
from conclusions.documents.storable import OutcomeDocument, outcome_document_of
from conclusions.documents.structure import Block, DocumentStructure, Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import translated_column
from conclusions.models import BlockKind, Meeting

# A document longer than this is listed in part: the page stays usable, and the counts say how many there are.
SHOWN_BLOCKS = 1000


@dataclass
class DocumentPreview:
    name: str
    language: str
    structure: DocumentStructure
    meeting: Meeting | None = None  # the meeting a translation is for; None for a new meeting
    document: OutcomeDocument | None = None  # None when the structure cannot be stored
    refusal: str = ""
    mismatches: list[Mismatch] = field(default_factory=list)
    details: HeadingDetails = field(default_factory=HeadingDetails)

    @property
    def importable(self) -> bool:
        return self.document is not None and not self.refusal and not self.mismatches

    @property
    def furniture(self) -> list[Block]:
        return self.structure.of_kind(Kind.FURNITURE)

    def rows(self) -> list[BlockRow]:
        return [block_row(block) for block in self.structure.blocks[:SHOWN_BLOCKS]]

    @property
    def more_blocks(self) -> int:
        return max(0, len(self.structure.blocks) - SHOWN_BLOCKS)

    def counts(self) -> list[tuple[str, int]]:
        """How many blocks of each kind, in the order of the kinds, the kinds found only."""
        return [(BlockKind(kind).label, count) for kind, count in self.structure.counts().items() if count]

    def detail_sources(self) -> dict[str, str]:
        """Where each proposed field comes from, for the editor to check: the heading's lines, or the meeting."""
        found = {
            "title": self.details.title,
            "document_title": self.details.document_title,
            "organizers": self.details.organizers,
            "venue": self.details.venue,
        }
        sources = {}
        for name in found:
            if self.meeting is not None and getattr(self.meeting, translated_column(name, self.language)):
                sources[name] = _("As the meeting has it.")
            elif found[name] is not None:
                sources[name] = heading_lines_source(found[name].lines)
        if self.details.dates_line:
            sources["start_date"] = heading_lines_source([self.details.dates_line])
        return sources

    def proposed_details(self) -> dict[str, str]:
        """The meeting's fields to propose: for a translation, those it has in the language, else the heading's."""
        proposed = self.details.texts()
        if self.meeting is None:
            return proposed
        return {
            name: getattr(self.meeting, translated_column(name, self.language)) or text
            for name, text in proposed.items()
        }


def preview_document(data: bytes, name: str, *, language: str, meeting: Meeting | None = None) -> DocumentPreview:
    """The preview of a file; raises DocumentError only if it cannot be read at all."""
    preview = DocumentPreview(name=name, language=language, structure=read_document(data, name), meeting=meeting)
    try:
        preview.document = outcome_document_of(preview.structure)
    except DocumentError as error:
        preview.refusal = str(error)
        return preview
    preview.details = heading_details(preview.document.heading_lines, language, preview.document.closing_lines)
    if meeting is not None:
        original = list(meeting.conclusions.order_by("position"))
        preview.mismatches = block_mismatches(preview.document.blocks, original, meeting.source_language)
    return preview


def heading_lines_source(lines: list[int]) -> str:
    return ngettext("From the heading's line %(lines)s.", "From the heading's lines %(lines)s.", len(lines)) % {
        "lines": ", ".join(map(str, lines))
    }


def furniture_choice(block: Block) -> tuple[str, str]:
    """A piece of page furniture as a choice to leave out: its line, and the line with what it prints."""
    return (str(block.line), _("line %(line)s: %(text)s") % {"line": block.line, "text": block.text})
