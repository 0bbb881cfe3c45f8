"""Reader search: every script, case and accents, highlighting, filters, pages, bad requests, the index behind it."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_delete, content_save
from conclusions.models import Conclusion, Meeting, SearchText
from conclusions.search import results as search_module
from conclusions.search.results import RESULTS_PER_PAGE
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import Table
from tests.postgres_tables import table_size, vacuumed_table_size

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def search(client, page_language: str = "en", /, **params) -> str:
    response = client.get(f"/{page_language}/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def where(address: str) -> int | str:
    """A numbered paragraph's number from its permalink ("10/"), else the rest of the address ("preamble-2/")."""
    return int(address[:-1]) if re.fullmatch(r"\d+/", address) else address


def found(page: str) -> list[tuple[str, int | str]]:
    """(meeting slug, paragraph number or where else) of each result, in order, from the links readers follow."""
    links = re.findall(r'class="search-result__title"><a href="/[\w-]+/meetings/([\w-]+)/([^"]*)"', page)
    return [(slug, where(address)) for slug, address in links]


def place(conclusion: Conclusion) -> tuple[str, int | str]:
    """Where a result for this block links to, as `found` reads it."""
    slug = conclusion.meeting.slug
    return (slug, where(conclusion.get_absolute_url().split(f"/meetings/{slug}/", 1)[1]))


def result_texts(page: str) -> list[tuple[str, str, str]]:
    """(lang, dir, inner HTML) of each result's paragraph text."""
    pattern = r'<li class="search-result">.*?<div class="paragraph-text" lang="([\w-]+)" dir="(\w+)"><p>(.*?)</p>'
    return re.findall(pattern, page, re.S)


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", fragment))


def problems(page: str) -> list[str]:
    box = re.search(r'<div class="search-problems" role="alert">(.*?)</div>', page, re.S)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box.group(1))] if box else []


def paragraph(meeting: Meeting, number: int, **texts) -> Conclusion:
    conclusion = Conclusion.objects.filter(meeting=meeting, kind="paragraph", number=number).first() or Conclusion(
        meeting=meeting, number=number
    )
    for column, text in texts.items():
        setattr(conclusion, column, text)
    content_save([conclusion])
    return conclusion


def test_youth_in_chinese_lands_on_paragraph_10_of_geneva(client, geneva):
    expected = [place(c) for c in geneva.conclusions.all() if "青年" in c.text_zh_hans]
    assert expected == [("geneva-2016", 10)]
    page = search(client, q="青年")
    assert found(page) == expected
    assert '<a href="/en/meetings/geneva-2016/10/">Geneva Conference on Preventing Violent Extremism' in page
    assert "Violent Extremism – The Way Forward, paragraph 10" in page
    [(lang, direction, text)] = result_texts(page)
    assert (lang, direction) == ("zh-hans", "ltr"), "Chinese text on an English page carries its own lang"
    assert "<mark>青年</mark>" in text
    assert visible_text(text) == geneva.conclusions.get(kind="paragraph", number=10).text_zh_hans
    assert 'id="p10"' in client.get("/en/meetings/geneva-2016/").content.decode()


def test_chinese_phrase_is_found_inside_unsegmented_text(client, geneva):
    expected = [place(c) for c in geneva.conclusions.all() if "暴力极端主义" in c.text_zh_hans]
    assert ("geneva-2016", 13) not in expected and ("geneva-2016", 12) in expected
    assert ("geneva-2016", "preamble-1/") in expected, "the preamble is searched too"
    assert ("geneva-2016", "#heading7") in expected, "so is the heading, found at its place on the meeting page"
    page = search(client, "zh-hans", q="暴力极端主义", order="document")
    assert found(page) == expected[:RESULTS_PER_PAGE]
    assert (
        found(search(client, "zh-hans", q="暴力极端主义", order="document", page="2")) == expected[RESULTS_PER_PAGE:]
    )
    assert all("<mark>暴力极端主义</mark>" in text for _lang, _dir, text in result_texts(page))


