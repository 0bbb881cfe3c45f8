"""The Word styles of a meeting's document (.docx) and the few pieces of WordprocessingML python-docx does not write.

Every kind of block has a paragraph style of its own, so that a reader who
edits or forwards the document restyles all the paragraphs, or all the
sub-items, at once, and a screen reader or a converter finds the headings.
Numbers and labels are typed as printed ("17 bis", "١.", "(a)") followed by
a tab, not left to Word's automatic numbering: Word would renumber them,
and a label as printed is what a citation refers to.

Fonts are named for each script (Word picks the font of a run by its
script): Noto Serif for Latin and Cyrillic, Noto Serif CJK SC for Chinese,
Noto Naskh Arabic for Arabic; a machine without them substitutes its own.
"""

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

LATIN_FONT = "Noto Serif"
CHINESE_FONT = "Noto Serif CJK SC"
ARABIC_FONT = "Noto Naskh Arabic"
MUTED = RGBColor(0x4F, 0x58, 0x63)
LABEL_INDENT = Cm(1.25)
FACT_VALUE_INDENT = Cm(4)  # where the meeting's dates, venue and organizers start, after their names

# Word's names for the languages, for spelling and hyphenation: Latin text, East Asian text, right-to-left text.
WORD_LANGUAGES = {"ar": "ar-SA", "zh-hans": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}

# The paragraph styles added to Word's own (Title, Subtitle, Heading 1, Heading 2): name -> how it looks.
HEADING_LINE = "Heading Line"
PREAMBLE = "Preamble Paragraph"
NUMBERED = "Numbered Paragraph"
UNNUMBERED = "Unnumbered Paragraph"
SUB_ITEM = "Sub-item"
CLOSING = "Closing Line"
FOOTNOTE = "Footnote Entry"
NOTE = "Reader Note"  # the site's own words: facts, notes on untranslated paragraphs, page furniture
# The styles whose label hangs before the text, a tab taking the text to the indent.
HANGING_STYLES = (PREAMBLE, NUMBERED, UNNUMBERED, SUB_ITEM, FOOTNOTE)

# Where each pPr child may stand (ECMA-376 CT_PPrBase): w:bidi must come before these.
AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def set_fonts(style) -> None:
    """Name the three scripts' fonts on a style, dropping the theme fonts that would win over them."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for slot, font in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", CHINESE_FONT), ("cs", ARABIC_FONT)):
        fonts.set(qn(f"w:{slot}"), font)


def set_languages(style, language: str) -> None:
    """Tell Word the page's language, and Chinese and Arabic for text in those scripts."""
    run_properties = style.element.get_or_add_rPr()
    languages = run_properties.find(qn("w:lang"))
    if languages is None:
        languages = OxmlElement("w:lang")
        run_properties.append(languages)
    languages.set(qn("w:val"), WORD_LANGUAGES[language])
    languages.set(qn("w:eastAsia"), WORD_LANGUAGES["zh-hans"])
    languages.set(qn("w:bidi"), WORD_LANGUAGES["ar"])


def add_paragraph_style(document, name: str, *, size: float = 11, hanging: bool = False, indent=None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    form = style.paragraph_format
    form.space_after = Pt(6)
    if hanging:
        form.space_before = Pt(6)
        # The label hangs in the margin and a tab takes the text to the indent, as in the printed document.
        form.left_indent = (indent or Cm(0)) + LABEL_INDENT
        form.first_line_indent = -LABEL_INDENT
        form.tab_stops.add_tab_stop(form.left_indent, WD_TAB_ALIGNMENT.LEFT)
    elif indent is not None:
        form.left_indent = indent
    return style


def add_document_styles(document, language: str) -> None:
    """Fonts and languages on Word's styles, and a style for each kind of block."""
    styles = document.styles
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2"):
        set_fonts(styles[name])
    set_languages(styles["Normal"], language)
    styles["Normal"].font.size = Pt(11)
    heading_line = add_paragraph_style(document, HEADING_LINE, size=10.5)
    heading_line.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_line.paragraph_format.space_after = Pt(0)
    add_paragraph_style(document, PREAMBLE, hanging=True)
    add_paragraph_style(document, NUMBERED, hanging=True)
    add_paragraph_style(document, UNNUMBERED, hanging=True)
    add_paragraph_style(document, SUB_ITEM, hanging=True, indent=LABEL_INDENT)
    closing = add_paragraph_style(document, CLOSING)
    closing.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_paragraph_style(document, FOOTNOTE, size=9.5, hanging=True)
    note = add_paragraph_style(document, NOTE, size=9, indent=LABEL_INDENT)
    note.font.color.rgb = MUTED
    note.font.italic = True


def make_right_to_left(paragraph) -> None:
    """A paragraph read right to left (w:bidi), its runs too (w:rtl): Arabic starts at the right margin."""
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True


def make_section_right_to_left(section) -> None:
    """Pages laid out right to left, for a document in Arabic: columns, and where lists and tables start."""
    properties = section._sectPr
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid", "w:printerSettings")


def add_hyperlink(paragraph, url: str) -> None:
    """A link to `url` showing the address itself (python-docx writes no hyperlinks)."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")  # blue and underlined, as Word shows links (in CT_RPr's order)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B5CAD")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([color, underline])
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def add_page_number(paragraph) -> None:
    """Word's PAGE field: the number of the page it is printed on."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
