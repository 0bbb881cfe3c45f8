"""Word documents: Word's automatic numbering shown as a reader sees it, headings by style, footnotes.

Documents are built here with python-docx and real numbering definitions
(word/numbering.xml), the way Word and LibreOffice write them; two more,
made from real resolutions, are in real/ (see real/SOURCES.md).
"""

import io
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from conclusions.documents.structure import Kind, printed_characters
from conclusions.documents.text_decoding import DocumentError
from conclusions.documents.text_reading import read_text_document
from conclusions.documents.word_reading import read_word_document
from tests.documents.test_real_documents import REAL

# A list definition as Word writes one for "1. … (a) … (i)", and one for "I. …" section headings.
PARAGRAPHS_AND_ITEMS = """
<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
"""
SECTIONS = """
<w:abstractNum {ns} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
"""
CHINESE = """
<w:abstractNum {ns} w:abstractNumId="92">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
    <w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
    <w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
"""


class WordDocument:
    """A .docx made as Word makes one: list definitions, lists that use them, numbered paragraphs."""

    def __init__(self):
        self.document = docx.Document()
        self.numbering = self.document.part.numbering_part.element
        # Definitions go before the lists (w:num) in the numbering part.
        first_num = self.numbering.find(qn("w:num"))
        for definition in (PARAGRAPHS_AND_ITEMS, SECTIONS, CHINESE):
            first_num.addprevious(parse_xml(definition.format(ns=nsdecls("w"))))

    def new_list(self, definition: int, *, restart_at: int | None = None) -> str:
        """A list (w:num) of the definition; with `restart_at`, one that starts its first level there."""
        num_id = str(100 + len(self.numbering.findall(qn("w:num"))))
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>' if restart_at else ""
        )
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{definition}"/>{override}</w:num>'
            )
        )
        return num_id

    def add(self, text: str, *, numbered: tuple[str, int] | None = None, style: str | None = None):
        paragraph = self.document.add_paragraph(text, style=style)
        if numbered:
            num_id, level = numbered
            properties = paragraph._p.get_or_add_pPr()
            properties.append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
        return paragraph

    def read(self):
        stream = io.BytesIO()
        self.document.save(stream)
        return read_word_document(stream.getvalue(), "test.docx")


def shown(structure) -> list[tuple[str, str, str]]:
    return [(block.kind, block.marker, block.text) for block in structure.blocks]


def test_a_resolution_with_an_annex_items_and_roman_sections():
    word = WordDocument()
    word.add("Resolution adopted by the General Assembly", style="Title")
    word.add("The General Assembly,")
    word.add("Recalling its resolution 70/1,")
    resolution = word.new_list(90)
    word.add("Adopts the declaration annexed to the present resolution;", numbered=(resolution, 0))
    word.add("Decides to remain seized of the matter.", numbered=(resolution, 0))
    word.add("Annex", style="Heading 1")
    annex = word.new_list(90, restart_at=1)  # Word's "restart numbering": a list that starts again at 1
    sections = word.new_list(91)
    word.add("Our commitments", numbered=(sections, 0), style="Heading 2")
    word.add("We will:", numbered=(annex, 0))
    word.add("leave no one behind;", numbered=(annex, 1))
    word.add("protect the planet, in particular:", numbered=(annex, 1))
    word.add("its oceans;", numbered=(annex, 2))
    word.add("Follow-up", numbered=(sections, 0), style="Heading 2")
    word.add("We decide to meet again.", numbered=(annex, 0))
    word.add("We thank the host.", numbered=(annex, 0))
    structure = word.read()
    assert shown(structure) == [
        (Kind.HEADING, "", "Resolution adopted by the General Assembly"),
        (Kind.PREAMBLE, "", "The General Assembly,"),
        (Kind.PREAMBLE, "", "Recalling its resolution 70/1,"),
        (Kind.PARAGRAPH, "1. ", "Adopts the declaration annexed to the present resolution;"),
        (Kind.PARAGRAPH, "2. ", "Decides to remain seized of the matter."),
        (Kind.PART, "", "Annex"),
        (Kind.SECTION, "I. ", "Our commitments"),
        (Kind.PARAGRAPH, "1. ", "We will:"),
        (Kind.ITEM, "(a) ", "leave no one behind;"),
        (Kind.ITEM, "(b) ", "protect the planet, in particular:"),
        (Kind.ITEM, "(i) ", "its oceans;"),
        (Kind.SECTION, "II. ", "Follow-up"),
        (Kind.PARAGRAPH, "2. ", "We decide to meet again."),
        (Kind.PARAGRAPH, "3. ", "We thank the host."),
    ]
    assert [block.part for block in structure.of_kind(Kind.PARAGRAPH)] == [1, 1, 2, 2, 2]


