"""A paragraph's history as an editor reads it in Chromium: who, when, what changed; an old version read only; revert.

Every link and button of the history pages is clicked here as a person
clicks it: "History" on a paragraph's page, an import named in the history,
"View this version", "Revert to this version", "No, take me back",
"Yes, revert", "Back to the history", and restoring a deleted paragraph
from the list of deleted records. The admin is also read in Chinese and in
Arabic (right to left), and each page is photographed at 1280 and 1024 px,
in English and Arabic, as an editor and as a translator, for a person to
look at (/tmp/shots-i12/history/); none scrolls sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from conclusions.content import content_delete, content_save
from conclusions.models import Meeting
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import read_table
from tests.browser import VIEWPORT, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRENCH = "Des expériences relatives aux plans nationaux ont été partagées."
FRENCH_EDITED = "Des expériences relatives aux plans nationaux et régionaux ont été échangées."


@pytest.fixture
def editor_account(site, editor):
    """The shared editor, with a name, made once the live server's database holds the Geneva document."""
    editor.first_name, editor.last_name = "Marie", "Dupont"
    editor.save()
    return editor


@pytest.fixture
def paragraph_6(site):
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6)


@pytest.fixture
def french_by_the_editor(editor_account, paragraph_6):
    """Paragraph 6 has a French text, then the editor changed it: two versions of it in the history."""
    paragraph_6.text_fr = FRENCH
    content_save([paragraph_6], user=editor_account)
    paragraph_6.text_fr = FRENCH_EDITED
    content_save([paragraph_6], user=editor_account)
    return paragraph_6


def open_history(page, site: str, paragraph) -> None:
    """From the paragraph's page in the admin, its "History" link."""
    page.goto(f"{site}/admin/conclusions/conclusion/{paragraph.pk}/change/")
    page.locator(".object-tools a.historylink").click()  # "History", in the admin's language
    expect(page.locator("#change-history")).to_be_visible()


def entries(page):
    return page.locator("#change-history > li")


def test_an_editor_changes_the_french_text_and_reads_the_change_in_the_history(
    page, site, editor_account, paragraph_6
):
    paragraph_6.text_fr = FRENCH
    content_save([paragraph_6])
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/conclusion/{paragraph_6.pk}/change/")
    page.get_by_role("tab", name="French").click()  # the form's language switch
    page.fill("#id_text_fr", FRENCH_EDITED)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    open_history(page, site, paragraph_6)
    newest = entries(page).first
    expect(newest.locator(".history-who")).to_have_text("Marie Dupont")
    expect(newest).to_contain_text("Changed")
    expect(newest.locator("dt")).to_have_text(["Text — French"])
    change = newest.locator("dd")
    expect(change).to_have_attribute("lang", "fr")
    expect(change.locator("ins")).to_have_text([re.compile("et régionaux"), re.compile("échangées")])
    expect(change.locator("del")).to_have_text([re.compile("partagées")])
    expect(change.locator("ins").first).to_have_css("text-decoration-line", "underline")
    expect(change.locator("del").first).to_have_css("text-decoration-line", "line-through")
    # The words for screen readers take no room on the screen.
    assert change.locator("ins .visually-hidden").first.bounding_box()["width"] <= 1
    expect(entries(page).last).to_contain_text("Loaded from the original document")
    expect(entries(page).last).to_contain_text("Created")


def test_an_import_and_its_undo_are_named_in_the_history_and_lead_to_the_import(
    page, site, editor_account, paragraph_6
):
    table = read_table(f"meeting,number,text_fr\ngeneva-2016,6,{FRENCH}\n".encode(), filename="french.csv")
    record = apply_conclusion_import(plan_conclusion_import(table), file_name="french.csv", user=editor_account)
    log_in(page, site, "editor", "editor-password")
    open_history(page, site, paragraph_6)
    expect(entries(page).first.locator("dd ins")).to_contain_text(FRENCH)
    page.get_by_role("link", name=f"Spreadsheet import #{record.pk} — french.csv").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/spreadsheetimport/{record.pk}/change/")

    page.get_by_role("link", name="Undo this import").click()
    page.get_by_role("button", name="Yes, undo this import").click()
    expect(page.locator(".messagelist .success")).to_contain_text("The import was undone")
    page.locator("li", has_text="geneva-2016, paragraph 6").get_by_role("link", name="History").click()
    newest = entries(page).first
    expect(newest.locator(".history-source")).to_have_text(f"Undo of import #{record.pk}")
    expect(newest.locator("dd del")).to_contain_text(FRENCH)
    newest.get_by_role("link", name=f"Undo of import #{record.pk}").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/spreadsheetimport/{record.pk}/change/")


