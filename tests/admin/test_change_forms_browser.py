"""The change forms as an editor uses them in Chromium at 1280 px, in English and in Arabic.

Save at the top; one language switch for the page that opens on the
original, with the mouse and with the keyboard; the document's blocks on the
meeting's form; the blocks before and after a block, and "Save and go to
next block"; themes ticked by their whole names and seen by readers; and the
editor's part of issue 12's "Done when": the Chinese original of a
paragraph edited from a meeting's form that opens on Chinese, its French
then outdated.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.languages import language_name
from conclusions.models import Meeting, Theme
from tests.browser import VIEWPORT, log_in, seen_text
from tests.real_documents import AWAZA, import_real_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEETING_TEXTS = ("title", "document_title", "organizers", "venue")
GENEVA_TITLE = "Geneva Conference on Preventing Violent Extremism – The Way Forward"
UN_STRATEGY = "The United Nations Global Counter-Terrorism Strategy"


def geneva_paragraph(number: int):
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", part=1, number=number)


def change_url(site: str, record) -> str:
    return f"{site}/admin/conclusions/{record._meta.model_name}/{record.pk}/change/"


def open_geneva_from_the_meetings_list(page) -> None:
    page.locator("#content-main").get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name=GENEVA_TITLE).first.click()  # the title, with its slug and status under it


def test_meeting_form_opens_on_the_chinese_original_and_one_switch_changes_every_field(page, site, editor):
    log_in(page, site, "editor", "editor-password")
    open_geneva_from_the_meetings_list(page)

    languages = page.get_by_role("tablist", name="Texts in").get_by_role("tab")
    expect(languages).to_have_text(["Chinese (original)", "Arabic", "English", "French", "Russian", "Spanish"])
    expect(languages.first).to_have_attribute("aria-selected", "true")
    for field in MEETING_TEXTS:
        expect(page.locator(f"#id_{field}_zh_hans")).to_be_visible()
        expect(page.locator(f"#id_{field}_en")).to_be_hidden()
    expect(page.get_by_role("textbox", name="Title:", exact=True)).to_have_value(
        "日内瓦会议 防止暴力极端主义——前进之路"
    )
    # No row of tabs per field, and no second selector beside the page's title.
    expect(page.locator(".ui-tabs-nav:visible")).to_have_count(0)
    expect(page.locator("#modeltranslation-main-switch")).to_be_hidden()

    page.get_by_role("tab", name="Arabic").click()
    assert page.eval_on_selector("#id_venue_ar", "e => getComputedStyle(e).direction") == "rtl"
    page.get_by_role("tab", name="English").click()
    for field in MEETING_TEXTS:
        expect(page.locator(f"#id_{field}_en")).to_be_visible()
        expect(page.locator(f"#id_{field}_zh_hans")).to_be_hidden()
    page.get_by_role("textbox", name="Venue:").fill("Palais des Nations, Geneva")

    top_save = page.locator(".submit-row").first.get_by_role("button", name="Save", exact=True)
    assert top_save.bounding_box()["y"] < page.get_by_role("textbox", name="Slug:").bounding_box()["y"]
    top_save.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert Meeting.objects.get(slug="geneva-2016").venue_en == "Palais des Nations, Geneva"


def test_theme_form_opens_on_english_and_saves_from_the_top(page, site, editor):
    theme = Theme.objects.get(slug="youth")
    log_in(page, site, "editor", "editor-password")
    page.locator("#content-main").get_by_role("link", name="Themes", exact=True).click()
    page.get_by_role("link", name=theme.name_en, exact=True).click()
    expect(page.get_by_role("tab", name="English (original)")).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name="French").click()
    page.get_by_role("textbox", name="Name:").fill("Autonomiser les jeunes")
    page.locator(".submit-row").first.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    theme.refresh_from_db()
    assert theme.name_fr == "Autonomiser les jeunes"


def test_keyboard_moves_through_the_languages_of_the_switch(page, site, editor):
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, geneva_paragraph(6)))
    tab = page.get_by_role("tab")

    # One stop for the whole switch, on the language shown: from the last button above it, Tab.
    page.locator(".submit-row").first.get_by_role("link", name="Delete").focus()
    page.keyboard.press("Tab")
    expect(tab.filter(has_text="Chinese (original)")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(tab.filter(has_text="Arabic")).to_be_focused()
    expect(tab.filter(has_text="Arabic")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_text_ar")).to_be_visible()
    expect(page.locator("#id_text_zh_hans")).to_be_hidden()
    page.keyboard.press("End")
    expect(tab.filter(has_text="Spanish")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_text_es")).to_be_visible()
    page.keyboard.press("ArrowRight")  # round to the first
    expect(tab.filter(has_text="Chinese (original)")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(tab.filter(has_text="Russian")).to_be_focused()
    # Enter on a language chooses it; it does not send the form.
    page.keyboard.press("Enter")
    expect(tab.filter(has_text="Russian")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_text_ru")).to_be_visible()
    expect(page.locator(".messagelist")).to_have_count(0)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") != "tab"


def test_editor_goes_through_the_blocks_and_ticks_a_theme_by_its_whole_name(page, site, editor):
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, geneva_paragraph(6)))
    page.get_by_role("link", name="Previous block: paragraph 5").click()
    expect(page.get_by_role("heading", name="geneva-2016, paragraph 5")).to_be_visible()
    page.get_by_role("link", name="Next block: paragraph 6").click()
    expect(page.get_by_role("heading", name="geneva-2016, paragraph 6")).to_be_visible()

    strategy = page.get_by_role("checkbox", name=UN_STRATEGY, exact=True)
    label = page.locator("label", has=strategy)
    expect(label).to_have_text(UN_STRATEGY)
    form = page.locator("#conclusion_form").bounding_box()
    box = label.bounding_box()
    assert form["x"] <= box["x"] and box["x"] + box["width"] <= form["x"] + form["width"], "the name is not cut"
    strategy.check()
    page.locator(".submit-row").last.get_by_role("button", name="Save and go to next block").click()

    expect(page.locator(".messagelist .success")).to_contain_text("geneva-2016, paragraph 6” was changed successfully")
    expect(page.get_by_role("heading", name="geneva-2016, paragraph 7")).to_be_visible()
    page.get_by_role("link", name="The document, block by block").click()
    expect(page.get_by_role("heading", name=GENEVA_TITLE)).to_be_visible()
    expect(page.locator("#document-blocks")).to_be_in_viewport()

    # Readers see the theme on the paragraph, and the paragraph on the theme's page.
    page.goto(f"{site}/en/meetings/geneva-2016/6/")
    page.locator(".theme-tags").get_by_role("link", name=UN_STRATEGY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UN_STRATEGY)
    expect(page.locator("main")).to_contain_text(geneva_paragraph(6).text_en[:60])


def test_the_last_block_has_no_next_block(page, site, editor):
    last = Meeting.objects.get(slug="geneva-2016").conclusions.order_by("position").last()
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, last))
    expect(page.get_by_text("The last block of the document")).to_be_visible()
    expect(page.get_by_role("button", name="Save and go to next block")).to_have_count(0)


def test_arabic_admin_block_form_opens_on_chinese_switches_right_to_left_and_saves_a_theme(browser, site, editor):
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    theme = Theme.objects.get(slug="global-counter-terrorism-strategy")
    with translation.override("ar"):
        chinese, arabic = language_name("zh-hans"), language_name("ar")
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, geneva_paragraph(7)))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    switch = page.get_by_role("tablist")
    first, second = switch.get_by_role("tab").nth(0), switch.get_by_role("tab").nth(1)
    expect(first).to_contain_text(chinese)
    expect(first).to_have_attribute("aria-selected", "true")
    assert first.bounding_box()["x"] > second.bounding_box()["x"], "right to left: the first language on the right"
    # The Chinese text keeps its own direction in the Arabic admin.
    assert page.eval_on_selector("#id_text_zh_hans", "e => getComputedStyle(e).direction") == "ltr"
    first.focus()
    page.keyboard.press("ArrowLeft")  # forward, right to left
    expect(second).to_contain_text(arabic)
    expect(second).to_have_attribute("aria-selected", "true")
    assert page.eval_on_selector("#id_text_ar", "e => getComputedStyle(e).direction") == "rtl"

    page.get_by_role("checkbox", name=theme.name_ar, exact=True).check()
    page.locator(".submit-row").first.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(f"{site}/ar/meetings/geneva-2016/7/")
    expect(page.locator(".theme-tags").get_by_role("link", name=theme.name_ar)).to_be_visible()


def test_editor_edits_the_chinese_original_from_the_meeting_form_and_the_french_becomes_outdated(page, site, editor):
    sixth = geneva_paragraph(6)
    sixth.text_fr = "Des expériences relatives aux plans nationaux et régionaux ont été partagées."
    content_save([sixth])
    page.goto(f"{site}/fr/meetings/geneva-2016/")
    expect(page.locator("#p6 .outdated-note")).to_have_count(0)

    log_in(page, site, "editor", "editor-password")
    open_geneva_from_the_meetings_list(page)
    expect(page.get_by_role("tab", name="Chinese (original)")).to_have_attribute("aria-selected", "true")
    page.get_by_role("link", name="The document, block by block").click()
    page.locator("#document-blocks").get_by_role("link", name="paragraph 6", exact=True).click()

    expect(page.get_by_role("tab", name="Chinese (original)")).to_have_attribute("aria-selected", "true")
    text = page.get_by_role("textbox", name="Text:", exact=True)
    expect(text).to_have_attribute("lang", "zh-hans")
    corrected = sixth.text_zh_hans.replace("国际法", "国际法和《联合国宪章》")
    text.fill(corrected)
    page.locator(".submit-row").first.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    sixth.refresh_from_db()
    assert sixth.text_zh_hans == corrected
    outdated = page.locator(".outdated-translation", has_text="French")
    assert seen_text(outdated.locator(".source-diff ins")) == "和《联合国宪章》"

    page.goto(f"{site}/fr/meetings/geneva-2016/")
    expect(page.locator("#p6 .outdated-note")).to_be_visible()


def test_a_language_with_an_error_is_marked_and_shown(page, site, editor):
    awaza = import_real_document(AWAZA, slug="awaza")
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, awaza))
    expect(page.get_by_role("tab", name="English (original)")).to_have_attribute("aria-selected", "true")
    # The editor says the authoritative text is Russian, and the meeting has no Russian title.
    page.get_by_label("Source language:").select_option(label="Russian")
    page.locator(".submit-row").first.get_by_role("button", name="Save", exact=True).click()
    russian = page.get_by_role("tab", name="Russian (original) (has errors)")
    expect(russian).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("Required in Russian, the source language of the meeting.")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_visible()


def test_meeting_form_stays_as_short_for_a_long_document(page, site, editor):
    awaza = import_real_document(AWAZA, slug="awaza")
    geneva = Meeting.objects.get(slug="geneva-2016")
    assert awaza.conclusions.count() > 2 * geneva.conclusions.count()
    log_in(page, site, "editor", "editor-password")
    heights = {}
    for meeting in (geneva, awaza):
        page.goto(change_url(site, meeting))
        heights[meeting.slug] = page.evaluate("document.documentElement.scrollHeight")
    assert heights["awaza"] < heights["geneva-2016"] + 100, heights
    assert heights["awaza"] < 2600, heights
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]

    # The list scrolls in its own box: its last block is reached there, and opened.
    last_row = page.locator("#document-blocks tbody tr").last
    last_row.scroll_into_view_if_needed()
    last_row.get_by_role("link").click()
    last = awaza.conclusions.order_by("position").last()
    expect(page).to_have_url(re.compile(rf"/admin/conclusions/conclusion/{last.pk}/change/$"))


def test_without_javascript_every_language_of_the_form_shows(browser, site, editor):
    page = browser.new_page(viewport=VIEWPORT, java_script_enabled=False)
    log_in(page, site, "editor", "editor-password")
    page.goto(change_url(site, Meeting.objects.get(slug="geneva-2016")))
    expect(page.locator("#page-language-switch")).to_be_hidden()
    for suffix in ("ar", "zh_hans", "en", "fr", "ru", "es"):
        expect(page.locator(f"#id_title_{suffix}")).to_be_visible()


def test_french_translators_form_saves_from_the_top_and_leads_to_the_next_block(page, site, make_translator):
    make_translator("French")
    log_in(page, site, "traductrice", "translator-password")
    page.goto(change_url(site, geneva_paragraph(6)))
    expect(page.get_by_role("tablist")).to_have_count(0)  # one language to edit: no switch
    expect(page.get_by_role("button", name="Save and go to next block")).to_have_count(0)
    page.locator("#id_text_fr").fill("Des expériences ont été partagées.")
    page.locator(".submit-row").first.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert geneva_paragraph(6).text_fr == "Des expériences ont été partagées."

    page.goto(change_url(site, geneva_paragraph(6)))
    page.get_by_role("link", name="Next block: paragraph 7").click()
    expect(page.get_by_role("heading", name="geneva-2016, paragraph 7")).to_be_visible()
