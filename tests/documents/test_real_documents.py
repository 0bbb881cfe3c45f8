"""Real outcome documents, read as a secretariat brings them in: structure as counted by hand, every character kept.

The documents, where they come from and how they were copied are in
real/SOURCES.md; what was counted in each, in real/expected.json.
"""

import json
import re

import pytest

from conclusions.documents.structure import Kind, unkept_lines
from conclusions.documents.text_reading import read_text_document
from tests.paths import PROJECT

REAL = PROJECT / "tests" / "documents" / "real"
EXPECTED = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
# Job numbers, page numbers and symbols of a printed page, which no paragraph's text may keep.
PAGE_MARKS = re.compile(r"\b\d{2}-\d{5}\b|^\d{1,2}/\d{1,2}\b|\*\d{7}\*")


def read(name: str):
    data = (REAL / name).read_bytes()
    return data, read_text_document(data)


@pytest.mark.parametrize("name", EXPECTED)
def test_structure_as_counted(name):
    expected = EXPECTED[name]
    _data, structure = read(name)
    parts: dict[int, list[str]] = {}
    for block in structure.of_kind(Kind.PARAGRAPH):
        parts.setdefault(block.part, []).append(block.label)
    found = [{"first": labels[0], "last": labels[-1]} for _part, labels in sorted(parts.items())]
    assert found == expected["parts"]
    for labels in parts.values():
        assert [int(label) for label in labels] == list(range(1, len(labels) + 1)), "numbered as printed, in turn"
    counts = structure.counts()
    for kind in ("heading", "preamble", "section", "item", "unnumbered", "footnote"):
        assert counts[Kind(kind)] == expected[kind], kind
    assert [block.text for block in structure.of_kind(Kind.CLOSING)] == expected["closing"]
    assert structure.warnings == []


@pytest.mark.parametrize("name", EXPECTED)
def test_every_character_is_kept_in_its_order(name):
    data, structure = read(name)
    text = data.decode("utf-8-sig")
    assert unkept_lines(text, structure) == []


@pytest.mark.parametrize("name", [name for name in EXPECTED if "res" in name])
def test_page_furniture_is_out_of_the_paragraphs(name):
    _data, structure = read(name)
    kept = structure.of_kind(Kind.PREAMBLE, Kind.PARAGRAPH, Kind.ITEM, Kind.UNNUMBERED, Kind.FOOTNOTE)
    assert [block.text for block in kept if PAGE_MARKS.search(block.text)] == []


def test_an_annex_restarts_the_numbering_in_a_part_of_its_own():
    _data, structure = read("16_a-res-80-3-awaza-political-declaration.txt")
    assert [block.text for block in structure.of_kind(Kind.PART)] == ["Annex"]
    assert [(block.part, block.label, block.text[:20]) for block in structure.of_kind(Kind.PARAGRAPH)][1:3] == [
        (1, "2", "Expresses its profou"),
        (2, "1", "We, the Heads of Sta"),
    ]
    sections = [(block.label, block.text) for block in structure.of_kind(Kind.SECTION)]
    assert sections[0] == ("", "Awaza Political Declaration"), "the annex's title, though it is the running head too"
    assert [block.text for block in structure.of_kind(Kind.FURNITURE)].count("Awaza Political Declaration") == 4
    assert sections[1] == ("I", "Global context and shared commitments")
    assert sections[2] == (
        "II",
        "Implementation of the Awaza Programme of Action for Landlocked Developing Countries for the Decade 2024–2034",
    )
    items = [(block.label, block.text.split(";")[0]) for block in structure.of_kind(Kind.ITEM)]
    assert items[0] == ("(a)", "Structural transformation and science, technology and innovation")


def test_a_paragraph_continued_over_a_page_with_its_footnotes_between():
    _data, structure = read("01_a-res-73-3-tuberculosis-political-declaration.txt")
    sixth = structure.of_kind(Kind.PARAGRAPH)[5]
    assert "heavy burden of tuberculosis, HIV and AIDS, and other co-morbidities" in sixth.text
    assert [block.label for block in structure.of_kind(Kind.FOOTNOTE)] == ["1", "2", "3", "4", "5", "6", "7"]
