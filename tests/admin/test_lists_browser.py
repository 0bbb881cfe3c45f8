"""The admin's lists in Chromium, clicked as editors and translators click them, at 1280 and 1024 px wide.

Every filter, the search, sorting, pages, the row links, the confirm action,
the position column's Save and the export link; each list fits the page
without sideways scrolling, and the Conclusions list gives its texts room.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting, Theme
from tests.browser import NARROW, VIEWPORT, log_in, shoot
from tests.real_documents import AWAZA, import_real_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = "#result_list tbody tr"


def assert_fits_the_page(page) -> None:
    """No sideways scrolling: neither the page nor the list's own box is wider than the window."""
    widths = page.evaluate(
        """() => {
            const results = document.querySelector('#changelist-form .results');
            return {
                page: document.documentElement.scrollWidth,
                window: window.innerWidth,
                list: results ? results.scrollWidth : 0,
                box: results ? results.clientWidth : 0,
            };
        }"""
    )
    assert widths["page"] <= widths["window"], widths
    assert widths["list"] <= widths["box"], widths


def column_width(page, column: str) -> float:
    return page.locator(f"#result_list thead th.column-{column}").bounding_box()["width"]


def paginator(page):
    return page.locator("#changelist-form p.paginator")


def open_list(page, site: str, name: str) -> None:
    page.goto(f"{site}/admin/")
    page.locator("#content-main").get_by_role("link", name=name, exact=True).click()


def test_an_editor_pages_filters_sorts_and_opens_blocks_at_1280_and_1024(page, site, editor):
    import_real_document(AWAZA, slug="awaza")
    log_in(page, site, "editor", "editor-password")
    open_list(page, site, "Conclusions")
    total = Conclusion.objects.count()
    expect(paginator(page)).to_contain_text(f"{total} conclusions")
    assert_fits_the_page(page)
    assert column_width(page, "excerpt") > 250
    expect(page.locator(".translation-legend")).to_contain_text("outdated")
    expect(page.locator(ROWS).first.locator(".list-meeting")).to_have_text("awaza")
    shoot(page, "lists", "editor-en-conclusions", sizes=(page.viewport_size,))

    paginator(page).get_by_role("link", name="2", exact=True).click()
    expect(page.locator(ROWS)).to_have_count(total - 100)
    expect(page.locator(ROWS).last.locator(".list-meeting")).to_have_text("geneva-2016")
    paginator(page).get_by_role("link", name="Show all").click()
    expect(page.locator(ROWS)).to_have_count(total)

    geneva = Meeting.objects.get(slug="geneva-2016")
    page.locator("#changelist-filter").get_by_role("link", name=geneva.title_en).click()
    expect(paginator(page)).to_contain_text("33 conclusions")
    expect(page.locator(".list-meeting")).to_have_count(0)  # the filter says which meeting
    page.locator("#changelist-filter").get_by_role("link", name="numbered paragraph", exact=True).click()
    expect(page.locator(ROWS)).to_have_count(17)
    expect(page.locator(ROWS).first.locator("th")).to_have_text("paragraph 1")
    expect(page.locator(ROWS).first.locator(".list-excerpt[lang=zh-hans]")).to_contain_text("强烈谴责恐怖分子")
    expect(page.locator(ROWS).first.locator(".list-theme")).to_have_text(
        ["International cooperation", "Condemnation of terrorist attacks"]
    )

    page.locator("#result_list thead th.column-block .text a").click()  # sorted ascending: now descending
    expect(page.locator(ROWS).first.locator("th")).to_have_text("paragraph 17")
    page.set_viewport_size(NARROW)
    assert_fits_the_page(page)
    assert column_width(page, "excerpt") > 180, "the text wraps in lines of words, not of four characters"
    shoot(page, "lists", "editor-en-conclusions-paragraphs", sizes=(page.viewport_size,))

    page.locator(ROWS).first.get_by_role("link", name="paragraph 17").click()
    expect(page.locator("input[name=number]")).to_have_value("17")


