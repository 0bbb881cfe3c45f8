"""A reader types in the search box and sees the best matches first, the words marked, why a paragraph matched."""

import pytest
from playwright.sync_api import expect

from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def search_from_the_header(page, site: str, language: str, query: str) -> None:
    page.goto(f"{site}/{language}/meetings/geneva-2016/")
    page.fill("#site-search-q", query)
    page.keyboard.press("Enter")
    expect(page.locator("#search-q")).to_have_value(query)


def test_english_words_in_any_order_and_a_theme_are_found_and_marked(page, site):
    search_from_the_header(page, site, "en", "extremism young")
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    expect(results.first.locator(".search-result__title a")).to_have_attribute("href", "/en/meetings/geneva-2016/10/")
    marks = results.first.locator("mark")
    assert {text.lower() for text in marks.all_inner_texts()} == {"young", "extremism"}
    assert marks.first.evaluate("mark => getComputedStyle(mark).backgroundColor") != "rgba(0, 0, 0, 0)"

    page.fill("#search-q", "plans")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.locator(".search-result").first.locator(".search-result__themes")).to_contain_text(
        "theme: National and regional plans of action"
    )
    expect(page.locator(".search-result").first.locator("mark").first).to_be_visible()
    shoot(page, "search", "en-plans")

    page.fill("#search-q", "plnas")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.locator(".search-summary--none")).to_be_visible()
    shoot(page, "search", "en-nothing-found")
    page.get_by_role("link", name="plans", exact=True).click()
    expect(page.locator(".search-result").first).to_be_visible()


def test_arabic_page_says_there_is_no_arabic_text_and_marks_arabic_words(page, site):
    search_from_the_header(page, site, "ar", "التطرف")
    expect(page.locator(".search-note")).to_contain_text("لم تُنشر أي فقرة باللغة العربية بعد")
    arabic = page.locator(".search-result .paragraph-text[lang=ar]")
    expect(arabic.first.locator("mark")).to_have_text("التطرف")
    assert arabic.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator(".search-result__themes").first).to_contain_text("الموضوع:")
    shoot(page, "search", "ar-extremism")


def test_chinese_is_found_inside_a_run_and_marked(page, site):
    search_from_the_header(page, site, "zh-hans", "青年")
    result = page.locator(".search-result")
    expect(result).to_have_count(1)
    expect(result.locator(".paragraph-text[lang=zh-hans] mark")).to_have_text("青年")
    shoot(page, "search", "zh-youth")
