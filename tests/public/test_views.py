"""Public pages in the six languages: content, language handling, errors and query counts."""

import html
import re

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Meeting

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def paragraph_texts(page: str) -> dict[int, str]:
    """Each numbered paragraph's text as a reader sees it, keyed by its number."""
    items = re.findall(
        r'<div class="conclusion conclusion--paragraph" id="p(\d+)".*?<div class="paragraph-text"[^>]*><p>(.*?)</p>',
        page,
        re.S,
    )
    return {int(number): html.unescape(text) for number, text in items}


def html_root(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/",
        "/{lang}/meetings/geneva-2016/",
        "/{lang}/meetings/geneva-2016/6/",
        "/{lang}/themes/",
        "/{lang}/themes/youth/",
    ],
)
def test_every_public_page_answers_in_every_language(client, geneva, language, path):
    response = client.get(path.format(lang=language))
    assert response.status_code == 200
    root = html_root(response.content.decode())
    assert f'lang="{language}"' in root
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in root


def test_chinese_page_shows_the_original_exactly(client, geneva):
    page = client.get("/zh-hans/meetings/geneva-2016/").content.decode()
    shown = paragraph_texts(page)
    assert sorted(shown) == list(range(1, 18))
    for conclusion in geneva.conclusions.filter(kind="paragraph"):
        assert shown[conclusion.number] == conclusion.text_zh_hans
    assert "原文（中文）" in page or "Original text" in page


def test_english_page_shows_the_working_translation_labelled_unofficial(client, geneva):
    response = client.get("/en/meetings/geneva-2016/")
    page = response.content.decode()
    assert paragraph_texts(page)[10] == geneva.conclusions.get(kind="paragraph", number=10).text_en
    assert "Unofficial translation" in page
    # Only the document: the downloads after it link the Chinese file (hreflang="zh-hans").
    assert 'lang="zh-hans"' not in page.split('<section class="printed-heading"')[1].split('class="downloads"')[0]


def test_arabic_page_falls_back_to_the_original_with_a_note_and_its_own_lang(client, geneva):
    page = client.get("/ar/meetings/geneva-2016/").content.decode()
    assert 'dir="rtl"' in html_root(page)
    assert 'class="paragraph-text" lang="zh-hans" dir="ltr"' in page
    assert paragraph_texts(page)[6] == geneva.conclusions.get(kind="paragraph", number=6).text_zh_hans
    assert "translation-notice--unavailable" in page


def test_partly_translated_page_marks_each_untranslated_paragraph(client, geneva):
    geneva.conclusions.filter(kind="paragraph", number=3).update(text_fr="Texte français du paragraphe 3.")
    page = client.get("/fr/meetings/geneva-2016/").content.decode()
    assert "translation-notice--partial" in page
    # 16 paragraphs and the 5 preamble paragraphs; the heading lines are translated into French.
    assert page.count('class="fallback-note"') == 16 + 5
    assert paragraph_texts(page)[3] == "Texte français du paragraphe 3."


def test_language_switcher_links_to_the_same_page_in_each_language(client, geneva):
    page = client.get("/en/meetings/geneva-2016/6/").content.decode()
    switcher = page.split('<nav class="language-switcher"')[1].split("</nav>")[0]
    for language in LANGUAGES:
        if language != "en":
            assert f'href="/{language}/meetings/geneva-2016/6/"' in switcher
    assert '<span aria-current="page" lang="en"' in switcher


def test_conclusion_page_links_previous_next_and_other_languages(client, geneva):
    page = client.get("/en/meetings/geneva-2016/6/").content.decode()
    assert 'rel="prev" href="/en/meetings/geneva-2016/5/"' in page
    assert 'rel="next" href="/en/meetings/geneva-2016/7/"' in page
    assert 'href="/zh-hans/meetings/geneva-2016/6/" hreflang="zh-hans"' in page
    first = client.get("/en/meetings/geneva-2016/1/").content.decode()
    assert 'rel="prev" href="/en/meetings/geneva-2016/preamble-5/"' in first, "the preamble comes before"
    assert 'rel="prev"' not in client.get("/en/meetings/geneva-2016/preamble-1/").content.decode()


def test_theme_page_lists_its_conclusions_and_count(client, geneva):
    page = client.get("/en/themes/youth/").content.decode()
    assert 'href="/en/meetings/geneva-2016/10/"' in page
    themes = client.get("/en/themes/").content.decode()
    assert re.search(r"Empowering youth</a></h2>.*?1 paragraph<", themes, re.S)


@pytest.mark.parametrize(
    "path",
    [
        "/en/meetings/no-such-meeting/",
        "/en/meetings/geneva-2016/18/",
        "/en/meetings/geneva-2016/0/",
        "/en/meetings/geneva-2016/99999999999999999999999/",
        "/en/meetings/geneva-2016/-1/",
        "/en/meetings/geneva-2016/abc/",
        "/en/themes/no-such-theme/",
        "/en/meetings/%E4%B8%AD/",
        "/xx/meetings/geneva-2016/",
    ],
)
def test_bad_addresses_answer_404_never_500(client, geneva, path):
    assert client.get(path).status_code == 404


def test_404_page_speaks_the_readers_language(client, geneva):
    response = client.get("/fr/meetings/no-such-meeting/")
    assert response.status_code == 404
    assert 'lang="fr"' in html_root(response.content.decode())
    assert "Page introuvable" in response.content.decode()


