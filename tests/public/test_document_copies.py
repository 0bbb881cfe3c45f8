"""A meeting's document as PDF and Word, in the page's language: the original exact, every paragraph, made once.

The PDF's text is read back with Debian's poppler-utils (pdftotext, pdffonts),
as a reader's tools read it; the .docx with python-docx.
"""

import io
import re
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from conclusions.content import content_save
from conclusions.languages import language_name
from conclusions.models import Conclusion, Meeting
from conclusions.public import document_copies
from tests.paths import GENEVA_TEXT
from tests.real_documents import AWAZA, import_real_document

A4_HEIGHT = 842  # points
# The body of each page, between the running head and the foot (pdf.css: 20 mm and 22 mm margins).
BODY_TOP, BODY_BOTTOM = 50, 780
# pdftotext marks runs of right-to-left text with Unicode embedding controls.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))
PAGE_BREAK = "指出各会员国只有\n\n完全履行国际法"  # the seed's one page break inside a paragraph


def download(client, language: str, document_format: str, slug: str = "geneva-2016"):
    response = client.get(f"/{language}/meetings/{slug}/document.{document_format}")
    assert response.status_code == 200, response.status_code
    return response


def pdf_text(data: bytes, *, body_only: bool = False, drawn_order: bool = True) -> str:
    """The PDF's text as pdftotext reads it; `body_only` leaves out each page's head and foot.

    In the order it is drawn (-raw), which is the document's: in its layout mode pdftotext would also
    join "high-" and "level" at a line's end into "highlevel", as if the hyphen were the PDF's own.
    Right-to-left text reads better in layout mode (`drawn_order=False`): drawn, its words come in
    the order they are seen.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        crop = ["-x", "0", "-y", str(BODY_TOP), "-W", "600", "-H", str(BODY_BOTTOM - BODY_TOP)] if body_only else []
        result = subprocess.run(
            ["pdftotext", *(["-raw"] if drawn_order else []), "-enc", "UTF-8", *crop, str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        )
    return result.stdout.translate(BIDI_CONTROLS)


def pdf_fonts(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout


def without_label_lines(text: str) -> str:
    """On a right-to-left page the labels stand in a column at the right margin: pdftotext gives them
    as lines of their own, in the middle of the paragraph they number. Those lines left out."""
    return re.sub(r"^\s*(?:[0-9٠-٩]+\.|¶)\s*$", "", text, flags=re.MULTILINE)


def word_paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed_blocks() -> list[str]:
    """The seed's paragraphs as the secretariat sent them (the page break inside one paragraph re-joined)."""
    text = GENEVA_TEXT.read_text(encoding="utf-8").replace(PAGE_BREAK, PAGE_BREAK.replace("\n\n", ""))
    return [block.strip() for block in text.split("\n\n") if block.strip()]


@pytest.fixture(scope="module")
def seed_paragraphs(seed_blocks) -> list[str]:
    """The preamble and the 17 numbered paragraphs: every block from the first preamble paragraph on."""
    first = next(index for index, block in enumerate(seed_blocks) if block.startswith("联合国秘书长潘基文阁下"))
    return seed_blocks[first:]


def test_the_word_file_holds_the_chinese_original_character_for_character(
    client, geneva, seed_blocks, seed_paragraphs
):
    paragraphs = word_paragraphs(download(client, "zh-hans", "docx").content)
    heading = [paragraph.text for paragraph in paragraphs if paragraph.style.name == "Heading Line"]
    assert heading == [line.strip() for block in seed_blocks[: -len(seed_paragraphs)] for line in block.splitlines()]
    body = [
        paragraph.text.replace("\t", " ", 1)  # the label and its text, as the seed prints them: "1. 会议…"
        for paragraph in paragraphs
        if paragraph.style.name in ("Preamble Paragraph", "Numbered Paragraph")
    ]
    assert body == seed_paragraphs
    assert len(body) == 5 + 17


