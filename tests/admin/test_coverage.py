"""The translation coverage page: each of a meeting's texts, its blocks by group, labels and themes, per language."""

import datetime
import re
from pathlib import Path

import lxml.html
import pytest

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting, Theme
from tests.public.test_accessible_and_valid import nu_checker_errors
from tests.real_documents import AWAZA, import_real_document

COVERAGE = "/admin/conclusions/conclusion/translations/"
# The cells of a meeting's row, after the language and its kits: its own texts, three groups of blocks, the labels.
OWN_TEXTS, PREAMBLE, PARAGRAPHS, OTHER_BLOCKS, LABELS = range(5)
# Session, user, permissions; meetings, blocks, the bases of their texts, labels and four own texts; themes and
# the bases of their names and descriptions, per language: whatever the number of meetings and blocks.
QUERIES = 25
CSS = Path(__file__).parents[2] / "conclusions" / "static" / "conclusions" / "admin-coverage.css"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def coverage_page(client, **headers) -> lxml.html.HtmlElement:
    response = client.get(COVERAGE, **headers)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def language_row(page, meeting: Meeting, language: str) -> lxml.html.HtmlElement:
    (row,) = page.xpath(
        f"//section[@aria-labelledby='coverage-meeting-{meeting.pk}']//tr[@data-language='{language}']"
    )
    return row


def cell(row, column: int) -> lxml.html.HtmlElement:
    return row.xpath("./td")[column]


def counts(row, column: int) -> dict[str, int]:
    """The counts in words under a bar: {"current": 11, "missing": 2}."""
    words = " ".join(cell(row, column).xpath(".//ul[@class='coverage-counts']//text()"))
    return {status: int(count) for status, count in re.findall(r"(current|outdated|missing): (\d+)", words)}


def marks(row) -> dict[str, str]:
    """The meeting's own texts as marked: {"title": "current", "venue": "missing", ...}."""
    return {
        mark.get("data-field"): mark.get("class").removeprefix("status-")
        for mark in cell(row, OWN_TEXTS).xpath(".//li")
    }


def link(row, column: int, status: str) -> str:
    (href,) = cell(row, column).xpath(f".//li[@class='count-{status}']/a/@href")
    return href


def blocks_by_link(hrefs: list[str]) -> list[str]:
    """The blocks that a list's rows link to, in order, as "<kind> <number>": whatever columns the list shows."""
    pks = dict.fromkeys(int(pk) for href in hrefs for pk in re.findall(r"/conclusion/(\d+)/change/", href))
    blocks = Conclusion.objects.in_bulk(pks)
    return [f"{blocks[pk].kind} {blocks[pk].number}" for pk in pks]


def listed_blocks(client, href: str) -> list[str]:
    """The blocks that the admin list opened by a link shows."""
    page = lxml.html.fromstring(client.get(href).content.decode())
    return blocks_by_link(page.xpath("//table[@id='result_list']/tbody/tr//a/@href"))


def test_each_of_the_meetings_own_texts_is_marked_for_itself(editor_client, geneva):
    """The issue's "Meeting details: missing" hid which one: each text now says its own status."""
    every_text = {"title": "current", "document_title": "current", "organizers": "current", "venue": "current"}
    assert marks(language_row(coverage_page(editor_client), geneva, "fr")) == every_text

    geneva.venue_fr = ""
    geneva.title_zh_hans += "（草案）"
    content_save([geneva])
    page = coverage_page(editor_client)
    french = marks(language_row(page, geneva, "fr"))
    assert french == {**every_text, "venue": "missing", "title": "outdated"}
    assert marks(language_row(page, geneva, "ar"))["venue"] == "current"
    assert language_row(page, geneva, "zh-hans").xpath("./td")[0].get("class") == "coverage-original"

    venue_text = cell(language_row(page, geneva, "fr"), OWN_TEXTS).xpath(".//li[@data-field='venue']//text()")
    assert "".join(venue_text).split() == ["✗", "Venue:", "missing"], "a mark, the text's name and its status"


