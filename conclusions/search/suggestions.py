"""What a search that found nothing offers: themes, close spellings, and the same search elsewhere.

Everything here comes from what the search page has already read (the
published meetings' titles and the themes' names, in the six languages):
no query is added. The site's vocabulary for close spellings is the words
of those titles and names, folded; the texts themselves are not read again.
"""

import difflib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.search.folding import fold
from conclusions.search.words import QueryTerm, is_unspaced, query_terms, search_form, word_spans

MAX_THEMES = 5
MAX_SPELLINGS = 3
CLOSENESS = 0.75


@dataclass
class Link:
    text: str
    url: str
    language: str = ""


@dataclass
class EmptyResultHelp:
    themes: list[Link] = field(default_factory=list)
    spellings: list[Link] = field(default_factory=list)
    single_terms: list[Link] = field(default_factory=list)
    all_languages: Link | None = None
    same_search_in: list[Link] = field(default_factory=list)


def search_url(params: dict, language: str | None = None) -> str:
    """The search page's address (in a language, else the active one) for these parameters."""
    kept = {name: value for name, value in params.items() if value}
    if language is None:
        return f"{reverse('conclusions:search')}?{urlencode(kept)}"
    with translation.override(language):
        return f"{reverse('conclusions:search')}?{urlencode(kept)}"


def request_params(search) -> dict:
    return {
        "q": search.query,
        "meeting": search.meeting.slug if search.meeting else "",
        "theme": search.theme.slug if search.theme else "",
        "language": search.language,
        "order": search.order,
    }


def names(instance, field_name: str):
    for code in LANGUAGE_CODES:
        if text := getattr(instance, translated_column(field_name, code), None):
            yield code, text


def themes_holding_some_term(terms: list[QueryTerm], themes) -> list:
    return [
        theme
        for theme in themes
        if any(term.found_in(search_form(name, code)) for code, name in names(theme, "name") for term in terms)
    ]


def themes_named_closely(query: str, themes) -> list:
    """Themes whose name, in some language, is closest to the query as a whole."""
    folded = fold(query)
    scored = []
    for theme in themes:
        best = max((difflib.SequenceMatcher(None, folded, fold(name)).ratio() for _code, name in names(theme, "name")))
        scored.append((best, theme))
    return [theme for ratio, theme in sorted(scored, key=lambda pair: -pair[0]) if ratio >= 0.5][:MAX_THEMES]


def vocabulary(meetings, themes) -> set[str]:
    words = set()
    for instance, field_name in [
        *((meeting, "title") for meeting in meetings),
        *((theme, "name") for theme in themes),
    ]:
        for _code, text in names(instance, field_name):
            folded = fold(text)
            words.update(folded[start:end] for start, end in word_spans(folded))
    # Short words are mostly articles and prepositions ("las", "des"): no help as a suggestion.
    return {word for word in words if not is_unspaced(word) and len(word) > 3}


def close_spellings(search, meetings, themes) -> list[str]:
    """The query with one word replaced by a close word of the site's vocabulary."""
    folded = fold(search.query)
    known = vocabulary(meetings, themes)
    queries = []
    for start, end in word_spans(folded):
        word = folded[start:end]
        if is_unspaced(word) or word in known:
            continue
        for close in difflib.get_close_matches(word, known, n=MAX_SPELLINGS, cutoff=CLOSENESS):
            queries.append(folded[:start] + close + folded[end:])
    return queries[:MAX_SPELLINGS]


def own_name(code: str) -> str:
    """The language's name in itself ("français", "العربية"), as the language switcher shows it."""
    with translation.override(code):
        return language_name(code)


def empty_result_help(search, meetings, themes) -> EmptyResultHelp:
    params = request_params(search)
    help = EmptyResultHelp()
    spellings = close_spellings(search, meetings, themes)
    help.spellings = [Link(query, search_url({**params, "q": query})) for query in spellings]
    # Themes holding a word of the query or of a close spelling of it, else named most like the query.
    terms = [*search.terms, *(term for query in spellings for term in query_terms(query))]
    suggested = themes_holding_some_term(terms, themes) or themes_named_closely(search.query, themes)
    for theme in suggested[:MAX_THEMES]:
        shown = theme.shown_name
        help.themes.append(Link(shown.text, search_url({**params, "q": shown.text}), shown.language))
    if len(search.terms) > 1:
        written = [f'"{" ".join(term.words)}"' if term.quoted else " ".join(term.words) for term in search.terms]
        help.single_terms = [Link(query, search_url({**params, "q": query})) for query in written]
    if search.language:
        help.all_languages = Link("", search_url({**params, "language": ""}))
    help.same_search_in = [Link(own_name(code), search_url(params, code), code) for code in LANGUAGE_CODES]
    return help
