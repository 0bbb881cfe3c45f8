"""A document's blocks arranged as a reader reads them: the heading as printed, each part, footnotes at the end.

The blocks are stored in the order printed (see Conclusion), where a
paragraph's sub-items may be interrupted by the foot of a page: footnotes
and page furniture. A reader reads the paragraph whole, so here each
sub-item is held by the paragraph before it, the furniture printed among
them comes after the paragraph, and the footnotes come last. The meeting
page and side by side both show this outline; a paragraph's own page finds
its sub-items with `citable_block`, in a fixed number of queries.
"""

import re
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from conclusions.models import Conclusion, Meeting, Theme

Kind = Conclusion.Kind
THEMES_IN_ORDER = Prefetch("themes", queryset=Theme.objects.order_by("position", "slug"))


@dataclass
class FurnitureRun:
    """Lines of page furniture printed together (a page's running head, symbol and number), shown as one."""

    blocks: list[Conclusion] = field(default_factory=list)
    kind: str = "furniture-run"


@dataclass
class ItemList:
    """Sub-items printed after a block that does not hold them (a section heading): a list of their own.

    Which blocks hold the sub-items after them is `Conclusion.ITEM_HOLDER_KINDS`,
    the rule Akoma Ntoso's nesting (block_nesting.py) follows too.
    """

    items: list[Conclusion] = field(default_factory=list)
    kind: str = "item-list"


def shown_blocks(entry) -> list[Conclusion]:
    """The blocks an entry of the outline shows, in order: a block and its sub-items, a list, a run of furniture."""
    if isinstance(entry, FurnitureRun):
        return entry.blocks
    if isinstance(entry, ItemList):
        return entry.items
    return [entry, *entry.items]


@dataclass
class Part:
    """A part of the document (a resolution, its annex): its title block if printed, and its blocks in order."""

    number: int
    title: Conclusion | None = None
    blocks: list = field(default_factory=list)


@dataclass
class Outline:
    heading: list = field(default_factory=list)  # heading lines, and the furniture printed among them
    parts: list[Part] = field(default_factory=list)
    footnotes: list[Conclusion] = field(default_factory=list)

    @property
    def section_level(self) -> int:
        """Section headings are h3 under part titles (h2), and h2 in a document without part titles."""
        return 3 if any(part.title for part in self.parts) else 2

    def in_reading_order(self) -> list[Conclusion]:
        """Every block once, as the outline shows them: for a page that lists blocks one by one."""
        entries = [*self.heading, *(entry for part in self.parts for entry in part_entries(part)), *self.footnotes]
        return [block for entry in entries for block in shown_blocks(entry)]


def part_entries(part: Part) -> list:
    return [part.title, *part.blocks] if part.title else part.blocks


def add_to(entries: list, block: Conclusion) -> None:
    """Append a block, gathering consecutive furniture lines into one run."""
    if block.kind != Kind.FURNITURE:
        entries.append(block)
    elif entries and isinstance(entries[-1], FurnitureRun):
        entries[-1].blocks.append(block)
    else:
        entries.append(FurnitureRun([block]))


def document_outline(blocks) -> Outline:
    """The outline of a document's blocks, given in position order; each block gets its `items` (sub-items)."""
    blocks = list(blocks)
    outline = Outline()
    holder = None  # the block (or list) that the sub-items read next belong to
    held_back = []  # furniture printed among a holder's sub-items: shown after them
    in_heading = True
    for block in blocks:
        block.items = []
        if block.kind == Kind.FOOTNOTE:
            outline.footnotes.append(block)
            continue
        if in_heading and block.kind in (Kind.HEADING, Kind.FURNITURE):
            add_to(outline.heading, block)
            continue
        in_heading = False
        if holder is not None and block.kind == Kind.ITEM:
            holder.items.append(block)
            continue
        if holder is not None and block.kind == Kind.FURNITURE:
            held_back.append(block)
            continue
        flush(outline, held_back)
        if block.kind == Kind.PART or not outline.parts or outline.parts[-1].number != block.part:
            outline.parts.append(Part(number=block.part))
        if block.kind == Kind.PART:
            outline.parts[-1].title = block
        elif block.kind == Kind.ITEM:
            holder = ItemList([block])
            outline.parts[-1].blocks.append(holder)
            continue
        else:
            add_to(outline.parts[-1].blocks, block)
        holder = block if block.kind in Conclusion.ITEM_HOLDER_KINDS else None
    flush(outline, held_back)
    return outline


