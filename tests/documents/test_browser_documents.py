"""Bring in a document through the admin, as an editor clicks it: upload, the structure found, confirm."""

import pytest
from playwright.sync_api import expect

from conclusions.models import Meeting
from tests.browser import log_in
from tests.documents.test_real_documents import REAL
from tests.paths import GENEVA_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editor_account(site, editor):
    return editor


def open_bring_in(page, site: str) -> None:
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/")
    page.locator("#content-main").get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Bring in a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring in a document")


def preview(page, path, *, language: str, slug: str) -> None:
    page.get_by_label("Document", exact=False).and_(page.locator("input[type=file]")).set_input_files(path)
    page.get_by_label("Language of the document").last.select_option(label=language)
    page.get_by_label("Identifier of the new meeting").last.fill(slug)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=f"Structure of {path.name}")).to_be_visible()


def test_editor_brings_in_a_document_sees_its_structure_and_creates_the_draft(page, site, editor_account):
    open_bring_in(page, site)
    preview(page, GENEVA_TEXT, language="Chinese", slug="geneva-again")
    rows = page.locator("table.document-structure tbody tr")
    expect(rows).to_have_count(33)
    expect(rows.nth(11)).to_contain_text("preamble")
    paragraph_six = page.locator("tr.block-paragraph").nth(5)
    expect(paragraph_six).to_contain_text("6.")
    expect(paragraph_six.locator("td").last).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_text("The meeting will hold 5 preamble paragraphs and 17 numbered paragraphs")).to_be_visible()
    # The dates read from the heading are filled in, and can be corrected before confirming.
    expect(page.get_by_label("Start date").first).to_have_value("2016-04-07")
    page.get_by_label("Title").first.fill("日内瓦会议（副本）")
    assert not Meeting.objects.filter(slug="geneva-again").exists()

    page.get_by_role("button", name="Create the draft meeting").click()
    expect(page.locator(".messagelist .success")).to_contain_text("as the draft meeting “geneva-again”")
    meeting = Meeting.objects.get(slug="geneva-again")
    assert (meeting.status, meeting.source_language, meeting.title_zh_hans) == (
        "draft",
        "zh-hans",
        "日内瓦会议（副本）",
    )
    original = Meeting.objects.get(slug="geneva-2016")
    assert list(meeting.conclusions.values_list("number", "text_zh_hans")) == list(
        original.conclusions.values_list("number", "text_zh_hans")
    )
    expect(page).to_have_url(f"{site}/admin/conclusions/meeting/{meeting.pk}/change/")


def test_a_document_the_site_cannot_hold_yet_is_shown_but_not_created(page, site, editor_account):
    open_bring_in(page, site)
    preview(page, REAL / "16_a-res-80-3-awaza-political-declaration.txt", language="English", slug="awaza")
    expect(page.locator("tr.block-section").first).to_contain_text("Awaza Political Declaration")
    expect(page.locator("tr.block-section").nth(1)).to_contain_text("I.")
    expect(page.locator("tr.block-item").first).to_contain_text("(a)")
    expect(page.get_by_role("alert")).to_contain_text("6 section headings (lines 54, 82, 182, 244, 265 …)")
    expect(page.get_by_role("button", name="Create the draft meeting")).to_have_count(0)
    assert not Meeting.objects.filter(slug="awaza").exists()


def test_a_word_document_and_bad_files_in_the_same_form(page, site, editor_account, tmp_path):
    open_bring_in(page, site)
    picture = tmp_path / "statement.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    page.get_by_label("Document", exact=False).and_(page.locator("input[type=file]")).set_input_files(picture)
    page.get_by_label("Identifier of the new meeting").last.fill("statement")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".errorlist")).to_contain_text("“statement.docx” is not a Word document (.docx)")

    preview(page, REAL / "13_a-res-73-3-tuberculosis-political-declaration.docx", language="English", slug="tb")
    expect(page.get_by_text("Read as Word:")).to_be_visible()
    expect(page.locator("tr.block-paragraph")).to_have_count(53)
    expect(page.locator("tr.block-paragraph").last).to_contain_text("53.")