def test_an_editor_searches_filters_on_french_and_exports_what_is_listed(page, site, editor):
    log_in(page, site, "editor", "editor-password")
    open_list(page, site, "Conclusions")
    page.locator("#searchbar").fill("青年")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first.locator("th")).to_contain_text("paragraph 10")

    page.goto(f"{site}/admin/conclusions/conclusion/")
    page.locator("#changelist-filter").get_by_role("link", name="missing in French", exact=True).click()
    without_french = Conclusion.objects.exclude(text_fr__gt="").count()
    expect(paginator(page)).to_contain_text(f"{without_french} conclusions")
    first = page.locator(ROWS).first
    expect(first.locator(".list-excerpt-language")).to_have_text("French")
    expect(first.locator(".list-missing")).to_have_text("missing")
    expect(first.locator("li.translation-missing").filter(has_text="French")).to_have_count(1)
    assert_fits_the_page(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == without_french and not any(row["text_fr"] for row in rows)

    page.get_by_role("link", name="Import from spreadsheet").click()
    expect(page.locator("input[type=file]")).to_be_visible()


def test_a_french_translator_confirms_an_outdated_translation_from_the_list_at_1024(browser, site, make_translator):
    make_translator("French")
    paragraph = Conclusion.objects.get(meeting__slug="geneva-2016", kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    content_save([paragraph])
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = browser.new_page(viewport=NARROW)
    log_in(page, site, "traductrice", "translator-password")
    open_list(page, site, "Conclusions")
    assert_fits_the_page(page)
    page.locator("#changelist-filter").get_by_role("link", name="outdated in French", exact=True).click()
    row = page.locator(ROWS)
    expect(row).to_have_count(1)
    expect(row.locator(".list-excerpt[lang=fr]")).to_have_text(paragraph.text_fr)
    expect(row.locator("li.translation-outdated")).to_contain_text(["English", "French"])
    shoot(page, "lists", "translator-en-outdated-french", sizes=(page.viewport_size,))

    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option(label="Confirm the French translations as current")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 outdated translations confirmed as current.")
    expect(paginator(page)).to_contain_text("0 conclusions")
    page.locator("#changelist-filter details[data-filter-title='translation']").get_by_role(
        "link", name="All", exact=True
    ).click()
    confirmed = page.locator(ROWS).filter(has=page.locator("th", has_text=re.compile(r"^paragraph 6(?!\d)")))
    expect(confirmed.locator("li.translation-current")).to_contain_text(["French"])
    expect(confirmed.locator("li.translation-outdated")).to_contain_text(["English"])
    page.close()


def test_the_conclusions_list_in_arabic_reads_right_to_left_without_sideways_scrolling(browser, site, editor):
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/conclusion/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#changelist-filter").get_by_role("link", name="فقرة مرقمة", exact=True).click()
    expect(page.locator(ROWS)).to_have_count(17)
    first = page.locator(ROWS).first
    expect(first.locator(".list-excerpt")).to_have_attribute("lang", "zh-hans")
    expect(first.locator("li.translation-source")).to_contain_text("الصينية")
    assert_fits_the_page(page)
    assert column_width(page, "excerpt") > 250
    shoot(page, "lists", "editor-ar-conclusions-paragraphs", sizes=(page.viewport_size,))
    page.set_viewport_size(NARROW)
    assert_fits_the_page(page)
    assert column_width(page, "excerpt") > 180
    shoot(page, "lists", "editor-ar-conclusions-paragraphs", sizes=(page.viewport_size,))
    page.close()


def test_an_editor_reads_filters_and_sorts_the_meetings(page, site, editor):
    draft = import_real_document(AWAZA, slug="awaza", published=False)
    log_in(page, site, "editor", "editor-password")
    open_list(page, site, "Meetings")
    geneva = page.locator(ROWS).filter(has_text="geneva-2016")
    expect(geneva.locator("th")).to_contain_text("Geneva Conference on Preventing Violent Extremism – The Way Forward")
    expect(geneva.locator(".list-slug")).to_have_text("geneva-2016 · Published")
    expect(geneva.locator(".field-dates")).to_have_text("7–8 April 2016")
    expect(geneva.locator(".translation-source")).to_have_text("Chinese: original")
    expect(geneva.locator(".translation-progress li").nth(2)).to_have_text("English: 100 %")
    assert_fits_the_page(page)
    shoot(page, "lists", "editor-en-meetings", sizes=(page.viewport_size,))

    page.locator("#changelist-filter").get_by_role("link", name="Draft").click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first.locator(".list-slug")).to_have_text("Draft")
    expect(page.locator(ROWS).first.locator("th")).to_contain_text("awaza")
    page.locator("#changelist-filter").get_by_role("link", name="All", exact=True).first.click()
    expect(page.locator(ROWS)).to_have_count(2)
    expect(page.locator(ROWS).first).to_contain_text("awaza")  # the newest first
    page.locator("#result_list thead th.column-dates .text a").click()
    expect(page.locator(ROWS).first).to_contain_text("geneva-2016")
    page.set_viewport_size(NARROW)
    assert_fits_the_page(page)
    shoot(page, "lists", "editor-en-meetings", sizes=(page.viewport_size,))

    page.locator(ROWS).filter(has_text="awaza").locator("th a").click()
    expect(page.locator("input[name=slug]")).to_have_value(draft.slug)


def test_the_meetings_list_in_chinese(browser, site, editor):
    page = browser.new_page(viewport=NARROW, locale="zh-Hans")
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/meeting/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    geneva = page.locator(ROWS).first
    expect(geneva.locator("th span[lang=zh-hans]")).to_have_text(Meeting.objects.get().title_zh_hans)
    assert_fits_the_page(page)
    shoot(page, "lists", "editor-zh-meetings", sizes=(page.viewport_size,))
    page.close()


def test_an_editor_reads_whole_theme_names_filters_them_and_reorders_them(page, site, editor):
    theme = Theme.objects.get(slug="global-counter-terrorism-strategy")
    theme.name_fr = ""
    content_save([theme])
    log_in(page, site, "editor", "editor-password")
    open_list(page, site, "Themes")
    names = page.locator("#result_list tbody th a")
    expect(names).to_have_count(Theme.objects.count())
    clipped = page.evaluate(
        "() => Array.from(document.querySelectorAll('#result_list tbody th')).filter(cell => "
        "cell.scrollWidth > cell.clientWidth).length"
    )
    assert clipped == 0
    expect(page.get_by_role("link", name=theme.name_en, exact=True)).to_be_visible()
    assert_fits_the_page(page)
    shoot(page, "lists", "editor-en-themes", sizes=(page.viewport_size,))
    page.set_viewport_size(NARROW)
    assert_fits_the_page(page)
    shoot(page, "lists", "editor-en-themes", sizes=(page.viewport_size,))

    page.locator("#changelist-filter").get_by_role("link", name="missing in French", exact=True).click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS).first.locator("li.translation-missing")).to_contain_text(["French"])
    page.locator("#changelist-filter").get_by_role("link", name="All", exact=True).click()

    youth = page.locator(ROWS).filter(has=page.get_by_role("link", name="Empowering youth", exact=True))
    youth.locator("input[name$=position]").fill("20")
    page.locator("#changelist-form").get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("1 theme was changed successfully.")
    expect(page.locator(ROWS).last.locator("th")).to_have_text("Empowering youth")
    assert Theme.objects.get(slug="youth").position == 20

    page.locator("#result_list thead th.column-whole_name .text a").click()
    expect(page.locator(ROWS).first.locator("th")).to_have_text("Condemnation of terrorist attacks")
    page.get_by_role("link", name="Condemnation of terrorist attacks").click()
    expect(page.locator("input[name=name_en]")).to_have_value("Condemnation of terrorist attacks")