def test_result_is_shown_in_the_page_language_when_it_matches_there(client, geneva):
    page = search(client, "zh-hans", q="Dialogue")
    expected = [place(c) for c in geneva.conclusions.all() if "dialogue" in c.text_en.lower()]
    assert found(page) == expected
    assert expected, "the English translation speaks of dialogue"
    assert {(lang, direction) for lang, direction, _text in result_texts(page)} == {("en", "ltr")}
    assert re.search(r"<mark>[Dd]ialogue</mark>", page)
    assert 'hreflang="en">英文</a>' in page


def test_arabic_is_found_with_or_without_vowel_marks_and_shown_right_to_left(client, make_meeting):
    meeting = make_meeting(slug="doha", conclusions=0, source_language="ar", title_ar="اجتماع الدوحة")
    paragraph(meeting, 1, text_ar="يؤكد المؤتمر أهمية منع التطرف العنيف.")
    paragraph(meeting, 2, text_ar="ويشدد على دور الشباب في مكافحة التَّطَرُّف.")
    paragraph(meeting, 3, text_ar="ويرحب بالتعاون الدولي.")

    page = search(client, q="التطرف")
    assert found(page) == [("doha", 1), ("doha", 2)]
    texts = result_texts(page)
    assert {(lang, direction) for lang, direction, _text in texts} == {("ar", "rtl")}
    assert "<mark>التَّطَرُّف</mark>" in texts[1][2], "the marks are highlighted with their letters"
    assert found(search(client, q="اهمية")) == [("doha", 1)], "alef with hamza is found as plain alef"
    assert found(search(client, q="الشباب في")) == [("doha", 2)]


def test_russian_is_found_whatever_the_case_and_with_e_for_yo(client, make_meeting):
    meeting = make_meeting(slug="moscow", conclusions=0, source_language="ru", title_ru="Московская встреча")
    paragraph(meeting, 1, text_ru="Молодёжь играет важную роль в предупреждении экстремизма.")
    paragraph(meeting, 2, text_ru="Международный диалог.")

    for query in ["молодежь", "МОЛОДЁЖЬ", "Экстремизма", "важную роль"]:
        assert found(search(client, q=query)) == [("moscow", 1)], query
    assert found(search(client, q="международныи")) == [], "й is a letter of its own, not и with a mark"
    assert found(search(client, q="международный")) == [("moscow", 2)]


def test_latin_scripts_ignore_case_accents_and_apostrophe_style(client, make_meeting):
    meeting = make_meeting(slug="paris", conclusions=0, source_language="fr", title_fr="Réunion de Paris")
    paragraph(
        meeting, 1, text_fr="La coopération internationale et l’État de droit.", text_es="La cooperación con España."
    )
    paragraph(meeting, 2, text_fr="Les jeunes ŒUVRENT pour la paix.")

    assert found(search(client, q="cooperation")) == [("paris", 1)]
    assert found(search(client, q="COOPÉRATION")) == [("paris", 1)]
    assert found(search(client, q="l'etat de droit")) == [("paris", 1)]
    assert found(search(client, q="espana")) == [("paris", 1)]
    assert found(search(client, q="oeuvrent")) == [("paris", 2)]
    page = search(client, "fr", q="cooperations")
    assert "<mark>coopération</mark>" in page
    assert re.search(r'hreflang="fr">français</a>.*hreflang="es">espagnol</a>', page, re.S), "both matches listed"


def test_highlighted_text_stays_escaped_and_complete(client, make_meeting):
    meeting = make_meeting(slug="escape", conclusions=0)
    original = "Rights & duties: <script>alert(1)</script> and <b>youth</b> & more."
    paragraph(meeting, 1, text_en=original)

    marks = [
        ("script", "&lt;<mark>script</mark>&gt;"),
        ("<b>", "&lt;<mark>b</mark>&gt;"),
        ("youth", "<mark>youth</mark>"),
    ]
    for query, marked in marks:
        page = search(client, q=query)
        [(_lang, _dir, text)] = result_texts(page)
        assert marked in text
        assert "<script>" not in page and "<b>youth" not in page
        assert visible_text(text) == original


