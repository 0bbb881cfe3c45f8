"""Read a plain-text outcome document into its structure (`structure.DocumentStructure`), never refusing a line.

Like the best legal-text importers, the reader keeps every line it does not
recognise as text and goes on; what it is unsure of becomes a warning with
its line number. In three steps:

1. Lines. The bytes are decoded (UTF-8 with or without BOM, UTF-16, GB18030)
   and each line is classified: blank, page furniture of a printed copy
   (document symbol, job number, page number, a running head repeated on
   every page), or the start of a numbered paragraph, a sub-item, a section
   heading or a part ("Annex"); any other line continues what came before.
2. Blocks. Lines are gathered into blocks: a blank line or a new start ends
   a block; furniture never does (a paragraph goes on across a page break),
   and a block cut by a page break in mid-sentence is joined to the text
   after it. Numbers must follow on (1, 2, 3 …, restarting at 1 in a new
   part), so a wrapped line that happens to begin with "2015." stays text.
3. Regions. Before the first paragraph: heading lines (short lines not ending
   a sentence), then the preamble. After the last paragraph or item: closing
   lines (place, date, signatures). A document without numbers is heading,
   unnumbered paragraphs and closing lines.

Wrapped lines are joined with a space, with nothing between Chinese or
Japanese characters, and with nothing after a hyphen at the end of a line:
the hyphen is kept ("well-\\nbeing" gives "well-being", "inter-\\nnational"
gives "inter-national"), because dropping it could lose a real hyphen and no
character of an official text may be lost. A line's own spacing is kept.
"""

from django.utils.translation import gettext as _

from conclusions.documents.structure import Block, DocumentStructure, Kind, Warning
from conclusions.documents.text_blocks import BlockReader
from conclusions.documents.text_decoding import DocumentError, decode_text
from conclusions.documents.text_lines import (
    ADOPTION_RECORD,
    ENACTING_FORMULA,
    HEADING_BREAKERS,
    HEADING_LINE_MAX_CHARACTERS,
    PARAGRAPH_ENDINGS,
    PREAMBLE_HEADING,
    SENTENCE_ENDINGS,
    ending,
    join_wrapped,
)

__all__ = ["DocumentError", "decode_text", "read_text_document"]


