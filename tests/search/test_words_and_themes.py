"""Search finds what readers mean: words in any order and form, phrases, theme names, best first, help when empty."""

import html
import re

import pytest

from conclusions.content import content_save
from conclusions.models import Conclusion
from tests.search.test_search import count_queries, found, paragraph, place, problems, result_texts, search

GENEVA = "geneva-2016"


def marks(page: str) -> list[str]:
    return [html.unescape(mark) for mark in re.findall(r"<mark>(.*?)</mark>", page)]


def themes_shown(page: str) -> list[list[str]]:
    """The "theme: …" reasons of each result, in order."""
    reasons = []
    for item in page.split('<li class="search-result">')[1:]:
        box = re.search(r'<ul class="search-result__themes">(.*?)</ul>', item.split("search-result__found")[0], re.S)
        texts = re.findall(r"<li>(.*?)</li>", box.group(1), re.S) if box else []
        reasons.append([html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in texts])
    return reasons


def english_places(geneva, pattern: str, *, theme: str = "") -> set:
    """Where the English text matches a regular expression, or the block is tagged with the theme."""
    return {
        place(conclusion)
        for conclusion in geneva.conclusions.all()
        if re.search(pattern, conclusion.text_en or "", re.I) or conclusion.themes.filter(slug=theme).exists()
    }


def test_young_extremism_finds_paragraph_10_with_both_words_marked(client, geneva):
    page = search(client, q="young extremism")
    assert found(page) == [(GENEVA, 10)]
    assert {mark.lower() for mark in marks(page)} == {"young", "extremism"}


def test_secretary_general_finds_secretary_hyphen_general(client, geneva):
    page = search(client, q="Secretary General")
    expected = english_places(geneva, r"Secretary-General")
    assert len(expected) > 5 and set(found(page)) == expected
    assert set(marks(page)) == {"Secretary", "General"}
    hyphenated = search(client, q="Secretary-General")
    assert set(found(hyphenated)) == expected
    assert "Secretary-General" in marks(hyphenated), "written with its hyphen, it is a phrase, marked whole"


def test_youth_finds_the_paragraph_tagged_empowering_youth_and_says_why(client, geneva):
    page = search(client, q="youth")
    assert found(page) == [(GENEVA, 10)]
    assert themes_shown(page) == [["theme: Empowering youth"]]
    french = search(client, "fr", q="jeunes")
    assert found(french) == [(GENEVA, 10)], "the theme's French name"
    assert themes_shown(french) == [["thème\u00a0: Autonomisation des jeunes"]]


def test_quoted_violent_extremism_is_a_phrase_best_matches_first(client, geneva):
    page = search(client, q='"violent extremism"')
    expected = english_places(geneva, r"violent extremism", theme="drivers-of-violent-extremism")
    assert len(expected) == 21, "two pages"
    assert set(found(page) + found(search(client, q='"violent extremism"', page="2"))) == expected
    tagged = english_places(geneva, r"$^", theme="drivers-of-violent-extremism")
    assert set(found(page)[: len(tagged)]) == tagged, "the phrase in the text and in the theme's name first"
    assert {mark.lower() for mark in marks(page)} == {"violent extremism"}


def test_plans_finds_plan_and_planning_tagged_paragraphs_first(client, geneva):
    page = search(client, q="plans")
    expected = english_places(geneva, r"\bplan(s|ned|ning)?\b", theme="national-regional-plans")
    assert set(found(page)) == expected
    assert set(found(page)[:2]) == {(GENEVA, 6), (GENEVA, 7)}, "tagged 'National and regional plans of action'"
    assert {mark.lower() for mark in marks(page)} <= {"plan", "plans", "planned", "planning"}
    assert themes_shown(page)[0] == ["theme: National and regional plans of action"]


def test_ranking_puts_all_words_together_first_and_document_order_is_an_option(client, make_meeting):
    meeting = make_meeting(slug="rank", conclusions=0)
    paragraph(meeting, 1, text_en="Violent acts and extremism of every kind.")
    paragraph(meeting, 2, text_en="Preventing violent extremism.")
    paragraph(meeting, 3, text_en="Extremism, extremism and violent extremism again.")
    assert found(search(client, q="violent extremism")) == [("rank", 3), ("rank", 2), ("rank", 1)]
    assert found(search(client, q="violent extremism", order="document")) == [("rank", 1), ("rank", 2), ("rank", 3)]
    page = search(client, q="violent extremism", order="document")
    assert '<option value="document" selected>In document order</option>' in page


