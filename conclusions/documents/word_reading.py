"""Read a Word document (.docx) into its structure, with its automatic numbering as a reader sees it.

Each Word paragraph is a line: its number or letter as Word shows it
(`word_numbering`), then its text, footnote references as their numbers;
paragraphs are kept apart as if by blank lines. The lines then go through
the same reading as a plain-text document (`text_reading`), so a Word
document and its text copy give the same structure. What Word says
outright wins: a paragraph styled "Title" is a heading line, one styled
"Heading 1" … "Heading 9" a section heading. Footnotes (word/footnotes.xml)
come last, numbered in the order they are referred to.

A block's `line` and `last_line` are the numbers of the Word paragraphs it
was read from (1 for the first paragraph of the body).
"""

import io
import re
import zipfile

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from conclusions.documents.structure import Block, DocumentStructure, Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.documents.text_lines import PART_TITLE
from conclusions.documents.text_reading import structure_of_lines
from conclusions.documents.word_numbering import Numbering

# A .docx unpacks to little more than its text; a crafted one to gigabytes, which python-docx would read whole.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, or any Office file with a password
HEADING_STYLE = re.compile(r"heading \d", re.IGNORECASE)
FOOTNOTES_PART = "/word/footnotes.xml"


def not_a_word_document(name: str) -> DocumentError:
    return DocumentError(
        _("“%(name)s” is not a Word document (.docx) that can be read: save it as .docx and try again.")
        % {"name": name}
    )


def open_word_document(data: bytes, name: str):
    if data.startswith(COMPOUND_FILE):
        raise DocumentError(
            _(
                "“%(name)s” is a Word 97-2003 document (.doc) or is protected by a password: "
                "save it as a Word document (.docx) without a password and try again."
            )
            % {"name": name}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise DocumentError(
                    _("“%(name)s” unpacks to more than 100 MB: it cannot be a document's text.") % {"name": name}
                )
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise not_a_word_document(name) from error


class FootnoteNumbers:
    """Footnotes numbered in the order the text refers to them, as Word shows them."""

    def __init__(self, document):
        self.texts: dict[str, str] = {}
        self.numbers: dict[str, int] = {}
        for part in document.part.package.iter_parts():
            if str(part.partname) == FOOTNOTES_PART:
                root = etree.fromstring(part.blob)
                for note in root.findall(qn("w:footnote")):
                    if note.get(qn("w:type")) in (None, "normal"):
                        self.texts[note.get(qn("w:id"))] = "\n".join(
                            paragraph_text(paragraph, self) for paragraph in note.findall(qn("w:p"))
                        )

    def number(self, note_id: str) -> str:
        return str(self.numbers.setdefault(note_id, len(self.numbers) + 1))


def paragraph_text(paragraph_element, footnotes: FootnoteNumbers) -> str:
    """The paragraph's text as shown: runs, tabs, line breaks, footnote references; no deleted text, no field codes."""
    pieces = []
    for element in paragraph_element.iter():
        if element.tag == qn("w:t"):
            pieces.append(element.text or "")
        elif element.tag == qn("w:tab"):
            pieces.append("\t")
        elif element.tag in (qn("w:br"), qn("w:cr")):
            pieces.append("\n")
        elif element.tag == qn("w:footnoteReference"):
            pieces.append(footnotes.number(element.get(qn("w:id"))))
    return "".join(pieces)


def body_paragraphs(document):
    """The paragraphs of the body in order, those of table cells included (row by row)."""
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
        else:
            yield item


def read_word_document(data: bytes, name: str = "document.docx") -> DocumentStructure:
    document = open_word_document(data, name)
    numbering = Numbering(numbering_element(document), document.styles.element)
    footnotes = FootnoteNumbers(document)
    lines: list[str] = []
    paragraph_of_line: dict[int, int] = {}
    styled: dict[int, Kind] = {}  # first line of a paragraph -> the kind its style says
    numbered: set[int] = set()  # first lines of the paragraphs Word numbers
    for index, paragraph in enumerate(body_paragraphs(document), start=1):
        style_id = paragraph.style.style_id if paragraph.style is not None else None
        style_name = paragraph.style.name if paragraph.style is not None else ""
        marker, suffix = numbering.label(paragraph._p, style_id)
        text = paragraph_text(paragraph._p, footnotes)
        if not (marker + text).strip():
            continue
        first = len(lines) + 1
        if marker:
            numbered.add(first)
        for line in ((marker + suffix if marker else "") + text).split("\n"):
            lines.append(line)
            paragraph_of_line[len(lines)] = index
        lines.append("")  # a paragraph of its own, as if a blank line followed it
        if style_name == "Title":
            styled[first] = Kind.HEADING
        elif HEADING_STYLE.fullmatch(style_name):
            styled[first] = Kind.PART if PART_TITLE.fullmatch(text.strip()) else Kind.SECTION
    structure = structure_of_lines(lines, styled=styled, numbered=frozenset(numbered))
    structure.encoding = "Word"
    for note_id, number in footnotes.numbers.items():
        text = footnotes.texts.get(note_id, "")
        structure.blocks.append(Block(Kind.FOOTNOTE, text, marker=f"{number} ", label=str(number)))
    for block in structure.blocks:
        block.line = paragraph_of_line.get(block.line, block.line)
        block.last_line = paragraph_of_line.get(block.last_line, block.last_line)
    return structure


def numbering_element(document):
    """The document's numbering part (word/numbering.xml), or None: a document may have no lists at all."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
