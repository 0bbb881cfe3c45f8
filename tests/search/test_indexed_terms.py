"""The probe's conditions find exactly the texts that hold every term, on SQLite and through PostgreSQL's indexes.

Queries are drawn from real documents in the six languages (the Universal
Declaration, tests/documents/real) and the Geneva conclusions: words,
phrases quoted and hyphenated, several words, Chinese runs of one to four
characters, word beginnings that are not words. What each finds is compared
with the same test made in Python on every stored text (words.all_found).
"""

import random

import pytest
from django.db import connection

from conclusions.models import SearchText
from conclusions.search.folding import fold
from conclusions.search.indexed_terms import TRIGRAM_INDEX, WORDS_INDEX, shared_part, term_condition, with_stored_words
from conclusions.search.results import MatchingParagraphs, read_search_request
from conclusions.search.words import all_found, is_unspaced, word_spans
from tests.real_documents import import_real_document

UDHR = ["06_udhr-ar.txt", "07_udhr-zh.txt", "08_udhr-ru.txt", "09_udhr-fr.txt", "10_udhr-es.txt", "11_udhr-en.txt"]


@pytest.fixture
def archive(geneva):
    for name in UDHR:
        import_real_document(name)
    return list(SearchText.objects.values_list("conclusion_id", "text", "language"))


def drawn_queries(texts: list[str], rng: random.Random) -> list[str]:
    """Queries a reader might type, drawn from the texts: some found, some not."""
    queries = []
    for text in rng.sample(texts, 40):
        folded = fold(text)
        words = [folded[start:end] for start, end in word_spans(folded)]
        spaced = [word for word in words if not is_unspaced(word)]
        runs = [word for word in words if is_unspaced(word)]
        if len(spaced) >= 2:
            index = rng.randrange(len(spaced) - 1)
            first, second = spaced[index], spaced[index + 1]
            far = rng.choice(spaced)
            queries += [first, f'"{first} {second}"', f"{first}-{second}", f"{first} {far}", f'"{second} {first}"']
            if len(first) > 4:
                queries.append(first[:3])  # the beginning of a word is not the word
        for run in runs[:2]:
            start = rng.randrange(len(run))
            queries += [run[start : start + length] for length in (1, 2, 4)]
    return queries + ["xylophone", "violent xylophone", "木琴", '"extremism violent"']


def test_the_probe_finds_exactly_the_texts_holding_every_term(archive):
    texts = sorted({text for _id, text, _language in archive})
    queries = drawn_queries([" ".join(text.split()) for text in texts], random.Random(2016))
    found_some = 0
    for query in queries:
        search = read_search_request({"q": query}, [], [])
        expected = {pk for pk, text, _language in archive if all_found(search.terms, text)}
        probed = {row[3] for row in MatchingParagraphs(search).probe()}
        assert probed == expected, query
        found_some += bool(expected)
    # The comparison means something: most queries find paragraphs, a few find none.
    assert len(queries) - 10 > found_some > len(queries) / 2


def index_definition(name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row and row[0]


def plan(query: str) -> str:
    """How PostgreSQL finds the texts holding the query's one term (the probe's condition, without its filters,
    which the reading order index would otherwise serve on tables this small)."""
    (term,) = read_search_request({"q": query}, [], []).terms
    return with_stored_words(SearchText.objects.all()).filter(term_condition(term, postgresql=True)).explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no such index: it reads the table.")
def test_postgresql_serves_words_phrases_and_chinese_from_its_indexes(archive):
    assert "USING gin (string_to_array(btrim(text), ' '::text))" in index_definition(WORDS_INDEX)
    trigram = index_definition(TRIGRAM_INDEX)
    assert "USING gin (text gin_trgm_ops) WHERE (text ~ '[" in trigram
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tables this small are otherwise simply read through
    assert f"Bitmap Index Scan on {WORDS_INDEX}" in plan("rights")
    assert f"Bitmap Index Scan on {WORDS_INDEX}" in plan('"droits de l’homme"')
    chinese = plan("人权")
    assert f"Bitmap Index Scan on {TRIGRAM_INDEX}" in chinese and "~~ '%人人人权权权%'::text" in chinese


@pytest.mark.parametrize(
    ("needles", "part"),
    [
        ((" derech ", " derecho ", " derechos "), " derech"),
        ((" شباب ", " الشباب "), "شباب "),
        ((" droit de l homm ", " droits de l homme "), " de l homm"),
        ((" plan ",), " plan "),
        ((" ab ", " cd "), " "),
    ],
)
def test_a_words_needles_share_the_part_postgresql_looks_for_first(needles, part):
    """The cheap first test must hold wherever a needle does: the longest part every needle holds."""
    assert shared_part(needles) == part