def test_draft_meeting_is_hidden_from_readers_and_previewed_by_editors(client, geneva, editor):
    Meeting.objects.filter(pk=geneva.pk).update(status=Meeting.Status.DRAFT)
    assert client.get("/en/meetings/geneva-2016/").status_code == 404
    assert client.get("/en/meetings/geneva-2016/1/").status_code == 404
    assert "geneva-2016" not in client.get("/en/").content.decode()

    client.force_login(editor)
    preview = client.get("/en/meetings/geneva-2016/")
    assert preview.status_code == 200
    assert 'class="draft-banner"' in preview.content.decode()
    assert '<meta name="robots" content="noindex">' in preview.content.decode()


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/meetings/{slug}/", "/en/meetings/{slug}/2/", "/en/themes/", "/en/themes/peace/"],
)
def test_query_count_does_not_grow_with_the_document(client, make_meeting, make_theme, path):
    """Guards against N+1 queries: 3 and 50 paragraphs, 2 and 12 themes, cost the same (test_document_structure
    does the same with a real document in two parts)."""
    few_themes = [make_theme("peace"), make_theme("youth")]
    small = make_meeting(slug="small", conclusions=3, themes=few_themes)
    small_count = count_queries(client, path.format(slug=small.slug))

    many_themes = few_themes + [make_theme(f"theme-{n}", position=n) for n in range(10)]
    large = make_meeting(slug="large", conclusions=50, themes=many_themes, title_en="Large")
    large_count = count_queries(client, path.format(slug=large.slug))

    assert large_count == small_count
    # Content version (cache key), meeting, paragraphs, their themes, translation status;
    # a paragraph's page also reads its sub-items and neighbours.
    assert small_count <= 6


def test_outdated_translation_is_noted_and_switcher_shows_coverage(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = client.get("/en/meetings/geneva-2016/").content.decode()
    assert page.count('class="outdated-note"') == 1
    assert re.search(r'id="p6".*?class="outdated-note"', page, re.S)
    assert "This translation may not reflect the latest version of the original." in page
    french = client.get("/fr/meetings/geneva-2016/").content.decode()
    assert 'class="outdated-note"' not in french, "French has no translation to be outdated"
    assert re.search(r'hreflang="fr"[^>]*>français</a> <small class="language-state">', page)

    paragraph.text_en = paragraph.text_en + " (revised)"
    content_save([paragraph])
    assert 'class="outdated-note"' not in client.get("/en/meetings/geneva-2016/").content.decode()


GENEVA_DATES = {
    "ar": "7–8 أبريل 2016",
    "zh-hans": "2016年4月7日至8日",
    "en": "7–8 April 2016",
    "fr": "7–8 avril 2016",
    "ru": "7–8 апреля 2016\u202fг.",
    "es": "7–8 de abril de 2016",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_meeting_dates_read_as_the_un_writes_them_on_every_page(client, geneva, language):
    dates = f'<time datetime="2016-04-07">{GENEVA_DATES[language]}</time>'
    for path in ("/{lang}/", "/{lang}/meetings/geneva-2016/", "/{lang}/meetings/geneva-2016/6/"):
        assert dates in client.get(path.format(lang=language)).content.decode(), path
    citation = client.get(f"/{language}/meetings/geneva-2016/6/").content.decode()
    assert re.search(r'id="citation".*?' + re.escape(GENEVA_DATES[language]), citation, re.S)
    assert GENEVA_DATES[language] in client.get(f"/{language}/feed.atom").content.decode()


def switcher_states(page: str) -> dict[str, str]:
    """Language code -> what the switcher says of it ("" when nothing: the page reads whole in it)."""
    switcher = lxml.html.fromstring(page).find_class("language-switcher")[0]
    return {
        item.find("*[@lang]").get("lang"): "".join(state.text for state in item.find_class("language-state"))
        for item in switcher.iter("li")
    }


def test_switcher_says_partly_translated_where_the_page_shows_a_translated_title(client, geneva):
    """French has the meeting's title, organizers and venue but no paragraph: partly, not "not translated"."""
    assert geneva.title_fr and not geneva.conclusions.filter(kind="paragraph").exclude(text_fr="").exists()
    states = switcher_states(client.get("/en/meetings/geneva-2016/").content.decode())
    assert states == {
        "ar": "partly translated",
        "zh-hans": "",
        "en": "",
        "fr": "partly translated",
        "ru": "partly translated",
        "es": "partly translated",
    }
    paragraph_page = switcher_states(client.get("/en/meetings/geneva-2016/6/").content.decode())
    assert paragraph_page["fr"] == "partly translated"


def test_switcher_says_not_translated_only_where_nothing_the_page_shows_is_in_that_language(client, make_meeting):
    make_meeting(slug="english-only", title_en="English title")
    states = switcher_states(client.get("/en/meetings/english-only/").content.decode())
    assert states == {code: "" if code == "en" else "not translated" for code in LANGUAGES}


def test_switcher_counts_the_title_as_well_as_the_paragraphs(client, make_meeting):
    meeting = make_meeting(slug="french-paragraphs", title_en="English title")
    paragraphs = list(meeting.conclusions.all())
    for paragraph in paragraphs:
        paragraph.text_fr = f"Paragraphe {paragraph.number}."
    content_save(paragraphs)
    assert switcher_states(client.get("/en/meetings/french-paragraphs/").content.decode())["fr"] == "partly translated"
    meeting.title_fr = "Titre français"
    content_save([meeting])
    assert switcher_states(client.get("/en/meetings/french-paragraphs/").content.decode())["fr"] == ""
