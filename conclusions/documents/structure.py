"""What an outcome document is made of, as read from a file: its blocks, in order, each with its kind.

A document is a list of blocks, in the order printed:

  heading          a line of the heading (letterhead, symbol, title, organizers, date, venue)
  preamble         an unnumbered paragraph before the first numbered one ("Recalling …,")
  part             the title line of a part whose numbering restarts (an annex)
  section          a section heading ("I. Introduction", "一、政治互信", "* Peace and security")
  paragraph        a numbered paragraph (its label as printed: "1", "17 bis", "１")
  unnumbered       a paragraph of the body without a number (a joint statement's)
  item             a sub-item of the paragraph before it ("(a)", "a)", "(i)", "（一）", "——", "•")
  closing          a closing line (place and date, signatures)
  footnote         a footnote
  furniture        page furniture of a printed copy (document symbol, job number, page number,
                   running head): listed, and left out only where the editor confirms

Each block keeps its text as printed: `marker` is what precedes the text on
its first line ("1. ", "(a) ", "I. ", "—— "), `label` the number or letter
in it ("1", "(a)", "I"), and the text is the rest. Lines wrapped by a printed
copy are joined back (see `text_reading.join_wrapped`); no other character
is added or dropped, which `printed_characters` lets a test check.
"""

from dataclasses import dataclass, field

from conclusions.models import BlockKind

# The kinds of block are the model's, so that what is read is what is stored.
Kind = BlockKind


@dataclass
class Block:
    kind: Kind
    text: str
    marker: str = ""
    label: str = ""
    part: int = 1  # parts are counted from 1; a new one starts where numbering restarts
    line: int = 0  # first and last line of the file it was read from
    last_line: int = 0
    # The lines it was read from (number, line as printed), for a heading or closing block to be split back into.
    source: list[tuple[int, str]] = field(default_factory=list, repr=False)

    @property
    def printed(self) -> str:
        return self.marker + self.text


@dataclass
class Warning:
    """Something the reader was unsure of: said to the editor with its line, never silently decided."""

    line: int
    message: str


@dataclass
class DocumentStructure:
    blocks: list[Block] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    encoding: str = ""
    text: str = ""  # what was read, as lines: a text file's text, a Word document's paragraphs with their numbers

    def of_kind(self, *kinds: Kind) -> list[Block]:
        return [block for block in self.blocks if block.kind in kinds]

    def counts(self) -> dict[Kind, int]:
        counted = dict.fromkeys(Kind, 0)
        for block in self.blocks:
            counted[block.kind] += 1
        return counted

    @property
    def parts(self) -> int:
        return max((block.part for block in self.blocks), default=1)


def printed_characters(text: str) -> str:
    """The characters of a text that are not white space: what no reading may add, drop or reorder."""
    return "".join(text.split())


def unkept_lines(text: str, structure: DocumentStructure) -> list[int]:
    """The lines of `text` whose characters are not all in the structure, exactly once and in order ([] if none).

    Every line that is not blank must be in exactly one block, and each
    block must print exactly the characters of its lines, in their order:
    only white space may differ (wrapped lines joined). Furniture blocks
    count: leaving them out is the editor's decision, made later.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wanted = {number for number, line in enumerate(lines, 1) if line.strip().strip("\ufeff").strip()}
    seen: list[int] = []
    wrong = []
    for block in structure.blocks:
        numbers = [number for number, _line in block.source]
        seen += numbers
        from_lines = printed_characters("".join(lines[number - 1] for number in numbers)).strip("\ufeff")
        if printed_characters(block.printed) != from_lines:
            wrong += numbers
    missing_or_repeated = sorted(wanted.symmetric_difference(seen) | {n for n in seen if seen.count(n) > 1})
    return sorted(set(wrong) | set(missing_or_repeated))
