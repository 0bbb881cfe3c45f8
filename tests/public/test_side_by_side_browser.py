"""Side by side in a real browser: two reading columns on wide screens, headers in view, stacked on phones."""

import pytest
from playwright.sync_api import expect

from tests.browser import fits_the_window, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDE = [{"width": 1280, "height": 900}, {"width": 1920, "height": 1080}]
PHONE = {"width": 390, "height": 844}
ENGLISH_CHINESE = "/en/meetings/geneva-2016/side-by-side/?left=en&right=zh-hans"
ARABIC_CHINESE = "/ar/meetings/geneva-2016/side-by-side/?left=ar&right=zh-hans"

# Characters per line of a text: its length over its lines (the last line counts half, being short).
CHARACTERS_PER_LINE = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
    return element.textContent.length / (lines - 0.5);
}"""


def characters_per_line(page, selector: str) -> float:
    return page.locator(selector).evaluate(CHARACTERS_PER_LINE)


@pytest.mark.parametrize("size", WIDE, ids=lambda size: f"{size['width']}px")
def test_each_column_is_a_comfortable_reading_measure_on_a_wide_screen(page, site, size):
    page.set_viewport_size(size)
    page.goto(site + ENGLISH_CHINESE)
    english = characters_per_line(page, "#p1 .parallel-text[lang=en] p")
    chinese = characters_per_line(page, "#p1 .parallel-text[lang=zh-hans] p")
    assert 60 <= english <= 75, f"English wraps at {english:.0f} characters a line"
    assert 26 <= chinese <= 40, f"Chinese wraps at {chinese:.0f} characters a line"
    table = page.locator(".parallel").bounding_box()
    reading_column = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize) * 44")
    assert table["width"] > 1.5 * reading_column, "the comparison is wider than the reading column of other pages"
    assert fits_the_window(page), "nothing scrolls sideways"
    cells = page.locator("#p1 td")
    assert cells.nth(0).bounding_box()["width"] == pytest.approx(cells.nth(1).bounding_box()["width"], abs=2)


def test_at_1920_the_comparison_stays_centred_at_the_width_it_needs(page, site):
    page.set_viewport_size(WIDE[1])
    page.goto(site + ENGLISH_CHINESE)
    table = page.locator(".parallel").bounding_box()
    assert table["width"] < 1400, "two columns of a reading measure, not the whole screen"
    left, right = table["x"], WIDE[1]["width"] - table["x"] - table["width"]
    assert left == pytest.approx(right, abs=20)


@pytest.mark.parametrize("address", [ENGLISH_CHINESE, ARABIC_CHINESE], ids=["en-zh", "ar-zh"])
def test_column_headers_stay_in_view_while_scrolling(page, site, address):
    page.goto(site + address)
    headers = page.locator(".parallel thead th")
    page.locator("#p12").scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.wait_for_function("window.scrollY > 2000")
    for index in (1, 2):
        box = headers.nth(index).bounding_box()
        assert -1 <= box["y"] <= 1, "the language's header is at the top of the window"
    expect(headers.nth(1)).to_be_in_viewport()
    # The header hides the text scrolling under it rather than showing through.
    assert headers.nth(1).evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize(
    ("address", "languages"),
    [(ENGLISH_CHINESE, ["English", "Chinese"]), (ARABIC_CHINESE, ["العربية", "الصينية"])],
    ids=["en-zh", "ar-zh"],
)
def test_on_a_phone_the_versions_stack_each_labelled_with_its_language(page, site, address, languages):
    page.set_viewport_size(PHONE)
    page.goto(site + address)
    assert fits_the_window(page)
    cells = page.locator("#p6 td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1, "stacked"
    labels = [cells.nth(i).evaluate("e => getComputedStyle(e, '::before').content") for i in (0, 1)]
    assert labels == [f'"{name}"' for name in languages]


def test_screenshots_of_side_by_side_at_1280_1920_and_390(page, site):
    """For a person to look at: Arabic next to Chinese and English next to Chinese, in SCREENSHOTS/side-by-side."""
    for name, address in (("en-zh", ENGLISH_CHINESE), ("ar-zh", ARABIC_CHINESE)):
        page.goto(site + address)
        shoot(page, "side-by-side", name, sizes=(*WIDE, PHONE))
