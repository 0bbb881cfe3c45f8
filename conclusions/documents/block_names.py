"""How editors' pages, messages and the import command name and list a block: "paragraph 3", "sub-item (b)"."""

from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.documents.structure import Block, Kind
from conclusions.models import BlockKind

EXCERPT_CHARACTERS = 120


def block_name(
    kind: str, *, number: int | str | None = None, label: str = "", part: int = 1, ranked: bool = False
) -> str:
    """A numbered paragraph by its number, a sub-item or footnote by its label as printed, any other block by its
    kind, and with `ranked` its rank among the blocks of its kind ("preamble paragraph 2"); the part when not 1."""
    kind = BlockKind(kind)
    if kind == BlockKind.PARAGRAPH and number is not None:
        name = _("paragraph %(number)s") % {"number": number}
    elif kind == BlockKind.ITEM and label:
        name = _("sub-item %(label)s") % {"label": label}
    elif kind == BlockKind.FOOTNOTE and label:
        name = _("footnote %(label)s") % {"label": label}
    elif ranked and number is not None:
        name = _("%(kind)s %(number)s") % {"kind": kind.label, "number": number}
    else:
        name = str(kind.label)
    if part != 1:
        name = _("part %(part)s, %(block)s") % {"part": part, "block": name}
    return name


@dataclass
class BlockRow:
    """One block of a document as read, as the admin's preview and the command's dry run list it."""

    line: int
    part: int
    kind: str  # the block kind's value, for the row's class
    name: str  # "paragraph 3", "sub-item (b)", "section heading"
    label: str
    excerpt: str

    @property
    def is_furniture(self) -> bool:
        return self.kind == Kind.FURNITURE


def block_row(block: Block) -> BlockRow:
    # A numbered paragraph is named by its number as printed ("paragraph 3", "paragraph ١٧").
    number = block.label or None if block.kind == Kind.PARAGRAPH else None
    return BlockRow(
        line=block.line,
        part=block.part,
        kind=block.kind.value,
        name=block_name(block.kind, number=number, label=block.label),  # the part is listed apart
        label=block.marker.strip(),
        excerpt=Truncator(block.text).chars(EXCERPT_CHARACTERS),
    )
