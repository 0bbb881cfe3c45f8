"""Bring in a document through the admin, as an editor clicks it: upload, the structure found, confirm, read it.

In Chromium, on the live server: a UN resolution with an annex, a
declaration numbered "1 - " (made from a real one, see made_documents.py),
a Chinese joint statement without numbers, a Word document with automatic
numbering, and a translation matched block by block or not. Screenshots
of the preview, in English and in Arabic, go to /tmp/shots-admin/.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind
from conclusions.models import Meeting
from tests.browser import VIEWPORT, log_in, shoot
from tests.documents.made_documents import (
    DASH_NUMBERED_NAME,
    INSERTED_PARAGRAPHS_NAME,
    dash_numbered_declaration,
    inserted_paragraphs_declaration,
)
from tests.real_documents import AWAZA, EXPECTED, JOINT_STATEMENT, REAL, import_real_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AWAZA_WORD = "17_a-res-80-3-awaza-political-declaration.docx"


def open_bring_in(page, site: str) -> None:
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/")
    page.locator("#content-main").get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Bring in a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring in a document")


def preview(page, path: Path, *, language: str, slug: str = "", translation_of: str = "") -> None:
    """Choose the file, its language, and the new meeting's identifier or the meeting translated; preview."""
    upload = page.locator("form[enctype]")  # the upload form, below the preview once there is one
    upload.get_by_label("Document:", exact=True).set_input_files(path)
    upload.get_by_label("Language of the document").select_option(label=language)
    if slug:
        upload.get_by_label("Identifier of the new meeting").fill(slug)
    if translation_of:
        upload.get_by_label("Or a translation of the meeting").select_option(label=translation_of)
    upload.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=f"Structure of {path.name}")).to_be_visible()


def rows_of(page, kind: str):
    return page.locator(f"table.document-structure tr.block-{kind}")


def create_and_view(page) -> None:
    """Confirm, land on the draft meeting, and open it as readers will read it."""
    page.get_by_role("button", name="Create the draft meeting").click()
    expect(page.locator(".messagelist .success")).to_contain_text("as the draft meeting")
    page.get_by_role("link", name="View on site").click()


def test_a_resolution_with_an_annex_is_brought_in_and_read_as_printed(page, site, editor_account):
    structure = read_document((REAL / AWAZA).read_bytes(), AWAZA)
    furniture = structure.of_kind(Kind.FURNITURE)
    open_bring_in(page, site)
    preview(page, REAL / AWAZA, language="English", slug="awaza")
    expect(page.locator("table.document-structure tbody tr")).to_have_count(len(structure.blocks))
    expect(rows_of(page, "part")).to_contain_text("Annex")
    expect(rows_of(page, "section").nth(1)).to_contain_text("section heading")
    expect(rows_of(page, "section").nth(1)).to_contain_text("I.")
    expect(rows_of(page, "item").first).to_contain_text("sub-item (a)")
    expect(rows_of(page, "footnote")).to_have_count(EXPECTED[AWAZA]["footnote"])
    # What the heading says is proposed, and the date of adoption from the closing lines (not of issue).
    expect(page.get_by_label("Document title")).to_have_value("80/3. Awaza Political Declaration")
    expect(page.get_by_label("Start date")).to_have_value("2025-10-14")
    expect(page.get_by_label("End date")).to_have_value("2025-10-14")
    page.get_by_label("Title:", exact=True).fill("Awaza Political Declaration")
    page.get_by_label(f"Leave out all {len(furniture)} lines of page furniture").check()
    expect(page.locator('input[name="leave_out"]:checked')).to_have_count(len(furniture))
    shoot(page, "documents", "preview-en-awaza")
    assert not Meeting.objects.filter(slug="awaza").exists()

    create_and_view(page)
    meeting = Meeting.objects.get(slug="awaza")
    assert (meeting.status, meeting.start_date.isoformat(), meeting.title_en) == (
        "draft",
        "2025-10-14",
        "Awaza Political Declaration",
    )
    assert not meeting.conclusions.filter(kind="furniture").exists()
    expect(page).to_have_url(re.compile(r"/en/meetings/awaza/$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Annex")).to_be_visible()
    expect(main.get_by_role("heading", name="I. Global context and shared commitments")).to_be_visible()
    expect(main).to_contain_text("(a)")
    expect(main).to_contain_text("Structural transformation and science, technology and innovation;")
    expect(main).to_contain_text("25.")
    expect(main).not_to_contain_text("25-16680")


def test_a_declaration_numbered_1_dash_with_starred_sections(page, site, editor_account, tmp_path):
    path = tmp_path / DASH_NUMBERED_NAME
    path.write_text(dash_numbered_declaration(), encoding="utf-8")
    open_bring_in(page, site)
    preview(page, path, language="English", slug="awaza-declaration")
    expect(rows_of(page, "paragraph")).to_have_count(25)
    expect(rows_of(page, "paragraph").first).to_contain_text("1 -")
    expect(rows_of(page, "section").first).to_contain_text("*")
    # No date in its heading: confirming without one is refused, with the reason.
    page.get_by_role("button", name="Create the draft meeting").click()
    expect(page.get_by_text("Give the meeting's start date: the heading does not say it.")).to_be_visible()
    page.get_by_label("Start date").fill("2025-08-05")
    page.get_by_label("End date").fill("2025-08-08")
    create_and_view(page)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="* Global context and shared commitments")).to_be_visible()
    expect(main).to_contain_text("1 -")
    expect(main).to_contain_text("25 -")


