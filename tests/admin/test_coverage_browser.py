"""The translation coverage page as people click it: from the admin home, a cell read, its links and kits followed.

As an editor and as a French translator, in English, Arabic (right to left)
and Chinese; screenshots at 1280 and 1024 px (`tests.browser.shoot`).
Link names are read in the page's language, as a person reads them.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.languages import language_name
from conclusions.models import Conclusion, Meeting
from tests.admin.test_coverage import blocks_by_link
from tests.browser import VIEWPORT, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRENCH_TITLE = "Conférence de Genève sur la prévention de l'extrémisme violent – La voie à suivre"


def geneva() -> Meeting:
    return Meeting.objects.get(slug="geneva-2016")


def said(language: str, text: str) -> str:
    """What the page says for `text` in the admin's language."""
    with translation.override(language):
        return translation.gettext(text)


def open_coverage(page, language: str = "en") -> None:
    """From the admin home, as a person goes: the Conclusions list, then its "Translation coverage"."""
    with translation.override(language):
        conclusions = str(capfirst(Conclusion._meta.verbose_name_plural))
    page.locator("#content-main").get_by_role("link", name=conclusions, exact=True).click()
    page.get_by_role("link", name=said(language, "Translation coverage")).click()
    expect(page.locator("#content h1")).to_have_text(said(language, "Translation coverage"))


def language_row(page, meeting: Meeting, language: str, admin_language: str = "en"):
    """A meeting's row for one language: the region named by the meeting, the row headed by the language's name."""
    with translation.override(admin_language):
        title, name = str(meeting), language_name(language)
    region = page.get_by_role("region", name=title)
    return region.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(f"^{name}")))


def column(row, index: int):
    """A row's cell: 0 the meeting's own texts, 1 preamble, 2 numbered paragraphs, 3 other blocks, 4 labels."""
    return row.get_by_role("cell").nth(index)


def mark(cell, name: str, status: str):
    """The link of one of the meeting's own texts, named by the text and its status ("Title", "missing")."""
    return cell.get_by_role("link", name=re.compile(rf"^{name}\s*: {status}$"))


def kit_link(row, kit_format: str):
    """A kit link, under the language's name."""
    return row.get_by_role("rowheader").get_by_role("link", name=kit_format, exact=True)


def listed_blocks(page) -> list[str]:
    """The blocks listed, as "<kind> <number>", read from the links of the list's rows."""
    links = page.locator("#result_list tbody tr a")
    return blocks_by_link([links.nth(index).get_attribute("href") for index in range(links.count())])


def test_french_translator_reads_the_coverage_saves_a_title_and_follows_the_links(page, site, translator_account):
    meeting = geneva()
    meeting.title_fr = ""
    content_save([meeting])
    log_in(page, site, "traductrice", "translator-password")
    open_coverage(page)
    french = language_row(page, meeting, "fr")
    expect(french).to_contain_text("your language")
    expect(mark(column(french, 0), "Title", "missing")).to_be_visible()
    expect(column(french, 2)).to_contain_text("missing: 17")

    # The mark opens the meeting, where the translator types the French title and saves.
    mark(column(french, 0), "Title", "missing").click()
    page.locator("#id_title_fr").fill(FRENCH_TITLE)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="Translation coverage").click()
    expect(mark(column(french, 0), "Title", "current")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.title_fr == FRENCH_TITLE

    # "missing: 17" lists the 17 numbered paragraphs, and nothing else.
    column(french, 2).get_by_role("link", name="missing: 17").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(17)
    assert listed_blocks(page) == [f"paragraph {number}" for number in range(1, 18)]

    # The preamble's bar, clicked where it is hatched (missing), lists the five preamble paragraphs.
    page.go_back()
    column(french, 1).locator(".coverage-bar .segment-missing").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    assert listed_blocks(page) == [f"preamble {number}" for number in range(1, 6)]

    page.go_back()
    with page.expect_download() as kit:
        kit_link(french, "CSV").click()
    assert kit.value.suggested_filename == "translator-kit-fr.csv"
    assert kit_link(language_row(page, meeting, "ar"), "CSV").count() == 0, "French kits only"


def test_editor_follows_an_outdated_count_to_the_one_paragraph_behind(page, site, editor_account):
    paragraph = geneva().conclusions.get(kind="paragraph", number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    log_in(page, site, "editor", "editor-password")
    open_coverage(page)
    english = language_row(page, geneva(), "en")
    expect(column(english, 2)).to_contain_text("current: 16")
    column(english, 2).get_by_role("link", name="outdated: 1").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    assert listed_blocks(page) == ["paragraph 6"]
    page.go_back()
    with page.expect_download() as kit:
        kit_link(language_row(page, geneva(), "es"), "XLSX").click()
    assert kit.value.suggested_filename == "translator-kit-es.xlsx"

    # "My work in English" opens the editor's work in English: the one paragraph behind.
    language_row(page, geneva(), "en").get_by_role("link", name="My work in English").click()
    expect(page.locator(".my-work-summary")).to_contain_text("English:")
    expect(page.locator("#content-main")).to_contain_text("Paragraph 6")


def test_in_arabic_the_page_and_its_bars_read_right_to_left(browser, site, editor_account):
    paragraph = geneva().conclusions.get(kind="paragraph", number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    log_in(page, site, "editor", "editor-password")
    open_coverage(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    english = language_row(page, geneva(), "en", admin_language="ar")
    current = column(english, 2).locator(".segment-current").bounding_box()
    outdated = column(english, 2).locator(".segment-outdated").bounding_box()
    assert outdated["x"] < current["x"], "the bar fills from the right"
    column(english, 2).get_by_role("link", name=said("ar", "outdated: %(count)s") % {"count": 1}).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.go_back()
    with page.expect_download() as kit:
        kit_link(language_row(page, geneva(), "fr", admin_language="ar"), "ODS").click()
    assert kit.value.suggested_filename == "translator-kit-fr.ods"
    page.close()


def test_in_chinese_a_french_translator_reads_the_coverage(browser, site, translator_account):
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    log_in(page, site, "traductrice", "translator-password")
    open_coverage(page, "zh-hans")
    french = language_row(page, geneva(), "fr", admin_language="zh-hans")
    expect(column(french, 2)).to_contain_text(said("zh-hans", "missing: %(count)s") % {"count": 17})
    page.close()


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
@pytest.mark.parametrize("username", ["editor", "traductrice"])
def test_screenshots_at_1280_and_1024_without_sideways_scrolling(
    browser, site, editor_account, translator_account, language, username
):
    """The page as each person sees it, in English and in Arabic, with Awaza's hundreds of blocks beside Geneva's."""
    from tests.real_documents import AWAZA, import_real_document

    import_real_document(AWAZA, slug="awaza")
    paragraph = geneva().conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    content_save([paragraph])
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = browser.new_page(viewport=VIEWPORT, locale=language)
    log_in(page, site, username, f"{'editor' if username == 'editor' else 'translator'}-password")
    open_coverage(page, language)
    shoot(page, "coverage", f"coverage-{username}-{language}")
    # Contrast, names of links and marks, table headers: axe-core on what this page adds to the admin.
    violations = Axe().run(page, context="#content-main").response["violations"]
    assert [(violation["id"], [node["target"] for node in violation["nodes"]]) for violation in violations] == []
    page.close()