def test_punctuation_separates_words_and_alone_is_no_query(client, make_meeting):
    meeting = make_meeting(slug="literal", conclusions=0)
    paragraph(meeting, 1, text_en="Growth of 100% in 2016.")
    paragraph(meeting, 2, text_en="Growth of 1000 in 2016.")
    paragraph(meeting, 3, text_en="A snake_case name.")
    paragraph(meeting, 4, text_en="A snakeXcase name.")

    assert found(search(client, q="100%")) == [("literal", 1)]
    assert found(search(client, q="snake-case")) == [("literal", 3)]
    assert found(search(client, q="e_c")) == []
    for query in ["%", "\\", "&"]:
        assert problems(search(client, q=query)) == ["Type one or more words to search for."], query


def test_filters_by_meeting_theme_and_language(client, make_meeting, make_theme):
    peace, youth = make_theme("peace"), make_theme("youth")
    oslo = make_meeting(slug="oslo", conclusions=2, themes=[peace])
    rome = make_meeting(slug="rome", conclusions=2, themes=[youth])
    paragraph(rome, 2, text_en="Paragraph 2 text.", text_fr="Paragraphe deux.")

    assert found(search(client, q="paragraph")) == [("oslo", 1), ("oslo", 2), ("rome", 1), ("rome", 2)]
    assert found(search(client, q="paragraph", meeting="rome")) == [("rome", 1), ("rome", 2)]
    assert found(search(client, q="paragraph", theme="peace")) == [("oslo", 1), ("oslo", 2)]
    assert found(search(client, q="deux", language="fr")) == [("rome", 2)]
    assert found(search(client, q="deux", language="en")) == []
    page = search(client, q="paragraph", meeting="rome", theme="youth", language="en")
    assert found(page) == [("rome", 1), ("rome", 2)]
    assert '<option value="rome" selected>' in page
    assert '<option value="youth" selected>' in page
    assert '<option value="en" selected>' in page
    assert oslo.slug in page


def test_results_are_paginated_and_bad_page_numbers_clamp(client, make_meeting):
    make_meeting(slug="long", conclusions=45)
    first = search(client, q="paragraph")
    assert "45 paragraphs match" in first
    assert [number for _slug, number in found(first)] == list(range(1, 21))
    assert 'rel="next" href="?q=paragraph&amp;page=2"' in first
    assert 'rel="prev"' not in first

    last = search(client, q="paragraph", page="3")
    assert [number for _slug, number in found(last)] == list(range(41, 46))
    assert 'rel="prev" href="?q=paragraph&amp;page=2"' in last
    assert '<ol class="search-results" start="41">' in last
    for page_number, first_number in [("abc", 1), ("0", 41), ("-1", 41), ("999999", 41), ("9" * 5000, 1), ("2.5", 1)]:
        assert found(search(client, q="paragraph", page=page_number))[0][1] == first_number, page_number


def test_frequent_query_is_counted_as_a_floor_and_listed_in_reading_order(client, make_meeting, monkeypatch):
    """Past PROBE_LIMIT matching texts, counting stops; pages are read in reading order, each paragraph once."""
    monkeypatch.setattr(search_module, "LIST_LIMIT", 5)
    monkeypatch.setattr(search_module, "PROBE_LIMIT", 6)
    monkeypatch.setattr(search_module, "RESULTS_PER_PAGE", 2)
    make_meeting(slug="older", conclusions=4, start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2019, 1, 2))
    newer = make_meeting(
        slug="newer", conclusions=4, start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2021, 1, 2)
    )
    paragraph(newer, 1, text_en="Paragraph 1 text.", text_fr="Paragraph 1 texte.")  # found in two languages

    first = search(client, q="paragraph")
    assert "At least 5 paragraphs match “<bdi>paragraph</bdi>”: the first 5 are listed." in first
    assert found(first) == [("newer", 1), ("newer", 2)]
    assert found(search(client, q="paragraph", page="2")) == [("newer", 3), ("newer", 4)]
    assert found(search(client, q="paragraph", page="99")) == [("older", 1)]
    # The page cache's content version, then the search's own queries.
    assert count_queries(client, {"q": "paragraph", "page": "2"}) == count_queries(client, {"q": "2 text"}) == 6


