"""Documents made by script from real ones, for a layout no real file at hand has (see real/SOURCES.md).

A declaration numbered "1 - ", with "* " before its section headings, as
some summits print theirs: made from the Awaza Political Declaration (the
annex of A/RES/80/3, tests/documents/real/16_…): its title, its section
headings after "* ", its paragraphs after "N - ", its sub-items as printed;
no page furniture or footnotes. Every word is the real declaration's.

A declaration with paragraphs inserted late in its negotiation, numbered
"5 bis." and "5 ter." between 5 and 6, as negotiated texts print them: made
from the same declaration, its paragraphs 6 and 7 printed so, and the
numbers after them two lower.
"""

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind
from tests.real_documents import AWAZA, REAL

DASH_NUMBERED_NAME = "awaza-declaration-dash-numbered.txt"
INSERTED_PARAGRAPHS_NAME = "awaza-declaration-5-bis.txt"
# The declaration's paragraphs 6 and 7, as the made document prints them.
INSERTED = {6: "5 bis", 7: "5 ter"}


def declaration(number_printed, section_printed) -> str:
    """The Awaza declaration, its title first, then its section headings, paragraphs and sub-items, as
    `section_printed(text)` and `number_printed(number)` print their markers."""
    structure = read_document((REAL / AWAZA).read_bytes(), AWAZA)
    annex = [block for block in structure.blocks if block.part == 2 and block.kind != Kind.FURNITURE]
    title, *body = [block for block in annex if block.kind in (Kind.SECTION, Kind.PARAGRAPH, Kind.ITEM)]
    printed = {
        Kind.SECTION: lambda block: section_printed(block.text),
        Kind.PARAGRAPH: lambda block: f"{number_printed(int(block.label))}{block.text}",
        Kind.ITEM: lambda block: block.printed,
    }
    return "\n\n".join([title.text, *(printed[block.kind](block) for block in body)]) + "\n"


def dash_numbered_declaration() -> str:
    """The Awaza declaration, its paragraphs numbered "1 - ", its section headings after "* "."""
    return declaration(lambda number: f"{number} - ", lambda text: f"* {text}")


def inserted_paragraphs_declaration() -> str:
    """The Awaza declaration numbered "1.", its paragraphs 6 and 7 printed "5 bis." and "5 ter.", the next "6."."""

    def number_printed(number: int) -> str:
        if number in INSERTED:
            return f"{INSERTED[number]}. "
        return f"{number if number < min(INSERTED) else number - len(INSERTED)}. "

    return declaration(number_printed, lambda text: text)
