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

A paragraph inserted between two numbers keeps its printed label ("17 bis")
and is addressed by its number and suffix (17, "bis"). Refused, with the
line: a paragraph label that is not a number (and a suffix), and a number
repeated within a part.
"""

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.documents.structure import DocumentStructure, Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.documents.text_lines import DIGIT_VALUES
from conclusions.models import printed_number

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
    number_suffix: str = ""  # "bis" for paragraph 17 bis

    @property
    def key(self) -> tuple[int, str, int, str]:
        """What identifies the block in its meeting, whatever its position: (part, kind, number, suffix)."""
        return (self.part, str(self.kind), self.number, self.number_suffix)

    @property
    def printed_number(self) -> str:
        return printed_number(self.number, self.number_suffix)


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
        suffix = ""
        if block.kind == Kind.PARAGRAPH:
            number, suffix = paragraph_address(block)
            if (block.part, number, suffix) in numbers:
                raise DocumentError(
                    _("%(line)s: paragraph %(number)s again, after line %(first)s, in the same part.")
                    % {
                        "line": line_quoted(structure, block.line),
                        "number": printed_number(number, suffix),
                        "first": numbers[(block.part, number, suffix)],
                    }
                )
            numbers[(block.part, number, suffix)] = block.line
        else:
            ranks[(block.part, block.kind)] += 1
            number = ranks[(block.part, block.kind)]
        document.blocks.append(
            StoredBlock(
                kind=block.kind,
                part=block.part,
                number=number,
                number_suffix=suffix,
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


# A paragraph's label as its address reads it: a whole number, and the letters of an inserted one ("17 bis").
PARAGRAPH_ADDRESS = re.compile(r"(?P<number>[0-9]+)\s*(?P<suffix>[^\W\d_]{0,12})")


def paragraph_address(block) -> tuple[int, str]:
    """A numbered paragraph's number and suffix: (6, "") for "6", (17, "bis") for "17 bis", "１７ bis", "١٧ bis"."""
    address = PARAGRAPH_ADDRESS.fullmatch(block.label.translate(DIGIT_VALUES))
    if address is None or int(address["number"]) < 1:
        raise DocumentError(
            _("Line %(line)s: “%(label)s” is not a paragraph number (such as “17” or “17 bis”).")
            % {"line": block.line, "label": block.label}
        )
    return int(address["number"]), address["suffix"].lower()
