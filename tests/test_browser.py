"""A reader and an editor in a real browser: Debian's Chromium, headless, driven by Playwright."""

import re

import pytest
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.models import Meeting
from tests.browser import log_in, seen_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_arabic_page_reads_right_to_left_with_the_original_left_to_right(page, site):
    page.goto(f"{site}/ar/meetings/geneva-2016/")
    assert page.eval_on_selector("body", "e => getComputedStyle(e).direction") == "rtl"
    paragraph = page.locator("#p6 .paragraph-text")
    assert paragraph.get_attribute("lang") == "zh-hans"
    assert paragraph.evaluate("e => getComputedStyle(e).direction") == "ltr"
    switcher = page.locator(".language-switcher").bounding_box()
    site_name = page.locator(".site-name").bounding_box()
    assert switcher["x"] < site_name["x"], "in Arabic the site name starts at the right"


def test_language_switcher_keeps_the_reader_on_the_same_paragraph(page, site):
    page.goto(f"{site}/en/meetings/geneva-2016/6/")
    page.get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(f"{site}/zh-hans/meetings/geneva-2016/6/")
    text = page.locator(".paragraph-text").inner_text()
    assert text == Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6).text_zh_hans


def test_skip_link_appears_on_keyboard_focus_and_moves_to_content(page, site):
    page.goto(f"{site}/fr/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("#content")).to_be_focused()


def test_editor_changes_the_french_text_in_language_tabs(page, site, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", password="editor-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6)

    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/conclusion/{paragraph.pk}/change/")

    # The page's language switch, one for every translated field of the form.
    page.get_by_role("tab", name="Arabic").click()
    assert page.eval_on_selector("#id_text_ar", "e => getComputedStyle(e).direction") == "rtl"
    page.get_by_role("tab", name="French").click()
    page.fill("#id_text_fr", "Texte français du paragraphe 6.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/fr/meetings/geneva-2016/")
    expect(page.locator("#p6 .paragraph-text")).to_have_text("Texte français du paragraphe 6.")
    expect(page.locator("#p6 .paragraph-text")).to_have_attribute("lang", "fr")


def test_french_translator_updates_an_outdated_translation(page, site, django_user_model):
    """The journey of issue 4: dashboard, outdated in French, the diff, the correction, current again on /fr/."""
    from django.contrib.auth.models import Group

    translator = django_user_model.objects.create_user("traductrice", password="translator-password", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translators (French)"))
    paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    content_save([paragraph])
    # An editor then corrects the Chinese original: the French falls behind.
    paragraph.text_zh_hans = paragraph.text_zh_hans.replace("国际法", "国际法和《联合国宪章》")
    content_save([paragraph])
    page.goto(f"{site}/fr/meetings/geneva-2016/")
    expect(page.locator("#p6 .outdated-note")).to_be_visible()

    log_in(page, site, "traductrice", "translator-password")
    page.goto(f"{site}/admin/conclusions/conclusion/translations/")
    geneva = page.get_by_role("region", name=re.compile("^Geneva Conference"))
    french = geneva.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^French")))
    french_outdated = french.get_by_role("link", name="outdated: 1")
    expect(french_outdated).to_have_attribute("href", re.compile("translation=outdated:fr$"))
    french_outdated.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.locator("#result_list tbody tr a").first.click()

    expect(page.locator(".field-text_original .translation-reference")).to_contain_text("国际法和《联合国宪章》")
    inserted = page.locator(".outdated-translation", has_text="French").locator(".source-diff ins")
    assert seen_text(inserted) == "和《联合国宪章》"
    assert page.locator("textarea[name=text_zh_hans], textarea[name=text_en]").count() == 0
    page.fill(
        "textarea[name=text_fr]", "Des expériences ont été partagées, dans le respect de la Charte des Nations Unies."
    )
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/admin/conclusions/conclusion/?translation=outdated:fr")
    expect(page.locator("#result_list")).to_have_count(0)
    page.goto(f"{site}/fr/meetings/geneva-2016/")
    expect(page.locator("#p6 .paragraph-text")).to_contain_text("Charte des Nations Unies")
    expect(page.locator("#p6 .outdated-note")).to_have_count(0)


def test_reader_copies_a_paragraph_citation_and_link(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(f"{site}/en/meetings/geneva-2016/7/")
    page.get_by_role("button", name="Copy citation").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("para. 7 [English, unofficial translation]")
    assert copied == page.locator("#citation").inner_text()
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{site}/en/meetings/geneva-2016/7/"


def test_side_by_side_stacks_the_versions_of_each_paragraph_on_a_phone(page, site):
    url = f"{site}/ar/meetings/geneva-2016/side-by-side/?left=ar&right=zh-hans"
    page.goto(url)
    row = page.locator("#p6 td")
    first, second = row.nth(0).bounding_box(), row.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 1, "side by side on a wide screen"
    assert second["x"] < first["x"], "Arabic, the first language, is on the right in an Arabic page"
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    first, second = row.nth(0).bounding_box(), row.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1, "stacked on a phone"
    chinese = page.locator("#p6 .parallel-text[lang=zh-hans]")
    assert chinese.evaluate("e => getComputedStyle(e).direction") == "ltr"


def test_printed_meeting_hides_navigation_and_shows_permalinks(page, site):
    page.goto(f"{site}/en/meetings/geneva-2016/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    tools = page.locator(".document-tools")  # side by side, and the PDF and Word copies
    expect(tools).to_have_count(2)
    for index in range(2):
        expect(tools.nth(index)).to_be_hidden()
    expect(page.locator("#p10 .conclusion__number")).to_be_visible()
    expect(page.locator("#p10 .print-permalink")).to_have_text(f"{site}/en/meetings/geneva-2016/10/")
    page.emulate_media(media="screen")
    expect(page.locator("#p10 .print-permalink")).to_be_hidden()


def test_keyboard_focus_is_visible_on_every_link_and_control(page, site):
    page.goto(f"{site}/ar/meetings/geneva-2016/side-by-side/")
    seen = set()
    for _step in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                return {tag: e.tagName, text: (e.textContent || e.name || "").trim().slice(0, 30),
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""
        )
        if focused["tag"] == "BODY":
            break
        seen.add(focused["tag"])
        assert focused["outline"] != "none" and focused["width"] >= 2, focused
    assert {"A", "SELECT", "BUTTON"} <= seen


def test_reader_journey_of_issue_5(page, site):
    """Arabic next to Chinese, a search for 青年 landing on paragraph 10's page, its citation, the downloads."""
    from lxml import etree

    from tests.public.test_akoma_ntoso import SCHEMA

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(f"{site}/ar/meetings/geneva-2016/")
    page.get_by_role("link", name="المقارنة بين لغتين جنبًا إلى جنب").click()
    page.select_option("#compare-2", "zh-hans")
    page.get_by_role("button", name="قارن").click()
    expect(page).to_have_url(f"{site}/ar/meetings/geneva-2016/side-by-side/?left=ar&right=zh-hans")
    expect(page.locator("#p10 .parallel-text[lang=zh-hans]")).to_be_visible()

    page.fill("#site-search-q", "青年")
    page.keyboard.press("Enter")
    page.locator(".search-result__title a[href$='/10/']").click()  # straight to the paragraph's permanent page
    expect(page).to_have_url(f"{site}/ar/meetings/geneva-2016/10/")

    page.get_by_role("button", name="نسخ الاستشهاد").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("مؤتمر جنيف بشأن منع التطرف العنيف") and "الفقرة 10" in copied

    page.goto(f"{site}/ar/meetings/geneva-2016/")
    with page.expect_download() as xlsx:
        page.locator("a[href$='download.xlsx']").click()
    assert xlsx.value.suggested_filename == "geneva-2016.xlsx"
    with page.expect_download() as xml:
        page.locator("a[href$='akoma-ntoso/zh-hans.xml']").click()
    schema = etree.XMLSchema(etree.parse(str(SCHEMA), etree.XMLParser(no_network=True)))
    schema.assertValid(etree.parse(str(xml.value.path())))
