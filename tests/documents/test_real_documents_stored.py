"""Real outcome documents, stored: every block in its order, every character of the file in the database.

What `import_document` and the admin's "Bring in a document" write for each
real document (tests/documents/real, see SOURCES.md): the blocks counted by
hand in expected.json, and the document's text itself. Read back from the
stored blocks in position order, the text is the reader's blocks, character
for character; and it holds every character of the file, each as often as
the file has it. Only the order of whole lines can differ, where a paragraph
continued over a page is joined again: the page's furniture and footnotes
then come after it (white space aside, each block's characters are those of
its lines in their order: test_real_documents checks that). Page furniture
is stored unless the editor leaves it out, and then only it is missing.
"""

from collections import Counter

import pytest

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind, printed_characters
from conclusions.models import Conclusion
from tests.real_documents import AWAZA, EXPECTED, REAL, import_real_document

WORD_DOCUMENTS = [
    "13_a-res-73-3-tuberculosis-political-declaration.docx",
    "17_a-res-80-3-awaza-political-declaration.docx",
]


def stored_characters(meeting, language: str) -> str:
    column, label = f"text_{language.replace('-', '_')}", f"label_{language.replace('-', '_')}"
    blocks = meeting.conclusions.order_by("position").values_list(label, column)
    return printed_characters("".join(f"{marker or ''}{text or ''}" for marker, text in blocks))


@pytest.mark.parametrize("name", [*EXPECTED, *WORD_DOCUMENTS])
def test_every_character_of_the_document_is_stored_in_its_order(db, name):
    meeting = import_real_document(name)
    structure = read_document((REAL / name).read_bytes(), name)
    stored = stored_characters(meeting, meeting.source_language)
    assert stored == printed_characters("".join(block.printed for block in structure.blocks))
    # The text as read: a text file's, a Word document's paragraphs with the numbers Word shows.
    assert Counter(stored) == Counter(printed_characters(structure.text).lstrip("\ufeff"))


@pytest.mark.parametrize("name", EXPECTED)
def test_the_stored_blocks_are_those_counted_by_hand(db, name):
    expected = EXPECTED[name]
    meeting = import_real_document(name)
    blocks = meeting.conclusions.all()
    for kind in ("heading", "preamble", "section", "item", "unnumbered", "footnote"):
        assert blocks.filter(kind=kind).count() == expected[kind], kind
    numbered = blocks.filter(kind=Kind.PARAGRAPH)
    for part, counted in enumerate(expected["parts"], 1):
        numbers = list(numbered.filter(part=part).values_list("number", flat=True))
        assert numbers == list(range(int(counted["first"]), int(counted["last"]) + 1))
    closing = blocks.filter(kind=Kind.CLOSING).values_list(
        f"text_{meeting.source_language.replace('-', '_')}", flat=True
    )
    assert list(closing) == expected["closing"]


def test_page_furniture_left_out_only_when_the_editor_says_so(db):
    kept = import_real_document(AWAZA, slug="kept")
    left_out = import_real_document(AWAZA, slug="left-out", leave_out_furniture=True)
    furniture = kept.conclusions.filter(kind=Kind.FURNITURE)
    assert furniture.count() > 0
    assert not left_out.conclusions.filter(kind=Kind.FURNITURE).exists()
    # Everything else is the same, block for block.
    others = [
        (block.kind, block.part, block.number, block.text_en)
        for block in kept.conclusions.exclude(kind=Kind.FURNITURE)
    ]
    assert others == [(block.kind, block.part, block.number, block.text_en) for block in left_out.conclusions.all()]


def test_an_annex_is_part_2_and_its_paragraphs_have_addresses_of_their_own(db):
    meeting = import_real_document(AWAZA, slug="awaza")
    annexed = meeting.conclusions.get(kind=Kind.PARAGRAPH, part=2, number=1)
    assert annexed.text_en.startswith("We, the Heads of State")
    assert annexed.label_en == "1."
    assert annexed.get_absolute_url() == "/en/meetings/awaza/part-2/1/"
    assert meeting.conclusions.get(kind=Kind.PARAGRAPH, part=1, number=1).get_absolute_url() == "/en/meetings/awaza/1/"
    first_item = meeting.conclusions.filter(kind=Kind.ITEM).first()
    before = meeting.conclusions.filter(position__lt=first_item.position).exclude(kind=Kind.ITEM).last()
    assert (first_item.label_en, before.kind, before.part, before.number) == ("(a)", Conclusion.Kind.PARAGRAPH, 2, 13)
