"""How a query term becomes a condition on SearchText.text that the database's indexes can serve.

Whatever the database, a term is found in a stored text when one of its
needles (words.QueryTerm.needles) is a substring of it. SQLite has no index
for that and reads the table with LIKE. On PostgreSQL, two GIN indexes
(migration 0016) answer the same test faster, each for the terms it suits:

- **words**: the stored stems as an array, `string_to_array(btrim(text), ' ')`.
  A text is stored as its stems between single spaces with a space at each
  end, so `LIKE '% stem %'` holds exactly when `stem` is an element: a word
  is found with `&&` (any of its stems), a phrase with `@>` (all its words)
  and then LIKE for their order. ANALYZE records the most common elements,
  so the planner knows a frequent word from a rare one: for a frequent word
  it reads the table and stops at the probe's limit, for a rare one it asks
  the index. The trigram index it replaces for words knew neither, and
  built a bitmap of much of the archive for every frequent word.
  Reading the table, splitting each text into an array costs about ten
  times a substring search (strpos): each word's condition starts with
  one, for a part all its needles share, which rejects most texts cheaply.
  It is written `NOT (strpos(…) = 0)`, which PostgreSQL takes as nearly
  always true, so that the planner still estimates from the words alone.
- **trigrams**, of the texts holding a Chinese (Japanese, Korean) character
  only: a Chinese run is matched character by character inside the text,
  which only trigrams can look up. The index covers the texts that match
  `HOLDS_UNSPACED`, and the condition repeats that test so that the planner
  can use it (a text without such a character cannot hold a Chinese needle:
  the results are the same).
"""

from functools import reduce
from operator import or_

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, Value

from conclusions.search.folding import UNSPACED_CHARACTER
from conclusions.search.words import QueryTerm

WORDS_INDEX = "conclusions_searchtext_words"
TRIGRAM_INDEX = "conclusions_searchtext_text_trigram"
# The stored stems as an array: the words index's expression, written the same way in queries so that it is used.
WORDS_EXPRESSION = "string_to_array(btrim({column}), ' ')"
# The trigram index's predicate, the same in queries. PostgreSQL's regular expressions take the characters as such.
HOLDS_UNSPACED = "{column} ~ '" + UNSPACED_CHARACTER.pattern + "'"
# The sort area these GIN indexes are built with (migration 0016, bench_search): several times faster than 64MB.
INDEX_BUILD_MEMORY = "256MB"


class StoredWords(models.Func):
    """A search text's stems as an array (PostgreSQL only)."""

    template = WORDS_EXPRESSION.format(column="%(expressions)s")
    output_field = ArrayField(models.TextField())


class HoldsUnspaced(models.Func):
    """Whether a search text holds a Chinese (Japanese, Korean) character (PostgreSQL only)."""

    template = HOLDS_UNSPACED.format(column="%(expressions)s")
    output_field = models.BooleanField()


class MayHold(models.Func):
    """`NOT (strpos(text, part) = 0)`: whether a text holds a part of every needle (PostgreSQL only)."""

    template = "NOT (strpos(%(expressions)s) = 0)"
    output_field = models.BooleanField()


def shared_part(needles: tuple[str, ...]) -> str:
    """The longest string every needle holds (" derech" for " derecho " and " derechos ")."""
    shortest = min(needles, key=len)
    for length in range(len(shortest), 0, -1):
        for start in range(len(shortest) - length + 1):
            part = shortest[start : start + length]
            if all(part in needle for needle in needles):
                return part
    return ""


def with_stored_words(texts):
    """SearchText rows with `words`, their stems as an array, to filter on (PostgreSQL)."""
    return texts.alias(words=StoredWords("text"))


def term_condition(term: QueryTerm, postgresql: bool) -> Q:
    """The stored texts holding the term; on PostgreSQL, of `with_stored_words` rows, phrased for its indexes."""
    if not postgresql:
        return reduce(or_, (Q(text__contains=needle) for needle in term.needles))
    if term.is_unspaced:
        return Q(HoldsUnspaced("text")) & Q(text__contains=term.needles[0])
    forms = [needle.strip(" ").split(" ") for needle in term.needles]
    if len(term.words) == 1:
        found = Q(words__overlap=[form[0] for form in forms])
    else:
        phrases = zip(forms, term.needles, strict=True)
        found = reduce(or_, (Q(words__contains=form) & Q(text__contains=needle) for form, needle in phrases))
    if (part := shared_part(term.needles)).strip(" "):
        return Q(MayHold("text", Value(part))) & found
    return found
