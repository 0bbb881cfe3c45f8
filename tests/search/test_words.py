"""Words and their forms: how texts are cut and stemmed, how queries are read, and marks that show what was found."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conclusions.search.words import all_found, marked, query_terms, search_form
from tests.search.test_folding import TEXTS


def terms(query: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(term.words, term.quoted) for term in query_terms(query)]


def test_query_is_read_as_words_quoted_phrases_and_hyphenated_phrases():
    assert terms("young  EXTREMISM") == [(("young",), False), (("extremism",), False)]
    assert terms('"Violent extremism" plans') == [(("violent", "extremism"), True), (("plans",), False)]
    assert terms("«droits de l’homme»") == [(("droits", "de", "l", "homme"), True)]
    assert terms("Secretary-General") == [(("secretary", "general"), False)]
    assert terms("UN青年, 暴力极端主义") == [(("un",), False), (("青年",), False), (("暴力极端主义",), False)]
    assert terms('youth youth "" ... ,') == [(("youth",), False)], "repeated words and empty quotes count once"
    assert terms('"unclosed phrase') == [(("unclosed", "phrase"), True)]


def test_stored_form_is_the_words_stems_between_spaces():
    assert search_form("National and regional plans of action.", "en") == " nation and region plan of action "
    assert search_form("Secretary-General's Plan", "en") == " secretari general s plan "
    assert search_form("青年，暴力", "zh-hans") == " 青青青年年年 暴暴暴力力力 "
    assert search_form(" ... ", "en") == ""


@pytest.mark.parametrize(
    "language, text, query",
    [
        ("en", "Plans of action", "plan"),
        ("en", "The young people", "Young"),
        ("fr", "Les jeunes œuvrent pour la coopération internationale", "jeune cooperation internationales"),
        ("es", "La cooperación con los jóvenes", "cooperaciones joven"),
        ("ru", "Роль молодёжи в предупреждении экстремизма", "молодежь экстремизм"),
        ("ar", "دور الشباب في منع التطرف", "شباب"),
        ("ar", "ويشدد على مكافحة التَّطَرُّف", "التطرف"),
    ],
)
def test_inflected_forms_find_each_other(language, text, query):
    assert all_found(query_terms(query), search_form(text, language))


def test_phrase_needs_its_words_together_and_in_order():
    stored = search_form("Extremism that is violent; violent acts of extremism.", "en")
    assert not all_found(query_terms('"violent extremism"'), stored)
    assert all_found(query_terms("violent extremism"), stored)
    assert all_found(query_terms('"violent extremists"'), search_form("Violent extremist groups", "en"))


def test_a_word_is_not_found_inside_another():
    stored = search_form("Article 7 on the planet", "en")
    assert not all_found(query_terms("art"), stored)
    assert not all_found(query_terms("plan"), stored)


def test_chinese_is_found_character_by_character_inside_a_run():
    stored = search_form("赋予青年权能，防止暴力极端主义。", "zh-hans")
    assert all_found(query_terms("青年"), stored) and all_found(query_terms("极端"), stored)
    assert not all_found(query_terms("青年防止"), stored), "not across punctuation"


def test_marks_cover_whole_words_and_phrases_in_every_script():
    assert marked("La Coopération, l’État", "fr", query_terms("cooperation")) == "La <mark>Coopération</mark>, l’État"
    assert marked("violent extremism", "en", query_terms('"violent extremism"')) == "<mark>violent extremism</mark>"
    assert marked("ويشدد على التَّطَرُّف", "ar", query_terms("التطرف")) == "ويشدد على <mark>التَّطَرُّف</mark>"
    assert marked("Роль молодёжи", "ru", query_terms("молодежь")) == "Роль <mark>молодёжи</mark>"
    assert marked("赋予青年权能", "zh-hans", query_terms("青年")) == "赋予<mark>青年</mark>权能"
    assert marked("a < b & plans", "en", query_terms("plan")) == "a &lt; b &amp; <mark>plans</mark>"
    assert (
        marked("Secretary-General", "en", query_terms("secretary general"))
        == "<mark>Secretary</mark>-<mark>General</mark>"
    )
    assert marked("Secretary-General", "en", query_terms("secretary-general")) == "<mark>Secretary-General</mark>"


WORDS = st.lists(
    st.sampled_from(["plan", "plans", "young", "youth", "青年", "молодёжь", "التطرف", "é", "x"]), max_size=6
)


@settings(max_examples=300, deadline=None)
@given(TEXTS, WORDS, st.sampled_from(["en", "fr", "es", "ru", "ar", "zh-hans"]))
def test_marks_show_exactly_what_the_database_finds(text, words, language):
    """A term has a mark in a text exactly when the stored form holds it: the page never marks what was not found."""
    text = " ".join([text, *words])
    stored = search_form(text, language)
    for term in query_terms(text)[:6]:
        shown = str(marked(text, language, [term]))
        assert html.unescape(re.sub(r"</?mark>", "", shown)) == text, "every character of the original, in order"
        assert ("<mark>" in shown) == term.found_in(stored), term
        assert term.found_in(stored), "every word of a text is found in it"
