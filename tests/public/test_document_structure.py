"""The public pages show a real document's whole structure: heading, parts, sections, sub-items, footnotes.

The Awaza Political Declaration (A/RES/80/3: a resolution, and its annex as
part 2 with sections, sub-items split by a page break, footnotes and page
furniture) and the China–UAE joint statement (unnumbered paragraphs with
"——" sub-items) are brought in as an editor brings them in; Geneva keeps its
addresses and its text.
"""

import datetime
import re

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting, Theme
from tests.real_documents import AWAZA, JOINT_STATEMENT, import_real_document

Kind = Conclusion.Kind


@pytest.fixture
def awaza(db):
    """The resolution with its annex, with the meeting's fields an editor fills in after bringing it in."""
    meeting = import_real_document(AWAZA, slug="awaza", dates=(datetime.date(2025, 10, 14),) * 2)
    meeting.title_en = "Eightieth session of the General Assembly"
    meeting.document_title_en = "Resolution 80/3. Awaza Political Declaration"
    meeting.venue_en = "United Nations Headquarters, New York"
    content_save([meeting])
    return meeting


def parsed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.content.decode())


def blocks(meeting: Meeting, *kinds: str) -> list[Conclusion]:
    found = meeting.conclusions.order_by("position")
    return list(found.filter(kind__in=kinds) if kinds else found)


def text(element) -> str:
    return " ".join(element.text_content().split())


def anchors_in_order(page) -> list[str]:
    return [element.get("id") for element in page.xpath('//article[@class="document"]//*[@id]')]