def test_an_old_version_is_read_only_and_reverting_to_it_asks_first(page, site, french_by_the_editor):
    log_in(page, site, "editor", "editor-password")
    open_history(page, site, french_by_the_editor)
    older = entries(page).nth(1)  # the first French text
    older_date = older.locator("time").inner_text()
    older.get_by_role("link", name="View this version").click()

    banner = page.locator(".history-banner")
    expect(banner).to_contain_text(f"Version of {older_date} by Marie Dupont, read only")
    expect(page.locator("#content-main").get_by_role("textbox")).to_have_count(0)
    expect(page.locator("#content-main select, #content-main input[type=checkbox]")).to_have_count(0)
    expect(page.locator("#content-main dd[lang=fr]")).to_have_text(FRENCH)
    page.get_by_role("link", name="Back to the history").click()
    expect(page.locator("#change-history")).to_be_visible()
    entries(page).nth(1).get_by_role("link", name="View this version").click()

    # Asked, and taken back: nothing changes.
    page.get_by_role("link", name="Revert to this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Revert geneva-2016, paragraph 6 to the version of {older_date}?"
    )
    expect(page.locator("dd[lang=fr] del")).to_have_text([re.compile("et régionaux"), re.compile("échangées")])
    page.get_by_role("link", name="No, take me back").click()
    expect(page.locator(".history-banner")).to_contain_text("read only")
    french_by_the_editor.refresh_from_db()
    assert french_by_the_editor.text_fr == FRENCH_EDITED

    page.get_by_role("link", name="Revert to this version").click()
    page.get_by_role("button", name="Yes, revert").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"“geneva-2016, paragraph 6” was reverted to the version of {older_date}, as a new change in its history."
    )
    newest = entries(page).first
    expect(newest.locator(".history-source")).to_have_text(f"Reverted to the version of {older_date}")
    expect(newest.locator(".history-person")).to_have_text("Marie Dupont")
    newest.get_by_role("link", name=f"Reverted to the version of {older_date}").click()
    expect(page.locator(".history-banner")).to_contain_text("This is the current version.")
    expect(page.get_by_role("link", name="Revert to this version")).to_have_count(0)

    page.goto(f"{site}/fr/meetings/geneva-2016/6/")
    expect(page.locator(".paragraph-text")).to_have_text(FRENCH)


def test_a_deleted_paragraph_is_restored_from_the_list_of_deleted_records(page, site, editor_account, paragraph_6):
    content_delete([paragraph_6], user=editor_account)
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/conclusion/")
    page.get_by_role("link", name="Deleted", exact=True).click()
    page.get_by_role("link", name="geneva-2016, paragraph 6").click()
    expect(page.locator("#content-main")).to_contain_text("This record was deleted.")
    expect(entries(page).first).to_contain_text("Deleted")
    entries(page).nth(1).get_by_role("link", name="View this version").click()
    page.get_by_role("link", name="Restore this version").click()
    page.get_by_role("button", name="Yes, restore").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was restored as it was on")
    expect(entries(page).first).to_contain_text("Restored")
    page.goto(f"{site}/zh-hans/meetings/geneva-2016/6/")
    expect(page.locator(".paragraph-text")).to_have_text(paragraph_6.text_zh_hans)


def test_in_a_chinese_admin_a_change_of_the_chinese_original_is_marked_character_by_character(
    browser, site, editor_account, paragraph_6
):
    paragraph_6.text_zh_hans = paragraph_6.text_zh_hans.replace("国家自主", "国家和区域自主")
    content_save([paragraph_6], user=editor_account)
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/conclusion/{paragraph_6.pk}/change/")
    page.locator(".object-tools").get_by_role("link", name="历史").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    newest = entries(page).first
    expect(newest.locator("dt")).to_have_text(["案文 — 中文"])
    expect(newest.locator("dd")).to_have_attribute("lang", "zh-hans")
    expect(newest.locator("dd ins")).to_have_count(1)
    expect(newest.locator("dd ins")).to_contain_text("和区域")
    assert newest.locator("dd ins").evaluate("e => e.lastChild.previousSibling.textContent") == "和区域"
    shoot(page, "history", "history-zh-editor")
    page.close()


def test_in_an_arabic_admin_the_history_reads_right_to_left_and_the_french_left_to_right(
    browser, site, french_by_the_editor
):
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    log_in(page, site, "editor", "editor-password")
    open_history(page, site, french_by_the_editor)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    change = entries(page).first.locator("dd")
    expect(change).to_have_attribute("dir", "ltr")
    expect(change.locator("ins").first).to_contain_text("et régionaux")
    expect(entries(page).first.locator("dt")).to_have_text(["النص — الفرنسية"])
    shoot(page, "history", "history-ar-editor")
    entries(page).nth(1).locator(".history-version-link").click()
    expect(page.locator("#content-main").get_by_role("textbox")).to_have_count(0)
    shoot(page, "history", "version-ar-editor")
    page.locator(".history-actions a.default").click()
    shoot(page, "history", "revert-ar-editor")
    page.close()


def test_the_history_pages_fit_1280_and_1024_pixels_for_an_editor_and_a_translator(
    page, browser, site, french_by_the_editor, make_translator
):
    log_in(page, site, "editor", "editor-password")
    open_history(page, site, french_by_the_editor)
    shoot(page, "history", "history-en-editor")
    entries(page).nth(1).get_by_role("link", name="View this version").click()
    shoot(page, "history", "version-en-editor")
    page.get_by_role("link", name="Revert to this version").click()
    shoot(page, "history", "revert-en-editor")

    make_translator("French")
    for locale, name in (("en", "en"), ("ar", "ar")):
        translator = browser.new_page(viewport=VIEWPORT, locale=locale)
        log_in(translator, site, "traductrice", "translator-password")
        open_history(translator, site, french_by_the_editor)
        shoot(translator, "history", f"history-{name}-translator")
        entries(translator).last.locator(".history-version-link").click()
        expect(translator.locator(".history-actions a")).to_have_count(1)  # back to the history; no revert
        shoot(translator, "history", f"version-{name}-translator")
        translator.close()