def test_a_declaration_with_paragraphs_5_bis_and_5_ter(page, site, editor_account, tmp_path):
    path = tmp_path / INSERTED_PARAGRAPHS_NAME
    path.write_text(inserted_paragraphs_declaration(), encoding="utf-8")
    open_bring_in(page, site)
    preview(page, path, language="English", slug="awaza-bis")
    expect(rows_of(page, "paragraph")).to_have_count(25)
    expect(rows_of(page, "paragraph").nth(5)).to_contain_text("paragraph 5 bis")
    expect(rows_of(page, "paragraph").nth(6)).to_contain_text("paragraph 5 ter")
    page.get_by_label("Start date").fill("2025-08-05")
    page.get_by_label("End date").fill("2025-08-08")
    create_and_view(page)
    page.locator("#p5-bis").get_by_role("link", name="5 bis.").click()
    expect(page).to_have_url(re.compile(r"/en/meetings/awaza-bis/5-bis/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Paragraph 5 bis")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/en/meetings/awaza-bis/5-ter/$"))
    expect(page.locator("#citation")).to_contain_text("para. 5 ter")


def test_a_chinese_joint_statement_without_numbers(page, site, editor_account):
    open_bring_in(page, site)
    preview(page, REAL / JOINT_STATEMENT, language="Chinese", slug="china-uae-2019")
    expect(rows_of(page, "item")).to_have_count(EXPECTED[JOINT_STATEMENT]["item"])
    expect(rows_of(page, "item").first).to_contain_text("——")
    expect(rows_of(page, "unnumbered").first.locator("td").last).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_label("Document title")).to_have_value(
        "中华人民共和国和阿拉伯联合酋长国关于加强全面战略伙伴关系的联合声明"
    )
    page.get_by_label("Start date").fill("2019-07-22")
    page.get_by_label("End date").fill("2019-07-23")
    create_and_view(page)
    main = page.locator("main")
    expect(main).to_contain_text("——")
    expect(main).to_contain_text(EXPECTED[JOINT_STATEMENT]["closing"][0])
    expect(main.locator("[lang=zh-hans]").first).to_be_visible()


def test_a_word_document_with_automatic_numbering(page, site, editor_account, tmp_path):
    open_bring_in(page, site)
    picture = tmp_path / "statement.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    upload = page.locator("form[enctype]")
    upload.get_by_label("Document:", exact=True).set_input_files(picture)
    upload.get_by_label("Identifier of the new meeting").fill("statement")
    upload.get_by_role("button", name="Preview").click()
    expect(page.locator(".errorlist")).to_contain_text("“statement.docx” is not a Word document (.docx)")

    preview(page, REAL / AWAZA_WORD, language="English", slug="awaza-word")
    expect(page.get_by_text("Read as Word:")).to_be_visible()
    expect(rows_of(page, "paragraph")).to_have_count(27)
    expect(rows_of(page, "paragraph").last).to_contain_text("25.")
    expect(rows_of(page, "item").last).to_contain_text("(e)")
    page.get_by_label("Start date").fill("2025-10-14")
    create_and_view(page)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="III. Conclusion and call to action")).to_be_visible()
    expect(main).to_contain_text("(e)")


def test_a_translation_is_matched_block_by_block_or_shows_where_it_differs(page, site, editor_account):
    import_real_document("06_udhr-ar.txt", slug="udhr", language="ar", published=False)
    meeting = Meeting.objects.get(slug="udhr")
    open_bring_in(page, site)
    preview(page, REAL / "09_udhr-fr.txt", language="French", translation_of=str(meeting))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The French document does not have the blocks of “udhr” in their order")
    expect(alert.get_by_role("listitem").first).to_contain_text(re.compile(r"After line 1: unnumbered paragraph 1"))
    expect(page.get_by_role("button", name="Write the French translation")).to_have_count(0)

    preview(page, REAL / "08_udhr-ru.txt", language="Russian", translation_of=str(meeting))
    expect(page.get_by_role("status")).to_contain_text(
        "The Russian document matches the original of “udhr” block by block"
    )
    page.get_by_role("button", name="Write the Russian translation").click()
    expect(page.locator(".messagelist .success")).to_contain_text("as the Russian text of “udhr”")
    russian = read_document((REAL / "08_udhr-ru.txt").read_bytes(), "08_udhr-ru.txt").blocks
    assert list(meeting.conclusions.order_by("position").values_list("text_ru", flat=True)) == [
        block.text for block in russian
    ]
    page.goto(f"{site}/ru/meetings/udhr/")
    expect(page.locator("main")).to_contain_text(russian[-1].text[:40])


def test_the_preview_reads_right_to_left_in_arabic(browser, site, editor_account):
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/meeting/document/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_document").set_input_files(REAL / "06_udhr-ar.txt")
    page.locator("#id_language").select_option("ar")
    page.locator("#id_slug").fill("udhr-ar")
    page.locator("form[enctype] [type=submit]").click()
    rows = page.locator("table.document-structure tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first.locator("td").last).to_have_attribute("dir", "rtl")
    # The file name keeps its order inside the Arabic sentence.
    expect(page.locator("h2 bdi")).to_have_text("06_udhr-ar.txt")
    shoot(page, "documents", "preview-ar-udhr")
    page.close()
