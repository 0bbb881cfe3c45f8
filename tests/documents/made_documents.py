"""Documents made by script from real ones, for a layout no real file at hand has (see real/SOURCES.md).

A declaration numbered "1 - ", with "* " before its section headings, as
some summits print theirs: made from the Awaza Political Declaration (the
annex of A/RES/80/3, tests/documents/real/16_…): its title, its section
headings after "* ", its paragraphs after "N - ", its sub-items as printed;
no page furniture or footnotes. Every word is the real declaration's.
"""

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind
from tests.real_documents import AWAZA, REAL

DASH_NUMBERED_NAME = "awaza-declaration-dash-numbered.txt"


def dash_numbered_declaration() -> str:
    """The Awaza declaration, its title first, its paragraphs numbered "1 - ", its section headings after "* "."""
    structure = read_document((REAL / AWAZA).read_bytes(), AWAZA)
    annex = [block for block in structure.blocks if block.part == 2 and block.kind != Kind.FURNITURE]
    title, *body = [block for block in annex if block.kind in (Kind.SECTION, Kind.PARAGRAPH, Kind.ITEM)]
    printed = {
        Kind.SECTION: lambda block: f"* {block.text}",
        Kind.PARAGRAPH: lambda block: f"{block.label} - {block.text}",
        Kind.ITEM: lambda block: block.printed,
    }
    return "\n\n".join([title.text, *(printed[block.kind](block) for block in body)]) + "\n"
