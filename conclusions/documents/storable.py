"""A document's structure as the site stores it: its blocks in order, each with the number that addresses it.

Every block the reader found is stored, in its order, as printed: heading
lines, preamble, parts, sections, numbered paragraphs and their sub-items,
unnumbered paragraphs, closing lines, footnotes, and the page furniture of a
printed copy, which is left out only where the editor says so: all of it
(`leave_out_furniture`, the command's option) or the blocks they chose, by
their line (`leave_out`, the admin's boxes). A block's
label is its marker as printed ("1.", "(a)", "I.", "——"); its number is a
numbered paragraph's number, or else its rank among the blocks of its kind
in its part (see `Conclusion`).

Refused, with the line: a paragraph number that is not a plain number
("17 bis", which would need an address the site does not give yet) and a
number repeated within a part.
"""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.documents.structure import DocumentStructure, Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.documents.text_lines import DIGIT_VALUES, printed_number

# An error quotes this much of the block it names.
EXCERPT_CHARACTERS = 40


@dataclass
class StoredBlock:
    kind: Kind
    part: int
    number: int
    label: str
    text: str
    line: int  # where it was read from, for messages

    @property
    def key(self) -> tuple[int, str, int]:
        """What identifies the block in its meeting, whatever its position: (part, kind, number)."""
        return (self.part, str(self.kind), self.number)


@dataclass
class OutcomeDocument:
    blocks: list[StoredBlock] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # lines of page furniture the editor chose to leave out

    def texts(self, kind: Kind) -> list[str]:
        return [block.text for block in self.blocks if block.kind == kind]

    @property
    def heading(self) -> list[str]:
        return self.texts(Kind.HEADING)

    @property
    def heading_lines(self) -> list[tuple[int, str]]:
        """The heading's lines as (line number, text), for the meeting's fields (`heading_details`)."""
        return self.lines_of(Kind.HEADING)

    @property
    def closing_lines(self) -> list[tuple[int, str]]:
        """The closing lines as (line number, text): where the date of adoption or signature is printed."""
        return self.lines_of(Kind.CLOSING)

    def lines_of(self, kind: Kind) -> list[tuple[int, str]]:
        return [(block.line, block.text) for block in self.blocks if block.kind == kind]

    def count(self, kind: Kind) -> int:
        return sum(1 for block in self.blocks if block.kind == kind)


def outcome_document_of(
    structure: DocumentStructure, *, leave_out_furniture: bool = False, leave_out: Collection[int] = ()
) -> OutcomeDocument:
    """The blocks to store, or a DocumentError naming the line that cannot be stored.

    Page furniture is left out all of it with `leave_out_furniture`, or the
    blocks whose first line is in `leave_out`, which must all be furniture.
    """
    furniture_lines = {block.line for block in structure.of_kind(Kind.FURNITURE)}
    if not_furniture := sorted(set(leave_out) - furniture_lines):
        raise DocumentError(
            _("Line %(line)s is not page furniture: only page furniture can be left out.") % {"line": not_furniture[0]}
        )
    if structure.warnings:
        warning = structure.warnings[0]
        raise DocumentError(
            _("%(line)s: %(message)s") % {"line": line_quoted(structure, warning.line), "message": warning.message}
        )
    if not structure.of_kind(*(kind for kind in Kind if kind not in (Kind.HEADING, Kind.FURNITURE))):
        raise DocumentError(_("No paragraphs were found in the document, only heading lines."))
    document = OutcomeDocument()
    ranks = Counter()
    numbers = {}
    for block in structure.blocks:
        if block.kind == Kind.FURNITURE and (leave_out_furniture or block.line in leave_out):
            document.left_out += [number for number, _line in block.source] or [block.line]
            continue
        if block.kind == Kind.PARAGRAPH:
            number = paragraph_number(block)
            if (block.part, number) in numbers:
                raise DocumentError(
                    _("%(line)s: paragraph %(number)s again, after line %(first)s, in the same part.")
                    % {
                        "line": line_quoted(structure, block.line),
                        "number": number,
                        "first": numbers[(block.part, number)],
                    }
                )
            numbers[(block.part, number)] = block.line
        else:
            ranks[(block.part, block.kind)] += 1
            number = ranks[(block.part, block.kind)]
        document.blocks.append(
            StoredBlock(
                kind=block.kind,
                part=block.part,
                number=number,
                label=block.marker.strip(),
                text=block.text,
                line=block.line,
            )
        )
    return document


def line_quoted(structure: DocumentStructure, line: int) -> str:
    """“Line 5 (“3. Three.”)”: a line, and the first words of the block it starts, for the editor to find it."""
    block = next((block for block in structure.blocks if block.line == line), None)
    if block is None:
        return _("Line %(line)s") % {"line": line}
    excerpt = Truncator(" ".join(block.printed.split())).chars(EXCERPT_CHARACTERS)
    return _("Line %(line)s (“%(excerpt)s”)") % {"line": line, "excerpt": excerpt}


def paragraph_number(block) -> int:
    number = printed_number(block.label)
    if number is None or not block.label.translate(DIGIT_VALUES).isdigit() or number < 1:
        raise DocumentError(
            _("Line %(line)s: “%(label)s” is not a whole paragraph number; the site cannot address it yet.")
            % {"line": block.line, "label": block.label}
        )
    return number