# 3. Blocks across page breaks, and regions


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a text cut in mid-sentence (by a page break, blank lines or furniture) to the text that goes on.

    Called on the blocks after the heading. A short line without a full stop
    there may be a title as well as half a sentence: it is joined only across
    page furniture, where a page really broke.
    """
    joined: list[Block] = []
    cut: Block | None = None  # the last text block, if it was cut in mid-sentence
    page_broke = False
    for block in blocks:
        if block.kind in (Kind.FURNITURE, Kind.FOOTNOTE):
            joined.append(block)  # at the foot of a page: the text goes on after them
            page_broke = True
            continue
        if (
            cut is not None
            and block.kind == Kind.UNNUMBERED
            and continues(cut, block)
            and (page_broke or not is_heading_like(cut))
        ):
            cut.text = join_wrapped(cut.text, block.text)
            cut.last_line = block.last_line
            cut.source += block.source
        else:
            joined.append(block)
            cut = block
        page_broke = False
        if not is_cut(cut):
            cut = None
    return joined


def is_cut(block: Block) -> bool:
    """Whether a text block stops in mid-sentence, as a page break leaves it.

    A numbered paragraph ends like a sentence (or with ";" or ":"); other text may also end with a comma,
    as a preamble paragraph does.
    """
    if block.kind == Kind.PARAGRAPH:
        return ending(block.text) not in SENTENCE_ENDINGS
    if ENACTING_FORMULA.fullmatch(block.text):
        return False  # "The General Assembly" opens the preamble, with or without its comma
    return block.kind in (Kind.ITEM, Kind.UNNUMBERED) and ending(block.text) not in PARAGRAPH_ENDINGS


def continues(cut: Block, block: Block) -> bool:
    """Whether `block` is the rest of the cut text: after a numbered paragraph or item, any unnumbered text is
    (the next paragraph would have its number); after other text, one that does not start with a capital."""
    return cut.kind in (Kind.PARAGRAPH, Kind.ITEM) or not block.text[0].isupper()


# 4. Regions


def is_heading_like(block: Block) -> bool:
    """A few short lines that do not end like a sentence or a clause: a title, a date, a place, a signature."""
    return (
        block.kind == Kind.UNNUMBERED
        and len(block.text) <= 2 * HEADING_LINE_MAX_CHARACTERS
        and all(len(line) <= HEADING_LINE_MAX_CHARACTERS for _number, line in block.source)
        and ending(block.text) not in HEADING_BREAKERS
        and not ENACTING_FORMULA.fullmatch(block.text)
    )


def mark_heading(blocks: list[Block]) -> int:
    """Mark the heading lines at the top (up to the first paragraph-like text); return where the rest starts."""
    position = 0
    for position, block in enumerate(blocks):  # noqa: B007 (the position after the loop is the answer)
        if block.kind in (Kind.FURNITURE, Kind.SECTION, Kind.PART, Kind.HEADING):
            continue
        if not is_heading_like(block):
            return position
        block.kind = Kind.HEADING
    return len(blocks)


def assign_regions(blocks: list[Block]) -> None:
    """Preamble before the first paragraph, closing lines at the end of each part, section titles between
    paragraphs; the heading is marked already."""
    text_blocks = [block for block in blocks if block.kind not in (Kind.FURNITURE, Kind.FOOTNOTE, Kind.HEADING)]
    first_numbered = next((i for i, block in enumerate(text_blocks) if block.kind == Kind.PARAGRAPH), None)
    if first_numbered is not None:
        for block in text_blocks[:first_numbered]:
            if block.kind == Kind.UNNUMBERED:
                # A title between preamble paragraphs (an annexed declaration's) heads a section.
                block.kind = Kind.SECTION if is_title(block) else Kind.PREAMBLE
    mark_preamble_sections(text_blocks)
    # Short lines at the end of the document or of a part (before "Annex"): place, date, meeting, signatures.
    ends = [i for i, block in enumerate(text_blocks) if block.kind == Kind.PART] + [len(text_blocks)]
    for end in ends:
        start = end
        while start > 0 and is_closing_like(text_blocks[start - 1]):
            start -= 1
        for block in text_blocks[start:end]:
            block.kind = Kind.CLOSING
    if first_numbered is not None:
        for block in text_blocks[first_numbered:]:
            if block.kind == Kind.UNNUMBERED and is_title(block):
                block.kind = Kind.SECTION  # a title between numbered paragraphs, without a number of its own


def is_closing_like(block: Block) -> bool:
    return is_heading_like(block) or (block.kind == Kind.UNNUMBERED and bool(ADOPTION_RECORD.fullmatch(block.text)))


def is_title(block: Block) -> bool:
    return is_heading_like(block) and not block.text[0].islower()


def mark_preamble_sections(blocks: list[Block]) -> None:
    """The paragraphs under a "Preamble" heading, to the next heading, are the preamble (a declaration's)."""
    in_preamble = False
    for block in blocks:
        if block.kind == Kind.SECTION:
            in_preamble = bool(PREAMBLE_HEADING.fullmatch(block.printed))
        elif in_preamble and block.kind == Kind.UNNUMBERED:
            block.kind = Kind.PREAMBLE


def split_into_lines(blocks: list[Block]) -> list[Block]:
    """Heading and closing lines are kept as printed, one block per line, not joined like a paragraph's."""
    split = []
    for block in blocks:
        if block.kind in (Kind.HEADING, Kind.CLOSING) and len(block.source) > 1:
            split += [
                Block(block.kind, text, part=block.part, line=number, last_line=number, source=[(number, text)])
                for number, text in block.source
            ]
        else:
            split.append(block)
    return split


def read_text_document(data: bytes) -> DocumentStructure:
    """The structure of a plain-text document; raises DocumentError only for an empty or undecodable file."""
    text, encoding = decode_text(data)
    structure = structure_of_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    structure.encoding = encoding
    return structure


def structure_of_lines(
    lines: list[str], *, styled: dict[int, Kind] | None = None, numbered: frozenset[int] = frozenset()
) -> DocumentStructure:
    """The structure of a document's lines; `styled` gives the kind of the blocks starting at these lines
    where the document says it outright (a Word heading style), `numbered` the lines whose number the
    document's own numbering gave (Word's), taken as they are."""
    reader = BlockReader(lines, numbered_by_the_document=numbered)
    blocks = reader.read()
    for block in blocks:
        if styled and block.line in styled:
            block.kind = styled[block.line]
    body = mark_heading(blocks)
    blocks = blocks[:body] + join_page_breaks(blocks[body:])
    assign_regions(blocks)
    blocks = split_into_lines(blocks)
    if not any(block.kind in (Kind.PARAGRAPH, Kind.UNNUMBERED, Kind.PREAMBLE) for block in blocks):
        reader.warnings.append(Warning(1, _("No paragraphs were found: the whole text was read as heading lines.")))
    return DocumentStructure(blocks=blocks, warnings=reader.warnings, text="\n".join(lines))