def test_query_without_result_says_so(client, geneva):
    page = search(client, q="xylophone")
    assert "No paragraph matches “<bdi>xylophone</bdi>”." in page
    assert 'class="search-results"' not in page


def test_draft_meetings_never_appear_even_to_editors(client, make_meeting, editor):
    make_meeting(slug="public", conclusions=1)
    make_meeting(slug="secret", conclusions=1, status=Meeting.Status.DRAFT)
    client.force_login(editor)
    page = search(client, q="paragraph")
    assert found(page) == [("public", 1)]
    assert 'value="secret"' not in page
    assert problems(search(client, q="paragraph", meeting="secret")) == [
        "Unknown meeting “secret”: choose one from the list."
    ]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "x" * 1000}, "Your search is too long: use at most 200 characters."),
        ({"q": "   "}, "Type one or more words to search for."),
        ({"q": "\u200b\u200e"}, "Type one or more words to search for."),
        ({"q": ""}, "Type one or more words to search for."),
        ({"meeting": "geneva-2016"}, "Type one or more words to search for."),
        ({"q": "youth", "language": "xx"}, "Unknown language “xx”: choose one from the list."),
        ({"q": "youth", "language": "zh_hans"}, "Unknown language “zh_hans”: choose one from the list."),
        ({"q": "youth", "meeting": "unknown"}, "Unknown meeting “unknown”: choose one from the list."),
        ({"q": "youth", "theme": "un\x00known"}, "Unknown theme “un known”: choose one from the list."),
        ({"q": "youth", "theme": "t" * 300}, "Unknown theme “" + "t" * 39 + "…”: choose one from the list."),
    ],
)
def test_bad_parameters_get_a_message_never_an_error(client, geneva, params, message):
    page = search(client, **params)
    assert problems(page) == [html.unescape(html.escape(message))]
    assert 'class="search-results"' not in page and "No paragraph matches" not in page


def test_control_characters_in_the_query_are_not_sent_back(client, geneva):
    page = search(client, q="青\x00年")
    assert "\x00" not in page
    assert 'value="青 年"' in page


def test_fresh_search_page_has_a_form_and_no_message(client, geneva):
    page = search(client)
    assert "<h1>Search</h1>" in page
    for field in ["search-q", "search-meeting", "search-theme", "search-language"]:
        assert f'<label for="{field}">' in page and f'id="{field}"' in page
    assert problems(page) == [] and "No paragraph matches" not in page
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_search_box_in_its_language(client, geneva, language):
    page = client.get(f"/{language}/meetings/geneva-2016/").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert f'<form class="site-search" role="search" method="get" action="/{language}/search/">' in header
    assert '<label class="visually-hidden" for="site-search-q">' in header
    results = client.get(f"/{language}/search/", {"q": "青年"})
    assert results.status_code == 200
    assert f'<html lang="{language}"' in results.content.decode()
    assert found(results.content.decode()) == [("geneva-2016", 10)]