def test_the_pdf_holds_the_chinese_original_character_for_character(client, geneva, seed_paragraphs):
    """Every preamble paragraph and numbered paragraph of the seed, in order, each character as stored.

    Whitespace only is left out on both sides: the PDF breaks a paragraph's lines where the page
    layout does (and a break at a space leaves no space). Every other character — punctuation,
    full-width forms, digits, Latin names — must be there, in the seed's order.
    """
    text = without_whitespace(pdf_text(download(client, "zh-hans", "pdf").content, body_only=True))
    place = 0
    for block in seed_paragraphs:
        found = text.find(without_whitespace(block), place)
        assert found >= place, f"not found in order: {block[:30]}"
        place = found + len(without_whitespace(block))


def test_the_pdf_says_what_the_meeting_page_says_above_the_document(client, geneva):
    data = download(client, "en", "pdf").content
    text = re.sub(r"\s+", " ", pdf_text(data))
    with translation.override("en"):
        dates = geneva.date_range
    for said in (
        "English · unofficial translation",
        "Geneva Conference on Preventing Violent Extremism – The Way Forward",
        "Co-Chairs' Joint Conclusions",
        dates,
        "United Nations Office at Geneva, Switzerland",
        "Organized jointly by the United Nations and the Government of Switzerland",
        "Unofficial translation. The original text (Chinese) is authoritative.",
        "Permanent link: http://testserver/en/meetings/geneva-2016/",
        "http://testserver/en/meetings/geneva-2016/10/",  # each paragraph's own address under it
    ):
        assert said in text
    numbers = [tuple(map(int, found)) for found in re.findall(r"(?<!\S)(\d+) / (\d+)(?!\S)", text)]
    pages = numbers[-1][1]
    assert pages >= 2
    assert [number for number in numbers if number[1] == pages] == [(page, pages) for page in range(1, pages + 1)]
    english = Conclusion.objects.get(meeting=geneva, kind="paragraph", number=10).text_en
    assert without_whitespace(english) in without_whitespace(pdf_text(data, body_only=True))


def test_the_fonts_of_chinese_and_arabic_are_embedded(client, geneva):
    for language in ("zh-hans", "ar"):
        fonts = pdf_fonts(download(client, language, "pdf").content)
        embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5] == "yes"]
        assert len(embedded) == len(fonts.splitlines()[2:]), fonts  # no font left to the reader's machine
        assert "Noto-Serif-CJK-SC" in fonts
    assert "Noto-Naskh-Arabic" in fonts, "the Arabic page's own words are in Arabic"


@pytest.fixture
def partly_arabic(geneva):
    """Paragraphs 1 and 2 translated into Arabic, the others not."""
    translated = list(geneva.conclusions.filter(kind="paragraph", number__in=[1, 2]).order_by("number"))
    translated[0].text_ar = "اعتُبرت الهجمات الأخيرة التي نفذها الإرهابيون والمتطرفون العنيفون مأساةً."
    translated[1].text_ar = "رُحِّب بمبادرة الأمين العام بوصفها إسهاماً مفيداً للغاية."
    translated[0].label_ar, translated[1].label_ar = "١.", "٢."
    content_save(translated)
    return translated


LAM_ALEF = re.compile("ل[اأإآ]")
HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def without_marks(text: str) -> str:
    """Arabic without its vowel marks (harakat), which the PDF's text gives back apart from their letters."""
    return HARAKAT.sub("", text).strip(".:،")


def arabic_note_for_chinese() -> str:
    """The meeting page's note under a paragraph shown in the Chinese original, as the Arabic page says it."""
    with translation.override("ar"):
        return gettext("Not yet translated: original text in %(language)s.") % {"language": language_name("zh-hans")}


def is_right_to_left(paragraph) -> bool:
    bidi = paragraph._p.pPr is not None and paragraph._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
    return bidi and all(run.font.rtl for run in paragraph.runs)


