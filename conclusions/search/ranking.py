"""Which matching paragraphs come first: scores computed from the texts the search query read.

A paragraph's score is the best of its texts' (one per language):

- every term in the text beats a paragraph found only through a theme's name;
- the query's words next to each other, in order, as written (a phrase
  nobody quoted) beat the same words scattered;
- a heading, and a paragraph tagged with a theme whose name matched, count;
- then each occurrence of a term counts a little, up to a point, so that a
  paragraph about the subject beats one that mentions it once.

Equal scores keep reading order (newest meeting first, then in the document).
"""

from collections import defaultdict

from conclusions.search.words import QueryTerm, all_found

EVERY_TERM_IN_TEXT = 8
WORDS_TOGETHER = 4
HEADING = 2
HEADING_KINDS = ("heading", "section")
NAMED_THEME = 3
OCCURRENCE = 0.5
COUNTED_OCCURRENCES = 6


def words_together(terms: list[QueryTerm]) -> QueryTerm | None:
    """The query's unquoted words as one phrase, if there are several (none for Chinese runs)."""
    words = [word for term in terms if not term.quoted and not term.is_unspaced for word in term.words]
    return QueryTerm(tuple(words)) if len(words) > 1 else None


def text_score(text: str, kind: str, themed: bool, terms: list[QueryTerm], together: QueryTerm | None) -> float:
    score = 0.0
    if all_found(terms, text):
        score += EVERY_TERM_IN_TEXT
        if together is not None and together.found_in(text):
            score += WORDS_TOGETHER
    if kind in HEADING_KINDS:
        score += HEADING
    if themed:
        score += NAMED_THEME
    occurrences = sum(text.count(needle) for term in terms for needle in term.needles)
    return score + OCCURRENCE * min(occurrences, COUNTED_OCCURRENCES)


def paragraph_scores(rows, terms: list[QueryTerm]) -> dict[int, float]:
    """Each paragraph's score, from rows (date, slug, position, conclusion id, index form, kind, themed, language)."""
    together = words_together(terms)
    scores: dict[int, float] = defaultdict(float)
    for *_place, conclusion_id, text, kind, themed, _language in rows:
        scores[conclusion_id] = max(scores[conclusion_id], text_score(text, kind, themed, terms, together))
    return scores
