"""Two language versions paragraph by paragraph, and one paragraph in every language."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Meeting

SIDE_BY_SIDE = "/{page}/meetings/geneva-2016/side-by-side/"


def rows(page: str) -> dict[int, list[tuple[str, str, str]]]:
    """Paragraph number -> [(lang, dir, text)] of each column's text, in column order."""
    found = {}
    for number, cells in re.findall(r'<tr id="p(\d+)"[^>]*>(.*?)</tr>', page, re.S):
        texts = re.findall(
            r'<td[^>]*>(?:<div class="parallel-text[^"]*" lang="([^"]+)" dir="(\w+)"><p>(.*?)</p>)?', cells, re.S
        )
        found[int(number)] = [(lang, direction, html.unescape(text)) for lang, direction, text in texts]
    return found


def test_arabic_next_to_chinese_aligns_every_paragraph_with_its_own_direction(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_ar = "تم تبادل الخبرات في وضع الخطط الوطنية والإقليمية."
    content_save([paragraph])
    response = client.get(SIDE_BY_SIDE.format(page="ar"), {"left": "ar", "right": "zh-hans"})
    assert response.status_code == 200
    page = response.content.decode()
    shown = rows(page)
    assert sorted(shown) == list(range(1, 18))
    assert shown[6] == [("ar", "rtl", paragraph.text_ar), ("zh-hans", "ltr", paragraph.text_zh_hans)]
    for conclusion in geneva.conclusions.filter(kind="paragraph").exclude(number=6):
        assert shown[conclusion.number][1] == ("zh-hans", "ltr", conclusion.text_zh_hans)
        assert shown[conclusion.number][0] == ("", "", ""), "a missing Arabic text is marked, not filled"
    paragraph_rows = "".join(re.findall(r'<tr id="p\d+"[^>]*>.*?</tr>', page, re.S))
    assert paragraph_rows.count('<p class="missing-note">') == 16


def test_every_block_is_aligned_in_document_order(client, geneva):
    page = client.get(SIDE_BY_SIDE.format(page="en"), {"left": "en", "right": "zh-hans"}).content.decode()
    rows = re.findall(r'<tr id="([\w-]+)" class="parallel-row parallel-row--(\w+)">(.*?)</tr>', page, re.S)
    assert [(anchor, kind) for anchor, kind, _cells in rows] == [
        (block.anchor, block.kind) for block in geneva.conclusions.order_by("position")
    ], "the heading lines, then the preamble, then the paragraphs"
    for (_anchor, _kind, cells), block in zip(rows, geneva.conclusions.order_by("position"), strict=True):
        texts = re.findall(r'lang="(en|zh-hans)" dir="ltr"><p>(.*?)</p>', cells, re.S)
        assert [(lang, html.unescape(text)) for lang, text in texts] == [
            ("en", block.text_en.replace("\n", "<br>")),
            ("zh-hans", block.text_zh_hans.replace("\n", "<br>")),
        ]


def test_outdated_version_is_marked_in_place(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = client.get(SIDE_BY_SIDE.format(page="en"), {"left": "en", "right": "zh-hans"}).content.decode()
    row_6 = re.search(r'<tr id="p6"[^>]*>(.*?)</tr>', page, re.S).group(1)
    row_7 = re.search(r'<tr id="p7"[^>]*>(.*?)</tr>', page, re.S).group(1)
    assert "may not reflect the latest version of the original" in row_6
    assert "may not reflect" not in row_7


def test_default_pair_is_the_page_language_next_to_the_original(client, geneva):
    page = client.get(SIDE_BY_SIDE.format(page="fr")).content.decode()
    assert re.search(r'<select id="compare-1" name="left">.*?<option value="fr" selected>', page, re.S)
    assert re.search(r'<select id="compare-2" name="right">.*?<option value="zh-hans" selected>', page, re.S)
    page = client.get(SIDE_BY_SIDE.format(page="zh-hans")).content.decode()
    assert re.search(r'<select id="compare-2" name="right">.*?<option value="en" selected>', page, re.S)


@pytest.mark.parametrize("query", [{"left": "xx"}, {"right": "<script>"}, {"left": "zh"}])
def test_unknown_language_is_a_clear_message_not_an_error(client, geneva, query):
    response = client.get(SIDE_BY_SIDE.format(page="en"), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not one of the six languages" in page
    assert "<script>" not in page.split("<body>")[1]


def test_draft_meeting_side_by_side_is_not_found_for_readers(client, make_meeting):
    make_meeting(slug="draft", status=Meeting.Status.DRAFT)
    assert client.get("/en/meetings/draft/side-by-side/").status_code == 404
    assert client.get("/en/meetings/draft/1/languages/").status_code == 404


def test_side_by_side_queries_do_not_grow_with_the_document(client, make_meeting):
    counts = []
    for slug, size in [("small", 3), ("large", 60)]:
        make_meeting(slug=slug, conclusions=size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/meetings/{slug}/side-by-side/", {"left": "en", "right": "fr"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 5  # the content version, the meeting, its paragraphs, their statuses


def test_paragraph_in_every_language_starts_with_the_original(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=10)
    page = client.get("/fr/meetings/geneva-2016/10/languages/").content.decode()
    sections = re.findall(r'<section class="language-version" aria-labelledby="version-([a-z-]+)">', page)
    assert sections == ["zh-hans", "ar", "en", "fr", "ru", "es"]
    assert f'lang="zh-hans" dir="ltr"><p>{paragraph.text_zh_hans}</p></div>' in page
    assert html.escape(paragraph.text_en) in page


def test_paragraph_page_links_to_every_language_in_one_click(client, geneva):
    page = client.get("/en/meetings/geneva-2016/6/").content.decode()
    assert 'href="/en/meetings/geneva-2016/6/languages/"' in page
    assert 'href="/en/meetings/geneva-2016/side-by-side/#p6"' in page