def flush(outline: Outline, held_back: list) -> None:
    """Show the furniture held back, now that the paragraph whose sub-items it interrupted is shown whole."""
    for block in held_back:
        add_to(outline.parts[-1].blocks, block)
    held_back.clear()


def counted_blocks(blocks: list[Conclusion]) -> list[Conclusion]:
    """The blocks a page counts as its paragraphs when it says how much of it is translated.

    The citable ones: heading lines, section headings and page furniture are
    often the same in every language (names, symbols, numbers), and would
    make a page whose paragraphs are all untranslated look partly translated.
    """
    return [block for block in blocks if block.is_citable] or [
        block for block in blocks if block.kind != Kind.FURNITURE
    ]


# A footnote's number in the text: right after a word or a punctuation mark, as a superscript is typed
# or extracted ("2024,1 which", "Change6 and"), and not part of a longer number.
REFERENCE_BEFORE = r"(?:(?<=[^\W\d_])|(?<=[,.;:!?)\]”’\"»]))"


def link_footnote_references(outline: Outline) -> None:
    """Link each footnote's number in the text to the footnote, for the texts shown in the active language.

    A footnote's reference is looked for after the previous footnote's, in
    the blocks of its part, in reading order; one that is not found (typed
    apart from its word, or after a digit) is left as printed, and the
    search for the next starts where the last one was found. No character
    of the text changes: the number is wrapped in a link, on `linked_text`.
    """
    for part in outline.parts:
        footnotes = [footnote for footnote in outline.footnotes if footnote.part == part.number]
        texts = [
            block
            for entry in part_entries(part)
            if not isinstance(entry, FurnitureRun)
            for block in shown_blocks(entry)
        ]
        found = {}
        place = (0, 0)
        for footnote in footnotes:
            label = footnote.shown_label.text.strip() or str(footnote.number)
            pattern = re.compile(REFERENCE_BEFORE + re.escape(label) + r"(?!\d)")
            for index in range(place[0], len(texts)):
                match = pattern.search(texts[index].shown_text.text, place[1] if index == place[0] else 0)
                if match:
                    found.setdefault(index, []).append((match.start(), match.end(), footnote))
                    place = (index, match.end())
                    break
        for index, references in found.items():
            texts[index].linked_text = with_links(texts[index].shown_text.text, references)


def with_links(text: str, references: list[tuple[int, int, Conclusion]]) -> SafeString:
    pieces, done = [], 0
    for start, end, footnote in references:
        pieces.append(escape(text[done:start]))
        pieces.append(
            format_html(
                '<a class="footnote-ref" href="#{}" title="{}">{}</a>',
                footnote.anchor,
                footnote.shown_text.text,
                text[start:end],
            )
        )
        done = end
    pieces.append(escape(text[done:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def citable_block(
    meeting: Meeting, *, number: int, part: int = 1, kind: str = Kind.PARAGRAPH, suffix: str = ""
) -> Conclusion:
    """A citable block at its address (public/urls.py), or 404, with its `items`, `previous` and `next` citable blocks.

    Two queries whatever the size of the document (three with its themes):
    the block, with where its neighbours are; then its neighbours and its
    sub-items together.
    """
    blocks = Conclusion.objects.filter(meeting=OuterRef("meeting"))
    citable = blocks.filter(kind__in=Conclusion.CITABLE_KINDS)
    # Its sub-items stop at the first block after it that cannot come among them.
    after = blocks.filter(position__gt=OuterRef("position"))
    after_items = after.exclude(kind__in=Conclusion.AMONG_SUB_ITEMS).order_by("position")
    block = get_object_or_404(
        meeting.conclusions.prefetch_related(THEMES_IN_ORDER).annotate(
            previous_id=Subquery(
                citable.filter(position__lt=OuterRef("position")).order_by("-position").values("pk")[:1]
            ),
            next_id=Subquery(citable.filter(position__gt=OuterRef("position")).order_by("position").values("pk")[:1]),
            items_end=Subquery(after_items.values("position")[:1]),
        ),
        part=part,
        kind=kind,
        number=number,
        number_suffix=suffix,
    )
    items = Q(kind=Kind.ITEM, position__gt=block.position)
    if block.items_end is not None:
        items &= Q(position__lt=block.items_end)
    related = list(meeting.conclusions.filter(items | Q(pk__in=[block.previous_id, block.next_id])))
    for other in related:
        other.meeting = meeting
    block.meeting = meeting
    block.items = [other for other in related if other.kind == Kind.ITEM]
    block.previous = next((other for other in related if other.pk == block.previous_id), None)
    block.next = next((other for other in related if other.pk == block.next_id), None)
    return block