def test_arabic_paragraphs_are_right_to_left_in_word_and_untranslated_ones_carry_the_original(
    client, geneva, partly_arabic
):
    paragraphs = word_paragraphs(download(client, "ar", "docx").content)
    numbered = [paragraph for paragraph in paragraphs if paragraph.style.name == "Numbered Paragraph"]
    assert numbered[0].text == f"١.\t{partly_arabic[0].text_ar}"
    assert numbered[1].text == f"٢.\t{partly_arabic[1].text_ar}"
    assert is_right_to_left(numbered[0]) and is_right_to_left(numbered[1])
    third = Conclusion.objects.get(meeting=geneva, kind="paragraph", number=3)
    assert numbered[2].text == f"{third.label_zh_hans}\t{third.text_zh_hans}"
    assert not is_right_to_left(numbered[2]), "the Chinese original shown in its place reads left to right"
    after = paragraphs[paragraphs.index(numbered[2]) + 1]
    assert after.style.name == "Reader Note"
    assert after.text == arabic_note_for_chinese()
    assert is_right_to_left(after)
    assert (
        docx.Document(io.BytesIO(download(client, "ar", "docx").content))
        .sections[0]
        ._sectPr.find(docx.oxml.ns.qn("w:bidi"))
        is not None
    )


def test_a_partly_translated_pdf_carries_the_original_where_there_is_no_translation(client, geneva, partly_arabic):
    text = pdf_text(download(client, "ar", "pdf").content, body_only=True, drawn_order=False)
    flat = without_whitespace(without_label_lines(text))
    # pdftotext reads shaped Arabic back word by word, but not a lam-alef ligature (it gives "أل" for "لأ")
    # nor always the order of a paragraph's lines or where its vowel marks go: each other word is there, read
    # without marks and spaces (so that a mark given back apart from its letter does not split the word).
    words = [without_marks(word) for word in partly_arabic[1].text_ar.split()]
    assert all(word in without_marks(flat) for word in words if not LAM_ALEF.search(word))
    assert len([word for word in words if not LAM_ALEF.search(word)]) >= 5
    third = Conclusion.objects.get(meeting=geneva, kind="paragraph", number=3)
    assert without_whitespace(third.text_zh_hans) in flat
    assert all(
        word in without_marks(flat)
        for word in without_marks(arabic_note_for_chinese()).split()
        if not LAM_ALEF.search(word)
    )


def test_the_word_file_marks_headings_and_numbered_paragraphs_with_styles(client, db):
    meeting = import_real_document(AWAZA)
    paragraphs = word_paragraphs(download(client, "en", "docx", slug=meeting.slug).content)
    used = {paragraph.style.name for paragraph in paragraphs}
    assert {"Title", "Heading 1", "Numbered Paragraph", "Sub-item", "Preamble Paragraph"} <= used
    numbered = [paragraph for paragraph in paragraphs if paragraph.style.name == "Numbered Paragraph"]
    stored = meeting.conclusions.filter(kind="paragraph").order_by("position")
    assert [paragraph.text.split("\t")[1] for paragraph in numbered] == [block.text_en for block in stored]
    styles = docx.Document(io.BytesIO(download(client, "en", "docx", slug=meeting.slug).content)).styles
    assert styles["Numbered Paragraph"].paragraph_format.first_line_indent < 0, "the number hangs before the text"


@pytest.mark.parametrize("document_format", ["pdf", "docx"])
def test_made_once_per_content_version(client, geneva, document_format, django_assert_num_queries):
    writer = "pdf_bytes" if document_format == "pdf" else "word_bytes"
    with mock.patch.object(document_copies, writer, wraps=getattr(document_copies, writer)) as made:
        first = download(client, "en", document_format).content
        with django_assert_num_queries(2):  # the content version, the meeting: nothing read again, nothing made
            second = download(client, "en", document_format).content
        assert made.call_count == 1 and first == second
        download(client, "fr", document_format)
        assert made.call_count == 2, "one file per language"
        paragraph = geneva.conclusions.get(kind="paragraph", number=1)
        paragraph.text_en = "A changed paragraph."
        content_save([paragraph])
        download(client, "en", document_format)
        assert made.call_count == 3, "a change to the content makes a new file"


