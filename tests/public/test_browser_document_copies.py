"""A reader in a real browser downloads the meeting's document as PDF and as Word, from the meeting page."""

from pathlib import Path

import docx
import pytest
from django.utils import translation

from conclusions.models import Conclusion
from tests.browser import shoot
from tests.public.test_document_copies import pdf_text, without_label_lines, without_whitespace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(
    ("language", "link_text"),
    [
        ("zh-hans", "下载本页所示文件："),
        ("en", "Download the document as shown here:"),
        ("ar", "تنزيل الوثيقة كما تُعرض هنا:"),
    ],
)
def test_reader_clicks_pdf_and_word_on_the_meeting_page(page, site, language, link_text):
    page.goto(f"{site}/{language}/meetings/geneva-2016/")
    copies = page.locator(".document-copies")
    assert copies.inner_text().startswith(link_text)
    shoot(page, "document-copies", f"meeting-{language}", sizes=[{"width": 1280, "height": 900}])
    paragraph = Conclusion.objects.get(meeting__slug="geneva-2016", kind="paragraph", number=10)
    with translation.override(language):  # on the Arabic page, the Chinese original: nothing is translated yet
        label, text = paragraph.shown_label.text, paragraph.shown_text.text

    with page.expect_download() as pdf:
        copies.get_by_role("link", name="PDF").click()
    assert pdf.value.suggested_filename == f"geneva-2016.{language}.pdf"
    data = Path(pdf.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert without_whitespace(text) in without_whitespace(without_label_lines(pdf_text(data, body_only=True)))

    with page.expect_download() as word:
        copies.get_by_role("link", name="Word (.docx)").click()
    assert word.value.suggested_filename == f"geneva-2016.{language}.docx"
    paragraphs = [item.text for item in docx.Document(word.value.path()).paragraphs]
    assert f"{label}\t{text}" in paragraphs