def test_every_block_is_on_the_meeting_page_once_heading_first_footnotes_last(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    shown = [anchor for anchor in anchors_in_order(page) if anchor != "footnotes-heading"]
    assert sorted(shown) == sorted(block.anchor for block in blocks(awaza)), "every block carries its anchor, once"

    heading = [block.anchor for block in blocks(awaza) if block.position < blocks(awaza, Kind.PREAMBLE)[0].position]
    assert {block.kind for block in blocks(awaza) if block.anchor in heading} == {Kind.HEADING, Kind.FURNITURE}
    [printed_heading] = page.find_class("printed-heading")
    assert [element.get("id") for element in printed_heading.xpath(".//*[@id]")] == heading
    assert shown[: len(heading)] == heading, "the heading as printed comes first, with the furniture among its lines"
    footnotes = [block.anchor for block in blocks(awaza, Kind.FOOTNOTE)]
    assert shown[-len(footnotes) :] == footnotes, "the footnotes come last, in their order"
    body = [block.anchor for block in blocks(awaza) if block.kind not in (Kind.HEADING, Kind.FOOTNOTE, Kind.FURNITURE)]
    assert [anchor for anchor in shown if anchor in body] == body, "the text in the order printed"


def test_every_text_is_shown_exactly_as_stored(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    for block in blocks(awaza):
        element = page.get_element_by_id(block.anchor)
        shown = element.find_class("paragraph-text") or element.find_class("sub-item__text") or [element]
        assert block.text_en in shown[0].text_content(), block.anchor


def test_the_annex_is_a_new_part_and_its_sections_are_headings_with_their_labels(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    [annex] = blocks(awaza, Kind.PART)
    title = page.get_element_by_id(annex.anchor)
    assert (title.tag, text(title)) == ("h2", annex.text_en)
    assert title.getparent().tag == "section" and title.getparent().get("class") == "document-part"
    sections = blocks(awaza, Kind.SECTION)
    assert [section.label_en for section in sections if section.label_en][:1] == ["I."]
    for section in sections:
        heading = page.get_element_by_id(section.anchor)
        assert heading.tag == "h3", "under the part's h2"
        assert text(heading) == f"{section.label_en} {section.text_en}".strip()


def test_a_paragraph_holds_its_sub_items_across_a_page_break(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    items = blocks(awaza, Kind.ITEM)
    holder = awaza.conclusions.filter(kind=Kind.PARAGRAPH, position__lt=items[0].position).last()
    between = awaza.conclusions.filter(position__gt=items[0].position, position__lt=items[-1].position)
    assert between.filter(kind=Kind.FURNITURE).exists(), "the printed copy breaks the page among the sub-items"

    paragraph = page.get_element_by_id(holder.anchor)
    [sub_items] = paragraph.find_class("sub-items")
    assert sub_items.tag == "ol"
    assert [item.get("id") for item in sub_items] == [item.anchor for item in items]
    assert [text(item.find_class("sub-item__label")[0]) for item in sub_items] == [item.label_en for item in items]
    furniture = page.get_element_by_id(between.filter(kind=Kind.FURNITURE).first().anchor)
    assert paragraph not in furniture.iterancestors(), "the page furniture is shown after the paragraph, not in it"
    assert "Page furniture of the printed copy" in text(furniture.getparent())


def test_footnotes_have_anchors_and_their_numbers_in_the_text_link_to_them(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    footnotes = blocks(awaza, Kind.FOOTNOTE)
    [section] = page.find_class("footnotes")
    assert [item.get("id") for item in section.iter("li")] == [footnote.anchor for footnote in footnotes]
    references = page.find_class("footnote-ref")
    assert references, "the numbers typed right after a word link to their footnotes"
    by_anchor = {footnote.anchor: footnote for footnote in footnotes}
    linked = [by_anchor[reference.get("href").removeprefix("#")] for reference in references]
    assert [reference.text for reference in references] == [footnote.label_en for footnote in linked]
    assert linked == sorted(linked, key=lambda footnote: footnote.position), "in the order of the footnotes"


def test_citable_blocks_link_to_their_own_pages_which_name_them(client, awaza):
    page = parsed(client, "/en/meetings/awaza/")
    citable = blocks(awaza, *Conclusion.CITABLE_KINDS)
    assert {block.part for block in citable} == {1, 2} and {block.kind for block in citable} >= {"preamble"}
    for block in citable:
        with translation.override("en"):
            address, reference = block.get_absolute_url(), block.reference
        [link] = page.get_element_by_id(block.anchor).find_class("conclusion__number")
        assert link.get("href") == address
        own_page = parsed(client, address)
        assert text(own_page.find(".//h1")) == reference[0].upper() + reference[1:]
        assert block.text_en in own_page.find_class("paragraph-text")[0].text_content()


def test_a_paragraph_page_shows_its_sub_items_neighbours_and_citation(client, awaza):
    items = blocks(awaza, Kind.ITEM)
    holder = awaza.conclusions.filter(kind=Kind.PARAGRAPH, position__lt=items[0].position).last()
    assert (holder.part, holder.number) == (2, 13)
    page = client.get("/en/meetings/awaza/part-2/13/").content.decode()
    shown = lxml.html.fromstring(page)
    [sub_items] = shown.find_class("sub-items")
    assert [text(item.find_class("sub-item__text")[0]) for item in sub_items] == [item.text_en for item in items]
    assert 'rel="prev" href="/en/meetings/awaza/part-2/12/"' in page
    assert 'rel="next" href="/en/meetings/awaza/part-2/14/"' in page
    assert text(shown.get_element_by_id("citation")) == (
        "Eightieth session of the General Assembly, Resolution 80/3. Awaza Political Declaration "
        "(United Nations Headquarters, New York, 14 October 2025), part 2, para. 13 [English, original]"
    )
    assert 'href="/en/meetings/awaza/part-2/13/languages/"' in page


def test_a_citation_leaves_out_what_the_meeting_does_not_have(client, awaza):
    """A meeting known by its document (title and document title alike) and without a venue: no blanks."""
    awaza.title_en = awaza.document_title_en
    awaza.venue_en = ""
    content_save([awaza])
    shown = lxml.html.fromstring(client.get("/en/meetings/awaza/part-2/13/").content.decode())
    assert text(shown.get_element_by_id("citation")) == (
        "Resolution 80/3. Awaza Political Declaration (14 October 2025), part 2, para. 13 [English, original]"
    )
    chinese = lxml.html.fromstring(client.get("/zh-hans/meetings/awaza/part-2/13/").content.decode())
    assert text(chinese.get_element_by_id("citation")).endswith("（2025年10月14日），第2部分，第13段［英文，原文］")


@pytest.mark.parametrize(
    ("address", "previous", "next_"),
    [
        ("preamble-1/", None, "preamble-2/"),
        ("preamble-2/", "preamble-1/", "1/"),
        ("part-2/1/", "2/", "part-2/2/"),
        ("part-2/25/", "part-2/24/", None),
    ],
)
def test_previous_and_next_cross_kinds_and_parts(client, awaza, address, previous, next_):
    page = client.get(f"/en/meetings/awaza/{address}").content.decode()
    for rel, neighbour in (("prev", previous), ("next", next_)):
        if neighbour:
            assert f'rel="{rel}" href="/en/meetings/awaza/{neighbour}"' in page
        else:
            assert f'rel="{rel}"' not in page


@pytest.mark.parametrize(
    "address",
    [
        "part-2/26/",
        "part-3/1/",
        "part-1/1/",
        "preamble-3/",
        "part-2/preamble-1/",
        "unnumbered-1/",
        "heading-1/",
        "section-1/",
        "item-1/",
        "footnote-1/",
        "part-2/section-1/",
        "part-99999/1/",
        "part-2/13/languages/x/",
    ],
)
def test_unknown_blocks_answer_404_never_500(client, awaza, address):
    assert client.get(f"/en/meetings/awaza/{address}").status_code == 404


@pytest.mark.parametrize(
    ("address", "cited"),
    [
        ("preamble-2/", "preamble paragraph 2"),
        ("2/", "para. 2"),
        ("part-2/3/", "part 2, para. 3"),
    ],
)
def test_citations_name_the_block(client, awaza, address, cited):
    page = parsed(client, f"/en/meetings/awaza/{address}")
    assert text(page.get_element_by_id("citation")).endswith(f"2025), {cited} [English, original]")


def test_text_shown_in_another_language_carries_its_own(client, awaza):
    page = parsed(client, "/ar/meetings/awaza/")
    assert page.get("dir") == "rtl"
    assert "translation-notice--unavailable" in page.find_class("translation-notice")[0].get("class")
    texts = page.xpath('//*[contains(@class, "paragraph-text") or contains(@class, "sub-item__text")]')
    assert texts and {(element.get("lang"), element.get("dir")) for element in texts} == {("en", "ltr")}
    letter = page.find_class("sub-item__label")[0]
    assert letter.xpath("span/@lang") == ["en"], "“(a)” is English's"
    number = page.get_element_by_id("p1").find_class("conclusion__number")[0]
    assert text(number) == "1." and number.xpath(".//@lang") == [], "a number is read alike in every language"


def test_partly_translated_document_says_so_block_by_block(client, awaza):
    preamble = awaza.conclusions.get(kind=Kind.PREAMBLE, number=1)
    preamble.text_fr = "L'Assemblée générale,"
    content_save([preamble])
    page = parsed(client, "/fr/meetings/awaza/")
    assert "translation-notice--partial" in page.find_class("translation-notice")[0].get("class")
    translated = page.get_element_by_id(preamble.anchor)
    assert translated.find_class("paragraph-text")[0].get("lang") == "fr"
    assert not translated.find_class("fallback-note")
    untranslated = page.get_element_by_id("part2-p13")
    assert untranslated.find_class("paragraph-text")[0].get("lang") == "en"
    assert len(untranslated.find_class("fallback-note")) == 1, "one note for the paragraph and its sub-items"


def test_unnumbered_paragraphs_hold_their_dash_items(client, db):
    meeting = import_real_document(JOINT_STATEMENT, slug="china-uae")
    page = parsed(client, "/zh-hans/meetings/china-uae/")
    items = blocks(meeting, Kind.ITEM)
    first_holder = meeting.conclusions.filter(position__lt=items[0].position).last()
    assert first_holder.kind == Kind.UNNUMBERED
    [sub_items] = page.get_element_by_id(first_holder.anchor).find_class("sub-items")
    assert sub_items.tag == "ul", "“——” is a mark, not a number"
    assert {text(label) for label in page.find_class("sub-item__label")} == {"——"}
    assert len(page.find_class("sub-item")) == len(items)
    own_page = parsed(client, first_holder.get_absolute_url())
    assert len(own_page.find_class("sub-item")) == len(sub_items)


def test_side_by_side_aligns_the_same_structure_block_by_block(client, awaza):
    meeting_page = parsed(client, "/en/meetings/awaza/")
    in_document = [anchor for anchor in anchors_in_order(meeting_page) if anchor != "footnotes-heading"]
    page = parsed(client, "/en/meetings/awaza/side-by-side/?left=en&right=ar")
    rows = page.xpath("//table[@class='parallel']/tbody/tr")
    assert [row.get("id") for row in rows] == in_document
    item = blocks(awaza, Kind.ITEM)[0]
    [row] = [row for row in rows if row.get("id") == item.anchor]
    english, arabic = row.findall("td")
    assert text(english) == f"{item.label_en} {item.text_en}"
    assert arabic.find_class("missing-note"), "a missing Arabic text is marked where it would be"


def test_a_paragraph_in_every_language_shows_its_sub_items(client, awaza):
    page = parsed(client, "/en/meetings/awaza/part-2/13/languages/")
    original = page.xpath("//section[@class='language-version']")[0]
    assert original.get("aria-labelledby") == "version-en", "the original first"
    assert [text(item) for item in original.find_class("parallel-sub-item")] == [
        f"{item.label_en} {item.text_en}" for item in blocks(awaza, Kind.ITEM)
    ]


def test_geneva_keeps_its_addresses_and_exact_text(client, geneva):
    paragraph = geneva.conclusions.get(kind=Kind.PARAGRAPH, number=6)
    page = parsed(client, "/zh-hans/meetings/geneva-2016/6/")
    assert page.find_class("paragraph-text")[0].text_content() == paragraph.text_zh_hans
    document = parsed(client, "/zh-hans/meetings/geneva-2016/")
    for block in blocks(geneva):
        shown = document.get_element_by_id(block.anchor)
        assert block.text_zh_hans in shown.text_content(), block.anchor
    assert [heading.text_content() for heading in document.find_class("heading-line")] == [
        block.text_zh_hans for block in blocks(geneva, Kind.HEADING)
    ]


def test_theme_page_and_sitemap_list_blocks_of_later_parts(client, awaza):
    peace = Theme.objects.create(slug="peace", name_en="Peace")
    annex_paragraph = awaza.conclusions.get(kind=Kind.PARAGRAPH, part=2, number=5)
    annex_paragraph.themes.add(peace)
    assert 'href="/en/meetings/awaza/part-2/5/"' in client.get("/en/themes/peace/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for block in blocks(awaza, *Conclusion.CITABLE_KINDS):
        with translation.override("en"):
            assert f"<loc>http://testserver{block.get_absolute_url()}</loc>" in sitemap
    assert "#" not in "".join(re.findall(r"<loc>(.*?)</loc>", sitemap)), "blocks without a page are not listed"


def test_search_results_name_the_block_and_link_to_it(client, awaza):
    item = blocks(awaza, Kind.ITEM)[-1]
    page = client.get("/en/search/", {"q": item.text_en}).content.decode()
    with translation.override("en"):
        assert f'<a href="{item.get_absolute_url()}">' in page, "a sub-item is found at its place in the document"
        assert f"{awaza.title_en}, {item.reference}" in page
    paragraph = awaza.conclusions.get(kind=Kind.PARAGRAPH, part=2, number=13)
    page = client.get("/en/search/", {"q": "five mutually reinforcing priority areas"}).content.decode()
    with translation.override("en"):
        assert f'<a href="{paragraph.get_absolute_url()}">' in page, "a paragraph's result links to its own page"
        assert f"{awaza.title_en}, {paragraph.reference}" in page


def query_count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    ("geneva_path", "awaza_path"),
    [
        ("/en/meetings/geneva-2016/", "/en/meetings/awaza/"),
        ("/en/meetings/geneva-2016/6/", "/en/meetings/awaza/part-2/13/"),
        ("/en/meetings/geneva-2016/preamble-2/", "/en/meetings/awaza/preamble-2/"),
        ("/en/meetings/geneva-2016/6/languages/", "/en/meetings/awaza/part-2/13/languages/"),
        (
            "/en/meetings/geneva-2016/side-by-side/?left=en&right=fr",
            "/en/meetings/awaza/side-by-side/?left=en&right=fr",
        ),
        ("/en/search/?q=the&meeting=geneva-2016", "/en/search/?q=the&meeting=awaza"),
    ],
)
def test_query_count_is_the_same_for_a_small_and_a_large_document(client, geneva, awaza, geneva_path, awaza_path):
    """Guards against N+1 queries: Geneva (33 blocks, one part) and Awaza (three times as many, two parts)."""
    assert awaza.conclusions.count() > 2 * geneva.conclusions.count()
    assert query_count(client, awaza_path) == query_count(client, geneva_path)
