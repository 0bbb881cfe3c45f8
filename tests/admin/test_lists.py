"""The Conclusions, Meetings and Themes lists as an editor and a translator read them, in a fixed number of queries.

On the Geneva document (Chinese original, English working translation) and
the Awaza resolution (English, with an annex of sections and sub-items).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Theme
from tests.real_documents import AWAZA, import_real_document

CONCLUSIONS = "/admin/conclusions/conclusion/"
MEETINGS = "/admin/conclusions/meeting/"
THEMES = "/admin/conclusions/theme/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def awaza(geneva):
    return import_real_document(AWAZA, slug="awaza")


def row(page: str, pk: int) -> str:
    """The list's row of the record `pk`, as HTML."""
    start = page.rindex("<tr", 0, page.index(f'name="_selected_action" value="{pk}"'))
    return page[start : page.index("</tr>", start)]


def marks(row_html: str) -> list[str]:
    """What a screen reader hears of the row's translation marks: "French: missing", …"""
    return re.findall(r'<span class="visually-hidden">([^<]*)</span>', row_html)


def query_count(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_a_paragraph_is_named_as_cited_with_its_chinese_original_themes_and_statuses_in_words(editor_client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    page = editor_client.get(CONCLUSIONS, {"meeting__id__exact": geneva.pk}).content.decode()
    shown = row(page, paragraph.pk)
    assert ">paragraph 6<" in shown
    assert f'<div class="list-excerpt" lang="zh-hans" dir="ltr">{paragraph.text_zh_hans[:30]}' in shown
    assert "Drivers of violent extremism" in shown and "National and regional plans of action" in shown
    assert marks(shown) == [
        "Arabic: missing",
        "Chinese: original",
        "English: current",
        "French: missing",
        "Russian: missing",
        "Spanish: missing",
    ]
    assert "zh-hans en" not in page
    assert "Translations:" in page and "outdated" in page, "the legend names every mark"


def test_the_meeting_is_named_by_its_slug_only_when_the_list_holds_several(editor_client, awaza, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    everything = editor_client.get(CONCLUSIONS, {"q": "geneva-2016"}).content.decode()
    assert '<span class="list-meeting">geneva-2016</span>' in row(everything, paragraph.pk)
    assert geneva.title_en not in row(everything, paragraph.pk)
    one_meeting = editor_client.get(CONCLUSIONS, {"meeting__id__exact": geneva.pk}).content.decode()
    assert "list-meeting" not in row(one_meeting, paragraph.pk)


def test_sub_items_sections_and_annex_paragraphs_are_named_as_printed(editor_client, awaza):
    page = editor_client.get(CONCLUSIONS, {"meeting__id__exact": awaza.pk, "all": ""}).content.decode()
    item = awaza.conclusions.get(kind="item", part=2, number=2)
    assert ">part 2, sub-item (b)<" in row(page, item.pk)
    section = awaza.conclusions.get(kind="section", part=2, number=2)
    assert 'part 2, section heading 2 <span class="list-block-label">I.</span>' in row(page, section.pk)
    paragraph = awaza.conclusions.get(kind="paragraph", part=2, number=13)
    assert ">part 2, paragraph 13<" in row(page, paragraph.pk)
    assert marks(row(page, paragraph.pk))[2] == "English: original"


def test_filtered_on_french_the_list_shows_the_french_text_under_the_original(editor_client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences relatives aux plans nationaux ont été partagées."
    content_save([paragraph])
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = editor_client.get(CONCLUSIONS, {"translation": "outdated:fr"}).content.decode()
    shown = row(page, paragraph.pk)
    assert '<div class="list-excerpt-language">French</div>' in shown
    assert '<div class="list-excerpt" lang="fr" dir="ltr">Des expériences relatives' in shown
    assert "French: outdated" in marks(shown) and "English: outdated" in marks(shown)

    missing = editor_client.get(CONCLUSIONS, {"translation": "missing:ru"}).content.decode()
    other = geneva.conclusions.get(kind="paragraph", number=7)
    assert '<div class="list-excerpt-language">Russian</div>\n<div class="list-missing">missing</div>' in row(
        missing, other.pk
    )


def test_a_translator_reads_their_own_language_beside_the_original_without_a_filter(client, geneva, make_translator):
    client.force_login(make_translator("French"))
    heading = geneva.conclusions.get(kind="heading", number=6)  # "United Nations", in six languages
    page = client.get(CONCLUSIONS).content.decode()
    shown = row(page, heading.pk)
    assert '<div class="list-excerpt" lang="fr" dir="ltr">Nations Unies</div>' in shown
    assert "Confirm the French translations as current" in page


def test_a_chinese_translator_of_a_chinese_original_sees_it_once(client, geneva, make_translator):
    client.force_login(make_translator("Chinese", username="yiyuan"))
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    shown = row(client.get(CONCLUSIONS).content.decode(), paragraph.pk)
    assert shown.count("list-excerpt") == 1


@pytest.mark.parametrize("params", [{}, {"all": ""}, {"translation": "missing:fr"}, {"o": "-1"}, {"q": "the"}])
def test_the_conclusions_list_reads_in_a_fixed_number_of_queries(
    editor_client, awaza, geneva, params, django_assert_max_num_queries
):
    """Geneva's five preamble paragraphs, or every block of two meetings with their themes: as many queries."""
    geneva.conclusions.get(kind="paragraph", number=6).themes.add(*Theme.objects.all()[:3])
    few = query_count(
        editor_client, CONCLUSIONS, {**params, "meeting__id__exact": geneva.pk, "kind__exact": "preamble"}
    )
    with django_assert_max_num_queries(few):
        page = editor_client.get(CONCLUSIONS, params).content.decode()
    assert page.count('name="_selected_action"') > 20


def test_meetings_read_with_title_slug_status_dates_and_translated_shares(editor_client, geneva, make_meeting):
    draft = make_meeting(slug="draft-meeting", status="draft", conclusions=4)
    draft.conclusions.filter(number__lte=1).update(text_fr="Un texte.")
    page = editor_client.get(MEETINGS).content.decode()
    shown = row(page, geneva.pk)
    assert geneva.title_en in shown
    assert '<span class="list-slug">geneva-2016 · <span class="list-status-published">Published</span>' in shown
    assert "7–8 April 2016" in shown
    blocks = geneva.conclusions.count()
    assert f'<td class="field-conclusion_count">{blocks}</td>' in shown
    assert '<li class="translation-source">Chinese: original</li>' in shown
    assert '<li class="">English: 100 %</li>' in shown
    french = geneva.conclusions.exclude(text_fr="").count()  # the heading lines
    assert f'<li class="">French: {100 * french // blocks} %</li>' in shown
    drafted = row(page, draft.pk)
    assert '<span class="list-status-draft">Draft</span>' in drafted
    assert "<li>French: 25 %</li>" in drafted.replace(' class=""', "")
    assert '<li class="translation-none">Arabic: 0 %</li>' in drafted


def test_the_meetings_list_reads_in_a_fixed_number_of_queries(
    editor_client, make_meeting, django_assert_max_num_queries
):
    make_meeting(slug="first")
    few = query_count(editor_client, MEETINGS, {})
    for number in range(12):
        make_meeting(slug=f"meeting-{number}", conclusions=2)
    with django_assert_max_num_queries(few):
        editor_client.get(MEETINGS)


def test_themes_are_listed_whole_with_their_statuses(editor_client, geneva):
    theme = Theme.objects.get(slug="global-counter-terrorism-strategy")
    theme.name_fr = ""
    content_save([theme])
    page = editor_client.get(THEMES).content.decode()
    shown = row(page, theme.pk)
    assert '<span lang="en" dir="ltr">The United Nations Global Counter-Terrorism Strategy</span>' in shown
    assert "French: missing" in marks(shown) and "English: original" in marks(shown)
    assert "Arabic: current" in marks(shown)
    filtered = editor_client.get(THEMES, {"translation": "missing:fr"}).content.decode()
    assert re.search(r'<p class="paginator">\s*1 theme\s', filtered)


def test_the_themes_list_reads_in_a_fixed_number_of_queries(editor_client, make_theme, django_assert_max_num_queries):
    make_theme("first")
    few = query_count(editor_client, THEMES, {})
    for number in range(12):
        make_theme(f"theme-{number}", position=number, description_en="What it covers.")
    with django_assert_max_num_queries(few):
        editor_client.get(THEMES)


@pytest.mark.parametrize("path", [CONCLUSIONS, MEETINGS, THEMES])
def test_a_translator_opens_every_list_filtered_on_their_language(client, geneva, make_translator, path):
    client.force_login(make_translator("French"))
    for params in ({}, {"translation": "missing:fr"}, {"translation": "outdated:fr"}, {"o": "-1"}):
        assert client.get(path, params).status_code == 200, params
