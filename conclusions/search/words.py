"""Words, not strings: how a folded text becomes the words search compares, and how a query is read.

A text is folded (folding.py), cut into words at every space, punctuation
mark, hyphen and apostrophe, and each word is reduced to its stem by the
Snowball stemmer of the text's language (English, French, Spanish, Russian,
Arabic): `plans` and `plan`, `jeunes` and `jeune`, `молодёжи` and `молодежь`
give the same stem. Chinese (and any run of characters written without
spaces) is not cut: it stays one run, matched character by character inside
the run, as before.

The *index form* of a text, stored in SearchText.text, is its stems
separated by single spaces, with a space at each end (` plan action `), the
Chinese runs tripled (folding.index_form, so that the trigram index can look
up one or two characters). A query word is found when ` stem ` occurs in it,
a phrase when ` stem1 stem2 ` does, a Chinese run when its tripled form
does: plain substring tests, the same in SQLite, PostgreSQL and Python.

The reader's query does not say its language, so each word is stemmed by
every stemmer and by none: a term is found when one of these forms is
(`QueryTerm.needles`). The forms come from one stemmer at a time for the
whole phrase, so a phrase is found only with one language's stems.
"""

import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from conclusions.search.folding import UNSPACED_CHARACTER, fold, fold_with_sources, index_form

STEMMER_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
UNSPACED = UNSPACED_CHARACTER.pattern.strip("[]")
# A run of Chinese (Japanese, Korean) characters, or a run of other letters and digits: a word.
WORD = re.compile(f"[{UNSPACED}]+|[^\\W_{UNSPACED}]+")
# Quoted phrases: straight, curly and angle quotes (folding leaves them as they are).
PHRASE = re.compile(r'["“”«»„]([^"“”«»„]*)["“”«»„]?')
MAX_TERMS = 12

_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def stemmer(language: str):
    stemmers = _stemmers.__dict__
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMER_LANGUAGES[language])
    return stemmers[language]


def is_unspaced(word: str) -> bool:
    return bool(UNSPACED_CHARACTER.match(word))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """A folded word's stem in a language ("" language or one without a stemmer: the word itself)."""
    if is_unspaced(word):
        return index_form(word)
    if language not in STEMMER_LANGUAGES:
        return word
    return stemmer(language).stemWord(word)


def word_spans(folded: str) -> list[tuple[int, int]]:
    return [match.span() for match in WORD.finditer(folded)]


def search_form(text: str, language: str) -> str:
    """The index form of a text in a language (see the module docstring): what SearchText.text stores."""
    stems = [stem(word, language) for word in WORD.findall(fold(text))]
    return f" {' '.join(stems)} " if stems else ""


@dataclass(frozen=True)
class QueryTerm:
    """A word, a phrase (quoted, or written with hyphens) or a Chinese run of the query, folded and cut into words."""

    words: tuple[str, ...]
    quoted: bool = False

    @property
    def is_unspaced(self) -> bool:
        return len(self.words) == 1 and is_unspaced(self.words[0])

    @cached_property  # read for every text a search ranks: stemmed once per query
    def needles(self) -> tuple[str, ...]:
        """The substrings of an index form any of which means the term is there."""
        if self.is_unspaced:
            return (index_form(self.words[0]),)
        forms = {" ".join(stem(word, language) for word in self.words) for language in ("", *STEMMER_LANGUAGES)}
        return tuple(sorted(f" {form} " for form in forms))

    def found_in(self, search_text: str) -> bool:
        return any(needle in search_text for needle in self.needles)


def query_terms(query: str) -> list[QueryTerm]:
    """The terms of a query: "quoted phrases", words joined by hyphens as phrases, other words one by one."""
    terms: list[QueryTerm] = []

    def add(part: str, quoted: bool) -> None:
        for chunk in part.split(" "):
            words = tuple(chunk[start:end] for start, end in word_spans(chunk))
            if not words:
                continue
            # A Chinese run and Latin letters written together ("UN青年") are separate terms.
            if len(words) > 1 and any(is_unspaced(word) for word in words) and not quoted:
                terms.extend(QueryTerm((word,)) for word in words)
            else:
                terms.append(QueryTerm(words, quoted))

    folded, position = fold(query), 0
    for match in PHRASE.finditer(folded):
        add(folded[position : match.start()], quoted=False)
        words = tuple(match.group(1)[start:end] for start, end in word_spans(match.group(1)))
        if words:
            terms.append(QueryTerm(words, quoted=True))
        position = match.end()
    add(folded[position:], quoted=False)
    unique = list(dict.fromkeys(terms))
    return unique


def all_found(terms: list[QueryTerm], search_text: str) -> bool:
    return all(term.found_in(search_text) for term in terms)


def term_spans(folded: str, language: str, terms: list[QueryTerm]) -> list[tuple[int, int]]:
    """The spans of a folded text where terms are found, as the database finds them (the same stems)."""
    spans = word_spans(folded)
    stems = [stem(folded[start:end], language) for start, end in spans]
    found: list[tuple[int, int]] = []
    for term in terms:
        if term.is_unspaced:
            position = folded.find(term.words[0])
            while position != -1:
                found.append((position, position + len(term.words[0])))
                position = folded.find(term.words[0], position + 1)
            continue
        for needle in term.needles:
            wanted = needle.strip(" ").split(" ")
            for index in range(len(stems) - len(wanted) + 1):
                if stems[index : index + len(wanted)] == wanted:
                    found.append((spans[index][0], spans[index + len(wanted) - 1][1]))
    return sorted(set(found))


def marked(text: str, language: str, terms: list[QueryTerm]) -> SafeString:
    """The text, escaped, with each found word or phrase wrapped in <mark>: every character of the original is kept."""
    folded, sources = fold_with_sources(text)
    if folded != fold(text):
        # Folding cluster by cluster differs from folding the whole text only
        # for scripts outside the six (e.g. decomposed Hangul): show no mark
        # rather than a wrong one.
        return format_html("{}", text)
    merged: list[tuple[int, int]] = []
    for start, end in term_spans(folded, language, terms):
        start, end = sources[start][0], sources[end - 1][1]
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts, position = [], 0
    for start, end in merged:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