@pytest.mark.parametrize(
    "address",
    [
        "/en/meetings/no-such-meeting/document.pdf",
        "/en/meetings/geneva-2016/document.txt",
        "/en/meetings/geneva-2016/document.",
        "/xx/meetings/geneva-2016/document.pdf",
        "/en/meetings/draft-meeting/document.docx",
    ],
)
def test_bad_addresses_are_not_found(client, geneva, make_meeting, address):
    make_meeting(slug="draft-meeting", status=Meeting.Status.DRAFT)
    assert client.get(address).status_code == 404


def test_the_meeting_page_links_to_both_files_in_its_language(client, geneva):
    page = client.get("/fr/meetings/geneva-2016/").content.decode()
    assert 'href="/fr/meetings/geneva-2016/document.pdf"' in page
    assert 'href="/fr/meetings/geneva-2016/document.docx"' in page


def test_a_draft_page_previewed_by_an_editor_offers_no_files(client, editor, make_meeting):
    make_meeting(slug="draft-meeting", status=Meeting.Status.DRAFT)
    client.force_login(editor)
    page = client.get("/en/meetings/draft-meeting/").content.decode()
    assert "document.pdf" not in page
    assert client.get("/en/meetings/draft-meeting/document.pdf").status_code == 404


@pytest.mark.parametrize("document_format", ["pdf", "docx"])
def test_made_in_the_same_number_of_queries_whatever_the_size_of_the_document(client, geneva, document_format):
    awaza = import_real_document(AWAZA)  # three times Geneva's blocks, in two parts, with sub-items and footnotes
    counts = []
    for slug in ("geneva-2016", awaza.slug):
        with CaptureQueriesContext(connection) as queries:
            download(client, "en", document_format, slug=slug)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


def test_the_word_file_opens_with_what_the_meeting_page_says_above_the_document(client, geneva):
    document = docx.Document(io.BytesIO(download(client, "en", "docx").content))
    opening = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs[:9]]
    with translation.override("en"):
        dates = geneva.date_range
    assert opening == [
        ("Reader Note", "English · unofficial translation"),
        ("Subtitle", "Geneva Conference on Preventing Violent Extremism – The Way Forward"),
        ("Title", "Co-Chairs' Joint Conclusions"),
        ("Normal", f"Dates\t{dates}"),
        ("Normal", "Venue\tUnited Nations Office at Geneva, Switzerland"),
        ("Normal", "Organizers\tOrganized jointly by the United Nations and the Government of Switzerland"),
        ("Normal", "Original language\tChinese"),
        ("Normal", "Unofficial translation. The original text (Chinese) is authoritative."),
        ("Normal", "Permanent link: http://testserver/en/meetings/geneva-2016/"),
    ]
    assert document.sections[0].footer.paragraphs[0].text.startswith("http://testserver/en/meetings/geneva-2016/")
    assert document.core_properties.language == "en-GB"


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_geneva_in_each_of_the_six_languages_holds_the_text_the_page_shows(client, geneva, seed_paragraphs, language):
    """Arabic, French, Russian and Spanish have no paragraph translated yet: both files hold the Chinese original."""
    blocks = list(geneva.conclusions.filter(kind__in=["preamble", "paragraph"]).order_by("position"))
    with translation.override(language):
        shown = [
            (block.shown_label.text if block.kind == "paragraph" else "", block.shown_text.text) for block in blocks
        ]
    paragraphs = word_paragraphs(download(client, language, "docx").content)
    body = [
        paragraph.text
        for paragraph in paragraphs
        if paragraph.style.name in ("Preamble Paragraph", "Numbered Paragraph")
    ]
    assert body == [f"{label}\t{text}" if label else text for label, text in shown]
    if language != "en":
        assert [text.replace("\t", " ", 1) for text in body] == seed_paragraphs
    pdf = download(client, language, "pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="geneva-2016.{language}.pdf"'
    flat = without_whitespace(without_label_lines(pdf_text(pdf.content, body_only=True)))
    missing = [text[:40] for _label, text in shown if without_whitespace(text) not in flat]
    assert not missing
