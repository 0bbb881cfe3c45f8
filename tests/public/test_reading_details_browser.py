"""A meeting page in a real browser: the facts aligned, a link to each paragraph, the fonts of each script."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEETING = "/{language}/meetings/geneva-2016/"


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_fact_stands_beside_its_label(page, site, language):
    """A long value (the organizers) stays beside its label, in line with the other values."""
    page.goto(site + MEETING.format(language=language))
    facts = page.locator(".meeting-facts > div")
    assert facts.count() == 4
    starts = set()
    for index in range(facts.count()):
        label = facts.nth(index).locator("dt").bounding_box()
        value = facts.nth(index).locator("dd").bounding_box()
        assert abs(value["y"] - label["y"]) < 2, facts.nth(index).inner_text()
        starts.add(round(value["x"] if language != "ar" else value["x"] + value["width"]))
    assert len(starts) == 1, "every value starts at the same place"


def test_paragraph_numbers_look_like_links_and_each_paragraph_has_a_link_reached_by_keyboard(page, site):
    page.goto(site + MEETING.format(language="en"))
    number = page.locator("#p6 .conclusion__number")
    style = number.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).textDecorationLine]")
    link_color = page.locator(".document-tools a").first.evaluate("e => getComputedStyle(e).color")
    assert style == [link_color, "underline"]
    link = page.locator("#p6").get_by_role("link", name="Link to this paragraph")
    expect(link).to_be_visible()
    number.focus()
    page.keyboard.press("Tab")  # past the paragraph's themes to its link
    while not link.evaluate("e => e === document.activeElement"):
        assert page.evaluate("document.activeElement.closest('#p6') !== null"), "the link follows its paragraph"
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/meetings/geneva-2016/6/")


def test_the_paragraph_link_is_in_the_page_language(page, site):
    page.goto(site + MEETING.format(language="fr"))
    expect(page.locator("#p6").get_by_role("link", name="Lien vers ce paragraphe")).to_be_visible()


def fonts_of(page, selector: str) -> set[str]:
    """The fonts the browser really drew the element's text with (Chromium's own account)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    # A space between words may come from the surrounding script's font: count the fonts that drew letters.
    return {font["familyName"] for font in fonts if font["glyphCount"] > 1}


def test_latin_inside_an_arabic_page_takes_the_latin_fonts_not_a_times_like_fallback(page, site):
    page.goto(site + MEETING.format(language="ar"))
    assert fonts_of(page, ".heading-line") == {"Noto Serif"}  # "Schweizerische Eidgenossenschaft", as printed
    assert fonts_of(page, ".language-switcher a[hreflang=en]") == {"Noto Sans"}
    assert fonts_of(page, "h1") == {"Noto Naskh Arabic"}
    assert fonts_of(page, ".document-tools a") == {"Noto Sans Arabic"}
    assert fonts_of(page, "#p6 .paragraph-text p") == {"Noto Serif CJK SC"}  # the Chinese original shown


def test_chinese_page_uses_the_chinese_fonts_with_latin_names_in_them(page, site):
    page.goto(site + MEETING.format(language="zh-hans"))
    assert fonts_of(page, "#p6 .paragraph-text p") == {"Noto Serif CJK SC"}
    assert fonts_of(page, ".document-tools a") == {"Noto Sans CJK SC"}
