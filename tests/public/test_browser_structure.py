"""A reader in a real browser reads a document's structure: its annex, sections, sub-items, footnotes, permalinks."""

import pytest
from playwright.sync_api import expect

from conclusions.models import Conclusion, Meeting
from tests.real_documents import AWAZA, import_real_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def awaza(site) -> Meeting:
    """The Awaza resolution with its annex, brought in as an editor brings it in, on the live site."""
    return import_real_document(AWAZA, slug="awaza")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_reader_sees_the_annex_its_sections_sub_items_and_footnotes(page, site, awaza, language):
    page.goto(f"{site}/{language}/meetings/awaza/")
    expect(page.get_by_role("heading", level=2, name="Annex")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="I. Global context and shared commitments")).to_be_visible()

    paragraph = page.locator("#part2-p13")
    items = paragraph.locator(".sub-items").get_by_role("listitem")
    expect(items).to_have_count(5)
    expect(items.first).to_contain_text("(a)")
    expect(items.last).to_contain_text("(e)")
    assert paragraph.locator(".paragraph-text").evaluate("e => getComputedStyle(e).direction") == "ltr"

    reference = page.locator("#part2-p2").get_by_role("link", name="1", exact=True)
    reference.click()
    expect(page).to_have_url(f"{site}/{language}/meetings/awaza/#part2-footnote1")
    footnote = page.locator("#part2-footnote1")
    expect(footnote).to_be_in_viewport()
    expect(footnote).to_contain_text(awaza.conclusions.get(kind=Conclusion.Kind.FOOTNOTE, part=2, number=1).text_en)


def test_arabic_page_reads_right_to_left_around_the_english_original(page, site, awaza):
    page.goto(f"{site}/ar/meetings/awaza/")
    assert page.eval_on_selector("body", "e => getComputedStyle(e).direction") == "rtl"
    number = page.locator("#part2-p13 .conclusion__number").bounding_box()
    text = page.locator("#part2-p13 .paragraph-text").bounding_box()
    assert number["x"] > text["x"], "the paragraph's number stands at its right, where an Arabic page starts"


def test_permalinks_of_a_preamble_and_an_annex_paragraph_open_their_pages(page, site, awaza):
    page.goto(f"{site}/en/meetings/awaza/")
    page.locator("#preamble2 .conclusion__number").click()
    expect(page).to_have_url(f"{site}/en/meetings/awaza/preamble-2/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preamble paragraph 2")
    preamble = awaza.conclusions.get(kind=Conclusion.Kind.PREAMBLE, number=2)
    expect(page.locator(".paragraph-text")).to_have_text(preamble.text_en)

    page.get_by_role("link", name="Whole document").click()
    expect(page).to_have_url(f"{site}/en/meetings/awaza/#preamble2")
    page.locator("#part2-p3 .conclusion__number").click()
    expect(page).to_have_url(f"{site}/en/meetings/awaza/part-2/3/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Part 2, paragraph 3")
    expect(page.locator("#citation")).to_contain_text("part 2, para. 3 [English, original]")
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(f"{site}/en/meetings/awaza/part-2/4/")


def test_geneva_paragraph_6_keeps_its_address_and_its_exact_chinese_text(page, site):
    paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind=Conclusion.Kind.PARAGRAPH, number=6)
    page.goto(f"{site}/zh-hans/meetings/geneva-2016/")
    page.locator("#p6 .conclusion__number").click()
    expect(page).to_have_url(f"{site}/zh-hans/meetings/geneva-2016/6/")
    assert page.locator(".paragraph-text").inner_text() == paragraph.text_zh_hans