def test_a_heading_counts(client, make_meeting):
    meeting = make_meeting(slug="head", conclusions=0)
    paragraph(meeting, 1, text_en="Education matters.")
    heading = Conclusion(meeting=meeting, kind="section", number=None, position=0, text_en="Education")
    content_save([heading])
    assert found(search(client, q="education"))[0] == place(heading)


@pytest.mark.parametrize(
    "language, text, query, marked",
    [
        ("fr", "Les jeunes œuvrent pour la coopération internationale.", "jeune cooperations", "coopération"),
        ("es", "La cooperación con los jóvenes de la región.", "joven cooperaciones", "jóvenes"),
        ("ru", "Роль молодёжи в предупреждении экстремизма.", "молодежь экстремизм", "молодёжи"),
        ("ar", "يؤكد المؤتمر دور الشباب في منع التَّطَرُّف العنيف.", "شباب التطرف", "التَّطَرُّف"),
        ("en", "The plans of the Secretary-General.", "plan secretary", "plans"),
    ],
)
def test_inflected_forms_are_found_and_marked_in_each_language(client, make_meeting, language, text, query, marked):
    meeting = make_meeting(slug="forms", conclusions=0, source_language=language)
    paragraph(meeting, 1, **{f"text_{language}": text})
    paragraph(meeting, 2, **{f"text_{language}": "—"})
    page = search(client, language, q=query)
    assert found(page) == [("forms", 1)]
    [(lang, direction, shown)] = result_texts(page)
    assert lang == language and direction == ("rtl" if language == "ar" else "ltr")
    assert f"<mark>{marked}</mark>" in shown


def test_arabic_page_without_arabic_paragraphs_says_what_it_searched_and_finds_the_theme(client, geneva):
    assert not geneva.conclusions.filter(kind="paragraph").exclude(text_ar="").exists()
    page = search(client, "ar", q="التطرف")
    assert "search-note" in page
    assert "لم تُنشر أي فقرة باللغة العربية بعد" in page
    tagged = english_places(geneva, r"$^", theme="drivers-of-violent-extremism")
    assert tagged <= set(found(page)), "found through the theme's Arabic name"
    assert "search-note" not in search(client, "en", q="extremism")


def test_empty_result_suggests_spellings_themes_single_words_and_other_languages(client, geneva):
    page = search(client, q="plnas")
    assert "No paragraph matches" in page
    assert '<a href="/en/search/?q=plans" dir="auto">plans</a>' in page
    assert ">National and regional plans of action</a>" in page, "a theme holding the close spelling"
    assert 'lang="ar">العربية</a>' in page and 'lang="zh-hans">中文</a>' in page, "each language in itself"
    for code in ["ar", "zh-hans", "en", "fr", "ru", "es"]:
        assert f'href="/{code}/search/?q=plnas" hreflang="{code}"' in page
    both = search(client, q="extremism xylophone")
    assert '<a href="/en/search/?q=extremism" dir="auto">extremism</a>' in both
    assert "Drivers of violent extremism" in both, "a theme holding one of the words"
    narrowed = search(client, q="青年", language="fr")
    assert found(narrowed) == []
    assert 'href="/en/search/?q=%E9%9D%92%E5%B9%B4">Search in all six languages</a>' in narrowed


def test_bad_order_gets_a_message(client, geneva):
    assert problems(search(client, q="youth", order="random")) == ["Unknown order “random”: choose one from the list."]
    assert problems(search(client, "fr", q="youth", order="x")) == [
        "Ordre «\u00a0x\u00a0» inconnu\u00a0: choisissez-en un dans la liste."
    ]


def test_too_many_words_get_a_message(client, geneva):
    query = " ".join(f"w{number}" for number in range(13))
    assert problems(search(client, q=query)) == ["Your search has too many words: use at most 12 words or phrases."]


def test_query_count_stays_fixed_when_themes_match(client, make_meeting, make_theme):
    youth = make_theme("youth", name_en="Empowering youth")
    make_meeting(slug="small", conclusions=2, themes=[youth])
    small = count_queries(client, {"q": "youth"})
    make_meeting(slug="large", conclusions=60, themes=[youth], title_en="Large")
    assert count_queries(client, {"q": "youth"}) == small == 7  # and one for the page's matching themes
    assert count_queries(client, {"q": "xylophone"}) <= 6
