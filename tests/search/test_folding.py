"""How search compares texts (folding): the documented rules, and properties over random text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conclusions.search.folding import (
    fold,
    fold_cluster_by_cluster,
    fold_with_sources,
    folded_char_for_char,
    index_form,
)


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Coopération INTERNATIONALE", "cooperation internationale"),
        ("e\u0301te\u0301", "ete"),  # decomposed accents
        ("Straße, ŒUVRE, Ørsted, Łódź, æ", "strasse, oeuvre, orsted, lodz, ae"),
        ("España, São Tomé, Curaçao", "espana, sao tome, curacao"),
        ("ＵＮ ﬁnance", "un finance"),
        ("l’homme, co‑operation, 2016–2030", "l'homme, co-operation, 2016-2030"),
        ("a\u00a0\u202f\u3000b\n\tc  d", "a b c d"),
        ("zero\u200bwidth\u200e\u00adjoin", "zerowidthjoin"),
        ("Молодёжь, ЙОГУРТ", "молодежь, йогурт"),
        ("мо\u0301лодежь", "молодежь"),  # a stress mark
        ("التَّطَرُّف العنيـــف", "التطرف العنيف"),
        ("أحمد إلى آخر ٱلله", "احمد الى اخر الله"),
        ("مسؤولية مدينة", "مسؤولية مدينة"),  # hamza on waw and taa marbuta are kept
        ("青年 暴力极端主义，", "青年 暴力极端主义,"),
        ("100% a_b \\ «»", "100% a_b \\ «»"),
    ],
)
def test_fold_follows_the_documented_rules(text, folded):
    assert fold(text) == folded


def test_fold_keeps_apart_what_is_not_the_same():
    assert fold("й") != fold("и")
    assert fold("ة") != fold("ه") and fold("ى") != fold("ي")
    assert fold("國") != fold("国")  # traditional and simplified


def test_index_form_triples_chinese_characters_only():
    assert index_form("青年 un") == "青青青年年年 un"


SCRIPTS = st.sampled_from(
    [
        "abcdeéèêëçñøæœßABCÉÇÑØŒ",
        "\u0301\u0308\u0327",  # combining accents
        "абвгдеёжзийклмнАБВЁЙ\u0301",
        "ابتثجحخدذرزأإآةىيؤئـ\u064e\u064f\u0650\u0651\u0652",
        "的国和力主义极暴端青年法",
        " \u00a0\n\t\u200b\u200e’‘-‑–.,%_<>&",
    ]
)
TEXTS = st.lists(SCRIPTS.flatmap(lambda letters: st.text(letters, min_size=1, max_size=8)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_folding_cluster_by_cluster_equals_folding_the_whole_text(text):
    """The highlighter's folding, which knows where each character came from, is the database's."""
    folded, sources = fold_with_sources(text)
    assert folded == fold(text)
    assert len(sources) == len(folded)
    assert all(0 <= start < end <= len(text) for start, end in sources)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_fast_way_to_fold_with_sources_gives_what_the_slow_way_does(text):
    """Most texts fold character for character, which is told quickly: the spans are then the slow way's."""
    assert fold_with_sources(text) == fold_cluster_by_cluster(text)


@pytest.mark.parametrize("text", ["Secretary-General’s plan", "Организации Объединённых Наций", "联合国秘书长。"])
def test_ordinary_texts_take_the_fast_way(text):
    assert folded_char_for_char(text) is not None


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_index_form_finds_exactly_the_substrings(text, query):
    """Tripling Chinese characters for the trigram index neither adds nor loses a match."""
    folded_text, folded_query = fold(text), fold(query).strip(" ")
    assert (folded_query in folded_text) == (index_form(folded_query) in index_form(folded_text))
    piece = folded_text[len(folded_text) // 3 : len(folded_text) // 2]
    assert index_form(piece) in index_form(folded_text)