def test_a_text_blank_in_the_original_has_nothing_to_translate(editor_client, make_meeting):
    meeting = make_meeting(slug="no-venue", venue_en="")
    row = language_row(coverage_page(editor_client), meeting, "fr")
    assert marks(row) == {"title": "missing", "document_title": "nothing", "organizers": "nothing", "venue": "nothing"}


def test_blocks_are_counted_by_group_for_each_language(editor_client, geneva):
    """Geneva: 11 heading lines (in six languages), 5 preamble and 17 numbered paragraphs (Chinese and English)."""
    page = coverage_page(editor_client)
    french = language_row(page, geneva, "fr")
    assert counts(french, PREAMBLE) == {"missing": 5}
    assert counts(french, PARAGRAPHS) == {"missing": 17}
    assert counts(french, OTHER_BLOCKS) == {"current": 11}
    english = language_row(page, geneva, "en")
    assert counts(english, PREAMBLE) == {"current": 5} and counts(english, PARAGRAPHS) == {"current": 17}
    headings = page.xpath(f"//section[@aria-labelledby='coverage-meeting-{geneva.pk}']//thead//th//text()")
    assert "(5)" in headings and "(17)" in headings and "(11)" in headings, "each column's total in the original"


def test_outdated_and_missing_counts_open_the_list_of_exactly_those_blocks(editor_client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    content_save([paragraph])
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    heading = geneva.conclusions.filter(kind="heading").order_by("position").first()
    heading.text_fr = ""
    content_save([heading])

    french = language_row(coverage_page(editor_client), geneva, "fr")
    assert counts(french, PARAGRAPHS) == {"outdated": 1, "missing": 16}
    assert listed_blocks(editor_client, link(french, PARAGRAPHS, "outdated")) == ["paragraph 6"]
    missing = listed_blocks(editor_client, link(french, PARAGRAPHS, "missing"))
    assert len(missing) == 16 and "paragraph 6" not in missing
    assert listed_blocks(editor_client, link(french, PREAMBLE, "missing")) == [f"preamble {n}" for n in range(1, 6)]
    assert counts(french, OTHER_BLOCKS) == {"current": 10, "missing": 1}
    assert listed_blocks(editor_client, link(french, OTHER_BLOCKS, "missing")) == ["heading 1"]

    bar_links = cell(french, PARAGRAPHS).xpath(".//div[@class='coverage-bar']/a/@href")
    assert bar_links == [link(french, PARAGRAPHS, "outdated"), link(french, PARAGRAPHS, "missing")]


def test_labels_are_counted_apart_from_texts(editor_client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.label_en = "6."
    content_save([paragraph])
    paragraph.label_zh_hans = "7."
    content_save([paragraph])
    page = coverage_page(editor_client)
    english, french = language_row(page, geneva, "en"), language_row(page, geneva, "fr")
    assert counts(english, LABELS) == {"outdated": 1, "missing": 16}
    assert counts(french, LABELS) == {"missing": 17}, "only the numbered paragraphs print a label"
    assert counts(english, PARAGRAPHS) == {"current": 17}, "no text fell behind: only the label"
    assert listed_blocks(editor_client, link(english, LABELS, "outdated")) == ["paragraph 6"]
    assert "label_status=outdated:en" in link(english, LABELS, "outdated")


def test_themes_are_counted_per_language_and_linked_to_the_themes_list(editor_client, geneva):
    theme = Theme.objects.get(slug="youth")
    theme.name_en = "Youth and young people"
    content_save([theme])
    page = coverage_page(editor_client)
    themes = page.xpath("//section[@class='coverage-themes']")[0]
    french = themes.xpath(".//tr[@data-language='fr']")[0]
    total = Theme.objects.count()
    assert counts(french, 0) == {"current": total - 1, "outdated": 1}
    outdated = link(french, 0, "outdated")
    assert outdated == "/admin/conclusions/theme/?translation=outdated:fr"
    listed = lxml.html.fromstring(editor_client.get(outdated).content.decode())
    assert listed.xpath("//table[@id='result_list']//th[@class='field-whole_name']//text()") == [theme.name_en]
    assert themes.xpath(".//tr[@data-language='en']/td/@class") == ["coverage-original"]


def test_editor_takes_a_kit_for_every_language_but_the_original(editor_client, geneva):
    row_kits = [
        (row.get("data-language"), row.xpath("./th//span[@class='kit-links']/a/text()"))
        for row in coverage_page(editor_client).xpath(
            f"//section[@aria-labelledby='coverage-meeting-{geneva.pk}']//tbody/tr"
        )
    ]
    assert row_kits == [
        ("ar", ["CSV", "XLSX", "ODS"]),
        ("zh-hans", []),
        ("en", ["CSV", "XLSX", "ODS"]),
        ("fr", ["CSV", "XLSX", "ODS"]),
        ("ru", ["CSV", "XLSX", "ODS"]),
        ("es", ["CSV", "XLSX", "ODS"]),
    ]


def test_a_translator_sees_their_language_marked_and_takes_its_kit_only(french_translator_client, geneva):
    page = coverage_page(french_translator_client)
    french = language_row(page, geneva, "fr")
    assert "own-language" in french.get("class") and "your language" in french.text_content()
    assert "own-language" not in language_row(page, geneva, "ar").get("class")
    kits = page.xpath("//span[@class='kit-links']/a/@href")
    assert kits and all("/kit/fr/" in href for href in kits)
    assert counts(french, PARAGRAPHS) == {"missing": 17}


def test_the_page_reads_right_to_left_in_arabic(editor_client, geneva):
    page = coverage_page(editor_client, HTTP_ACCEPT_LANGUAGE="ar")
    assert page.xpath("//html/@dir") == ["rtl"]
    french = language_row(page, geneva, "fr")
    assert french.xpath("./th/text()")[0].strip() == "الفرنسية"


def my_work_links(page, meeting: Meeting) -> list[tuple[str, list[str]]]:
    """Per language row of the meeting: the addresses of its "My work in …" link."""
    return [
        (row.get("data-language"), row.xpath(".//a[@class='my-work-language']/@href"))
        for row in page.xpath(f"//section[@aria-labelledby='coverage-meeting-{meeting.pk}']//tbody/tr")
    ]


def test_an_editor_has_my_work_linked_in_every_language_but_the_original(editor_client, geneva):
    page = coverage_page(editor_client)
    assert page.xpath("//a[text()='My work']/@href") == ["/admin/conclusions/conclusion/my-work/"]
    assert my_work_links(page, geneva) == [
        (code, [] if code == "zh-hans" else [f"/admin/conclusions/conclusion/my-work/?language={code}"])
        for code in ("ar", "zh-hans", "en", "fr", "ru", "es")
    ]


def test_a_translator_has_my_work_linked_in_their_language_only(french_translator_client, geneva):
    page = coverage_page(french_translator_client)
    assert [row for row in my_work_links(page, geneva) if row[1]] == [
        ("fr", ["/admin/conclusions/conclusion/my-work/?language=fr"])
    ]
    assert page.xpath("//a[@class='my-work-language']/text()")[0] == "My work in French"


def test_an_empty_site_has_a_coverage_page_too(editor_client):
    page = coverage_page(editor_client)
    assert "No meeting yet." in page.text_content()
    assert "0 themes" in page.text_content()


@pytest.mark.parametrize("meetings", [1, 3])
def test_queries_do_not_grow_with_meetings_or_blocks(editor_client, geneva, django_assert_max_num_queries, meetings):
    """One meeting of 33 blocks, or three with Awaza's 160 and more: the same queries."""
    if meetings == 3:
        import_real_document(AWAZA, slug="awaza")
        import_real_document(AWAZA, slug="awaza-again", dates=(datetime.date(2024, 5, 1), datetime.date(2024, 5, 2)))
    assert Meeting.objects.count() == meetings
    editor_client.get(COVERAGE)  # the session and the content types, read once
    with django_assert_max_num_queries(QUERIES):
        editor_client.get(COVERAGE)


def test_the_page_is_valid_html_in_english_and_arabic(editor_client, geneva, tmp_path):
    import_real_document(AWAZA, slug="awaza")
    files = []
    for language in ("en", "ar"):
        file = tmp_path / f"coverage.{language}.html"
        file.write_bytes(editor_client.get(COVERAGE, HTTP_ACCEPT_LANGUAGE=language).content)
        files.append(str(file))
    assert nu_checker_errors([*files, str(CSS)]) == []