def test_lists_of_one_definition_continue_one_another():
    """Word's "continue numbering": another list of the same definition, without a start of its own."""
    word = WordDocument()
    word.add("One.", numbered=(word.new_list(90), 0))
    word.add("Two.", numbered=(word.new_list(90), 0))
    word.add("Three.", numbered=(word.new_list(90, restart_at=3), 0))  # or with the start it goes on from
    assert [block.marker for block in word.read().of_kind(Kind.PARAGRAPH)] == ["1. ", "2. ", "3. "]


def test_numbering_from_the_paragraph_style():
    """Word's "List Number" style carries its numbering: the paragraphs have no numPr of their own."""
    word = WordDocument()
    for text in ("First.", "Second.", "Third."):
        word.add(text, style="List Number")
    assert [(block.label, block.text) for block in word.read().of_kind(Kind.PARAGRAPH)] == [
        ("1", "First."),
        ("2", "Second."),
        ("3", "Third."),
    ]


def test_chinese_section_and_item_numbers():
    word = WordDocument()
    word.add("中华人民共和国和某某共和国联合声明", style="Title")
    word.add("双方一致认为：")
    chinese = word.new_list(92)
    word.add("政治互信", numbered=(chinese, 0))
    word.add("深化合作。", numbered=(chinese, 1))
    word.add("扩大交流。", numbered=(chinese, 1))
    word.add("务实合作", numbered=(chinese, 0))
    word.add("2023年5月19日于西安")
    assert shown(word.read()) == [
        (Kind.HEADING, "", "中华人民共和国和某某共和国联合声明"),
        (Kind.UNNUMBERED, "", "双方一致认为："),
        (Kind.SECTION, "一、", "政治互信"),
        (Kind.ITEM, "（一）", "深化合作。"),
        (Kind.ITEM, "（二）", "扩大交流。"),
        (Kind.SECTION, "二、", "务实合作"),
        (Kind.CLOSING, "", "2023年5月19日于西安"),
    ]


def with_footnotes(data: bytes, notes: dict[str, str]) -> bytes:
    """The .docx with a footnotes part holding these notes (id: text), as Word writes one."""
    body = "".join(
        f'<w:footnote w:id="{note_id}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        for note_id, text in notes.items()
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f"{body}</w:footnotes>"
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_footnotes_come_last_numbered_as_the_text_refers_to_them():
    word = WordDocument()
    paragraphs = word.new_list(90)
    first = word.add("Reaffirms the 2030 Agenda for Sustainable Development,", numbered=(paragraphs, 0))
    second = word.add("Recalls the Charter.", numbered=(paragraphs, 0))
    # Word's ids say nothing of the order: the text refers to note 7 first.
    first.runs[0]._r.addnext(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="7"/></w:r>'))
    second.runs[0]._r.addnext(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="3"/></w:r>'))
    stream = io.BytesIO()
    word.document.save(stream)
    data = with_footnotes(stream.getvalue(), {"3": "Charter of the United Nations.", "7": "Resolution 70/1."})
    structure = read_word_document(data, "notes.docx")
    assert [block.text for block in structure.of_kind(Kind.PARAGRAPH)] == [
        "Reaffirms the 2030 Agenda for Sustainable Development,1",
        "Recalls the Charter.2",
    ]
    assert [(block.label, block.text) for block in structure.of_kind(Kind.FOOTNOTE)] == [
        ("1", "Resolution 70/1."),
        ("2", "Charter of the United Nations."),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "“broken.docx” is not a Word document (.docx) that can be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "“broken.docx” is a Word 97-2003 document (.doc) or is"),
    ],
)
def test_files_that_are_not_word_documents(data, message):
    with pytest.raises(DocumentError, match=re.escape(message)):
        read_word_document(data, "broken.docx")


def test_real_declaration_from_word_reads_as_its_text_copy():
    """The Awaza declaration, numbered by Word (two lists, a nested level, roman headings), against its PDF text."""
    word = read_word_document((REAL / "17_a-res-80-3-awaza-political-declaration.docx").read_bytes())
    text = read_text_document((REAL / "16_a-res-80-3-awaza-political-declaration.txt").read_bytes())
    for kind in (Kind.PARAGRAPH, Kind.ITEM, Kind.PREAMBLE):
        from_word = [(block.part, block.label, printed_characters(block.text)) for block in word.of_kind(kind)]
        from_text = [(block.part, block.label, printed_characters(block.text)) for block in text.of_kind(kind)]
        assert from_word == from_text, kind
    roman = [(block.label, block.text) for block in word.of_kind(Kind.SECTION) if block.label]
    assert roman == [(block.label, block.text) for block in text.of_kind(Kind.SECTION) if block.label]
    assert [label for label, _text in roman] == ["I", "II", "III"]


def test_real_declaration_numbered_one_list_continued_in_two():
    word = read_word_document((REAL / "13_a-res-73-3-tuberculosis-political-declaration.docx").read_bytes())
    assert [block.label for block in word.of_kind(Kind.PARAGRAPH)] == [str(number) for number in range(1, 54)]
