"""How a document's blocks nest: parts, the regions of each part, sections, paragraphs with their sub-items.

A meeting's document is a flat list of blocks in `position` order (see
`Conclusion`). Formats with a structure of their own (Akoma Ntoso) need it
as a tree; this module builds that tree once, from blocks already read,
without queries, and without dropping or reordering any block of the flow:

- Each part (where the numbering restarts: a resolution is part 1, its annex
  part 2) is cut into four regions, in the order a document has them:
  `preface` (its leading heading lines and part titles), `preamble` (the
  preamble paragraphs that follow), `conclusions` (its trailing closing
  lines) and `body` (everything between). A block of another kind inside a
  run ends it, so that nothing moves: a preamble paragraph printed after a
  section heading stays there, in the body.
- In the body, a section heading holds every block after it up to the next
  section heading.
- A sub-item belongs to the nearest block before it that is not a sub-item,
  a footnote or page furniture, if that block holds sub-items
  (`Conclusion.ITEM_HOLDER_KINDS`, the rule the pages follow too): the foot
  of a printed page can fall between "(a)" and "(b)" of one paragraph, and
  they stay one list. Sub-items after another block (a section heading, a
  heading line) are a list of their own, a `Unit` without a block.
- Footnotes and page furniture are out of the text's flow: each run of them
  is an `Aside`, kept where it was printed, between the units it fell
  between (after a paragraph and all of its sub-items).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from conclusions.models import BlockKind, Conclusion

OUT_OF_FLOW = (BlockKind.FOOTNOTE, BlockKind.FURNITURE)
PREFACE_KINDS = (BlockKind.HEADING, BlockKind.PART)


@dataclass
class Unit:
    """A block of the text's flow and its sub-items; `block` is None for sub-items that no block comes before."""

    block: Conclusion | None
    items: list[Conclusion] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return self.block.kind if self.block else None


@dataclass
class Aside:
    """A run of footnotes, or of page furniture, as printed between two units."""

    kind: str
    blocks: list[Conclusion]


@dataclass
class Section:
    """A section heading and what follows it up to the next one."""

    heading: Unit
    members: list["Unit | Aside"] = field(default_factory=list)


@dataclass
class Part:
    number: int
    blocks: list[Conclusion]  # all of them, flat, in document order
    preface: list[Unit | Aside] = field(default_factory=list)
    preamble: list[Unit | Aside] = field(default_factory=list)
    body: list[Unit | Aside | Section] = field(default_factory=list)
    conclusions: list[Unit | Aside] = field(default_factory=list)


def document_parts(blocks: Iterable[Conclusion]) -> list[Part]:
    """The blocks of one meeting, nested; parts in their order, each block once."""
    ordered = sorted(blocks, key=lambda block: block.position)
    parts = sorted({block.part for block in ordered})
    return [nested_part(number, [block for block in ordered if block.part == number]) for number in parts]


def nested_part(number: int, blocks: list[Conclusion]) -> Part:
    pieces = flow_pieces(blocks)
    part = Part(number, blocks)
    start = leading_run(pieces, 0, PREFACE_KINDS)
    part.preface = pieces[:start]
    end = leading_run(pieces, start, (BlockKind.PREAMBLE,))
    part.preamble = pieces[start:end]
    closing = trailing_run(pieces, end, (BlockKind.CLOSING,))
    part.body = sections(pieces[end:closing])
    part.conclusions = pieces[closing:]
    return part


def flow_pieces(blocks: list[Conclusion]) -> list[Unit | Aside]:
    """Units (each block of the flow with its sub-items) and asides, in document order."""
    pieces: list[Unit | Aside] = []
    holder = None  # the unit that the sub-items read next belong to
    for block in blocks:
        if block.kind == BlockKind.ITEM:
            if holder is None:
                holder = Unit(None)
                pieces.append(holder)
            holder.items.append(block)
        elif block.kind in OUT_OF_FLOW:
            previous = pieces[-1] if pieces else None
            if isinstance(previous, Aside) and previous.kind == block.kind:
                previous.blocks.append(block)
            else:
                pieces.append(Aside(block.kind, [block]))
        else:
            pieces.append(Unit(block))
            holder = pieces[-1] if block.kind in Conclusion.ITEM_HOLDER_KINDS else None
    return pieces


def leading_run(pieces: list[Unit | Aside], start: int, kinds: tuple) -> int:
    """Where the run of units of `kinds` (asides and lists of sub-items among them) that begins at `start` ends."""
    end = start
    for index in range(start, len(pieces)):
        piece = pieces[index]
        if is_block_unit(piece):
            if piece.kind not in kinds:
                break
            end = index + 1
    return end


def trailing_run(pieces: list[Unit | Aside], start: int, kinds: tuple) -> int:
    """Where the run of units of `kinds` that ends the part begins (asides and lists after them included), not
    before `start`: a closing line's signatures printed as "——" items stay with it."""
    begin = len(pieces)
    for index in range(len(pieces) - 1, start - 1, -1):
        piece = pieces[index]
        if is_block_unit(piece):
            if piece.kind not in kinds:
                break
            begin = index
    if begin == len(pieces):
        return len(pieces)  # no closing lines: trailing asides stay in the body
    return begin


def is_block_unit(piece: Unit | Aside) -> bool:
    """A unit led by a block; asides and lists of sub-items of their own go with the run they are in."""
    return isinstance(piece, Unit) and piece.block is not None


def sections(pieces: list[Unit | Aside]) -> list[Unit | Aside | Section]:
    """The body's pieces with each section heading holding what follows it, up to the next one."""
    nested: list[Unit | Aside | Section] = []
    current = None
    for piece in pieces:
        if isinstance(piece, Unit) and piece.kind == BlockKind.SECTION:
            current = Section(piece)
            nested.append(current)
        elif current is not None:
            current.members.append(piece)
        else:
            nested.append(piece)
    return nested