def count_queries(client, params: dict) -> int:
    """The queries of a search page built afresh (the page cache would answer a repeat in one)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        search(client, **params)
    return len(queries)


def test_query_count_does_not_grow_with_the_results(client, make_meeting, make_theme):
    """Filter lists, count and page: 3 or 50 matching paragraphs, in one language or several, cost the same."""
    themes = [make_theme("peace"), make_theme("youth")]
    make_meeting(slug="small", conclusions=3, themes=themes)
    params = {"q": "paragraph", "meeting": "small", "theme": "peace"}
    small = count_queries(client, params)

    large = make_meeting(slug="large", conclusions=50, themes=themes, title_en="Large")
    Conclusion.objects.filter(meeting=large).update(text_fr="Paragraphe.")
    content_save(Conclusion.objects.filter(meeting=large))
    assert count_queries(client, {**params, "meeting": "large"}) == small
    assert count_queries(client, {"q": "paragraph"}) == small
    # Content version (page cache), meetings, themes, whether the page's language has texts, count, the page.
    assert small <= 6


def test_search_texts_follow_saves_imports_undo_and_deletes(client, make_meeting):
    meeting = make_meeting(slug="oslo", conclusions=2)
    conclusion = meeting.conclusions.get(kind="paragraph", number=1)
    conclusion.text_fr = "Texte révisé."
    content_save([conclusion])
    assert found(search(client, q="revise")) == [("oslo", 1)]

    plan = plan_conclusion_import(
        Table(
            format="csv",
            headers=["meeting", "number", "text_en", "text_fr"],
            rows=[["oslo", "1", "", "Nouvelle version."], ["oslo", "3", "Third.", "Troisième paragraphe."]],
            row_numbers=[2, 3],
            encoding="UTF-8",
            delimiter=",",
        )
    )
    assert plan.is_valid, (plan.problems, [row.problems for row in plan.rows])
    record = apply_conclusion_import(plan, file_name="fr.csv")
    assert found(search(client, q="revise")) == []
    assert found(search(client, q="nouvelle")) == [("oslo", 1)]
    assert found(search(client, q="troisieme")) == [("oslo", 3)]

    undo_conclusion_import(record)
    assert found(search(client, q="revise")) == [("oslo", 1)]
    assert found(search(client, q="nouvelle")) == [] and found(search(client, q="troisieme")) == []

    content_delete([Conclusion.objects.get(meeting=meeting, number=1)])
    assert found(search(client, q="revise")) == []
    assert not SearchText.objects.filter(conclusion_id=conclusion.pk).exists()


def test_rebuild_command_recovers_texts_changed_behind_the_applications_back(client, make_meeting):
    make_meeting(slug="oslo", conclusions=2)
    Conclusion.objects.filter(number=2).update(text_en="Changed with SQL.")
    assert found(search(client, q="changed with sql")) == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "2 paragraphs" in out.getvalue()
    assert found(search(client, q="changed with sql")) == [("oslo", 2)]


# Outside a test transaction, as a user runs it: on PostgreSQL it then vacuums what it rolled back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_benchmark_runs_and_leaves_the_database_as_it_was(geneva):
    """Not a timing test: the benchmark prints its figures and rolls everything back, dead rows included."""
    search_texts, size = SearchText.objects.count(), vacuumed_table_size("conclusions_searchtext")
    out = StringIO()
    call_command("bench_search", rows=60, queries=30, stdout=out)
    output = out.getvalue()
    # Without VACUUM the rolled-back rows would stay in the table, which would have grown.
    assert table_size("conclusions_searchtext") == size
    assert f"Database: {connection.vendor}; 60 paragraphs" in output
    assert re.search(rf"^\s+30\s+[\d.]+\s+[\d.]+  overall \({connection.vendor}\)$", output, re.M)
    kinds = ["Chinese", "Arabic", "Russian", "French accented", "French unaccented", "English", "rare", "filters"]
    for kind in [*kinds, "one-word", "multi-word", "phrase", "no-match"]:
        assert re.search(rf"  {kind}$", output, re.M), kind
    assert not Meeting.objects.filter(slug__startswith="bench-").exists()
    assert SearchText.objects.count() == search_texts
