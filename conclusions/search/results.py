"""Search across the published documents: the reader's request, the matching blocks, each result as shown.

The view and `manage.py bench_search` both call `search_page`, so the
benchmark times what a reader waits for: the filter lists, the count and the
page of results with their highlighted texts. A page costs five queries
whatever it finds: published meetings and themes (for the filters, to check
the request against, for the themes whose names match and for close
spellings), whether the page's language has any text yet, where the query
occurs (which gives the count and the ranking), and the page's conclusions
with their meeting (and, when a theme's name matched, their matching themes:
one more).

How texts are compared is in folding.py and words.py; the texts searched are
SearchText rows, kept in step by index.py. Ranking is in ranking.py, the help
an empty result gives in suggestions.py.
"""

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import and_, or_

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.languages import (
    LANGUAGE_CODES,
    LocalizedText,
    current_language,
    is_right_to_left,
    language_name,
    translated_column,
)
from conclusions.models import Conclusion, Meeting, SearchText, Theme
from conclusions.search.indexed_terms import term_condition, with_stored_words
from conclusions.search.ranking import HEADING_KINDS, paragraph_scores
from conclusions.search.suggestions import EmptyResultHelp, empty_result_help
from conclusions.search.words import MAX_TERMS, QueryTerm, all_found, marked, query_terms, search_form

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# At most this many matching paragraphs are counted and listed (see MatchingParagraphs).
LIST_LIMIT = 1000
PROBE_LIMIT = LIST_LIMIT + 1
PLACE = ("meeting_start_date", "meeting_slug", "position", "conclusion_id")
FILTERS = ("meeting", "theme", "language", "order")
# Every parameter the search page reads (others are redirected away: page_cache.public_page).
SEARCH_PARAMETERS = ("q", *FILTERS, "page")
# "" (the default): best matches first; "document": in reading order.
ORDERS = ("", "document")


@dataclass
class SearchRequest:
    """What the reader asked for, checked: `problems` says, in their language, what cannot be searched."""

    query: str = ""
    terms: list[QueryTerm] = field(default_factory=list)
    meeting: Meeting | None = None
    theme: Theme | None = None
    language: str = ""
    order: str = ""
    page: str | None = None
    # Themes whose name, in some language, holds every term: their paragraphs are found too.
    named_themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def can_search(self) -> bool:
        return bool(self.terms) and not self.problems

    @property
    def query_html(self) -> SafeString:
        """The query as typed, isolated so that an Arabic query keeps its direction in an English sentence."""
        return format_html("<bdi>{}</bdi>", self.query)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown_parameter(params: Mapping[str, str], name: str) -> str:
    """A parameter as it may be shown back on the page: control characters (NUL, line breaks) become spaces."""
    return CONTROL_CHARACTERS.sub(" ", params.get(name, ""))


def unknown_value(message: str, value: str) -> str:
    return message % {"value": Truncator(value).chars(40)}


@lru_cache(maxsize=1024)
def name_form(name: str, language: str) -> str:
    """A theme's name as search compares it: the same few names on every search, stemmed once."""
    return search_form(name, language)


def theme_names_hold(theme: Theme, terms: list[QueryTerm]) -> bool:
    """Whether the theme's name, in one of the six languages, holds every term (compared as texts are)."""
    names = ((code, getattr(theme, translated_column("name", code)) or "") for code in LANGUAGE_CODES)
    return any(all_found(terms, name_form(name, code)) for code, name in names if name)


def read_search_request(params: Mapping[str, str], meetings: list[Meeting], themes: list[Theme]) -> SearchRequest:
    """The request's parameters, checked against the published meetings, the themes and the six languages."""
    search = SearchRequest(query=shown_parameter(params, "q").strip(), page=params.get("page"))
    if len(search.query) > MAX_QUERY_LENGTH:
        search.problems.append(
            _("Your search is too long: use at most %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}
        )
    else:
        search.terms = query_terms(search.query)
        if not search.terms and any(name in params for name in ("q", *FILTERS)):
            search.problems.append(_("Type one or more words to search for."))
        elif len(search.terms) > MAX_TERMS:
            search.problems.append(
                _("Your search has too many words: use at most %(limit)s words or phrases.") % {"limit": MAX_TERMS}
            )

    if slug := shown_parameter(params, "meeting"):
        search.meeting = next((meeting for meeting in meetings if meeting.slug == slug), None)
        if search.meeting is None:
            search.problems.append(unknown_value(_("Unknown meeting “%(value)s”: choose one from the list."), slug))
    if slug := shown_parameter(params, "theme"):
        search.theme = next((theme for theme in themes if theme.slug == slug), None)
        if search.theme is None:
            search.problems.append(unknown_value(_("Unknown theme “%(value)s”: choose one from the list."), slug))
    if code := shown_parameter(params, "language"):
        if code in LANGUAGE_CODES:
            search.language = code
        else:
            search.problems.append(unknown_value(_("Unknown language “%(value)s”: choose one from the list."), code))
    order = shown_parameter(params, "order")
    if order in ORDERS:
        search.order = order
    else:
        search.problems.append(unknown_value(_("Unknown order “%(value)s”: choose one from the list."), order))
    if search.can_search:
        search.named_themes = [theme for theme in themes if theme_names_hold(theme, search.terms)]
    return search


def search_texts(search: SearchRequest):
    """The published search texts the request's filters allow (see SearchText for why one table suffices)."""
    texts = SearchText.objects.filter(published=True)
    if search.language:
        texts = texts.filter(language=search.language)
    if search.meeting:
        texts = texts.filter(meeting=search.meeting)
    if search.theme:
        themed = Conclusion.themes.through.objects.filter(conclusion_id=OuterRef("conclusion_id"), theme=search.theme)
        texts = texts.filter(Exists(themed))
    return texts


def in_reading_order_key(place: tuple) -> tuple:
    """Newest meeting first, then by slug (meetings on the same day), then in the order of the document."""
    start_date, slug, position = place[:3]
    return (-start_date.toordinal(), slug, position)


def reading_order(conclusions) -> list[Conclusion]:
    return sorted(conclusions, key=lambda c: in_reading_order_key((c.meeting.start_date, c.meeting.slug, c.position)))


class MatchingParagraphs(Sequence):
    """The paragraphs that match, best first (or in reading order), as Paginator pages through them.

    A paragraph matches when one of its texts holds every term of the query,
    or when it is tagged with a theme whose name does (`named_themes`).

    First, one query finds where the query occurs, through the trigram index
    on PostgreSQL, stopping at PROBE_LIMIT texts. Below that, it has found
    every match: the count is exact, the matches are ranked (ranking.py)
    from the texts it read, and a page is a slice. At the limit the query is
    a frequent one: counting every match would mean reading a large part of
    the archive, so the count is a floor (the distinct paragraphs among the
    texts found, at most LIST_LIMIT) and a page comes from reading the texts
    in reading order, which for a frequent query soon finds enough; such
    results are not ranked. Either way a page costs one more query.
    """

    def __init__(self, search: SearchRequest):
        self.search = search
        rows = list(self.probe()[:PROBE_LIMIT])
        self.is_complete = len(rows) < PROBE_LIMIT
        self.is_ranked = self.is_complete and search.order != "document"
        places = sorted({row[:4] for row in rows}, key=in_reading_order_key)
        if self.is_ranked:
            scores = paragraph_scores(rows, search.terms)
            places.sort(key=lambda place: -scores[place[3]])  # a stable sort: reading order among equals
        self.ids = [place[3] for place in places]
        # The languages whose text holds every term, per paragraph: read from the texts found, not stemmed again.
        self.found_in: dict[int, set[str]] | None = None
        if self.is_complete:
            self.found_in = defaultdict(set)
            for *_place, conclusion_id, text, _kind, _themed, language in rows:
                if all_found(search.terms, text):
                    self.found_in[conclusion_id].add(language)
        self.count = len(self.ids) if self.is_complete else min(len(self.ids), LIST_LIMIT)

    def matching(self, texts, term_condition):
        """The texts that match: `term_condition(number, term)` tests the query's term of that number."""
        every_term = reduce(and_, (term_condition(number, term) for number, term in enumerate(self.search.terms)))
        if self.search.named_themes:
            tagged = Conclusion.themes.through.objects.filter(
                conclusion_id=OuterRef("conclusion_id"), theme__in=self.search.named_themes
            )
            return texts.filter(every_term | Q(Exists(tagged)))
        return texts.filter(every_term)

    def themed(self):
        """Whether a text's paragraph is tagged with a theme whose name matched: a value of the probe, for ranking."""
        if not self.search.named_themes:
            return Value(False)
        return Exists(
            Conclusion.themes.through.objects.filter(
                conclusion_id=OuterRef("conclusion_id"), theme__in=self.search.named_themes
            )
        )

    def probe(self):
        """Where the query occurs: (date, slug, position, conclusion id, text, kind, themed, language), asked as
        the database's indexes serve it (indexed_terms.py)."""
        postgresql = connection.vendor == "postgresql"
        texts = search_texts(self.search)
        if postgresql:
            texts = with_stored_words(texts)
        texts = self.matching(texts, lambda _number, term: term_condition(term, postgresql))
        return texts.annotate(themed=self.themed()).values_list(*PLACE, "text", "kind", "themed", "language")

    def in_reading_order(self):
        """The same, in reading order, through the reading order index: for frequent queries, which soon find enough.

        strpos() rather than the probe's conditions: the same test, which the
        planner neither sends through an index nor estimates from statistics,
        and expects to succeed often, so that it reads the index in order.
        """
        texts = search_texts(self.search).alias(
            **{
                f"found_{number}_{index}": StrIndex("text", Value(needle))
                for number, term in enumerate(self.search.terms)
                for index, needle in enumerate(term.needles)
            }
        )

        def found(number, term):
            return reduce(or_, (Q(**{f"found_{number}_{index}__gt": 0}) for index in range(len(term.needles))))

        return (
            self.matching(texts, found)
            .values_list(*PLACE)
            .order_by("-meeting_start_date", "meeting_slug", "position", "conclusion_id")
        )

    def page_in_reading_order(self, start: int, stop: int) -> RawSQL:
        """The ids of the paragraphs from position start + 1 to stop, for a frequent query.

        A paragraph found in several languages has a text for each: the
        first stop texts per language searched hold at least the first stop
        paragraphs, which dense_rank() numbers once each. No DISTINCT, whose
        plan would depend on estimates of how many paragraphs match.
        """
        per_paragraph = 1 if self.search.language else len(LANGUAGE_CODES)
        sql, params = self.in_reading_order()[: stop * per_paragraph].query.sql_with_params()
        return RawSQL(
            "SELECT ranked.conclusion_id FROM ("
            " SELECT found.conclusion_id, DENSE_RANK() OVER ("
            "  ORDER BY found.meeting_start_date DESC, found.meeting_slug, found.position) AS rank"
            f" FROM ({sql}) found"
            ") ranked WHERE ranked.rank > %s AND ranked.rank <= %s",
            (*params, start, stop),
        )

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Matching paragraphs are read a page at a time.")
        start, stop, _step = index.indices(self.count)
        if self.is_complete:
            conclusions = Conclusion.objects.filter(pk__in=self.ids[start:stop])
        else:
            conclusions = Conclusion.objects.filter(pk__in=self.page_in_reading_order(start, stop))
        conclusions = conclusions.select_related("meeting")
        if self.search.named_themes:
            named = Theme.objects.filter(pk__in=[theme.pk for theme in self.search.named_themes])
            conclusions = conclusions.prefetch_related(
                Prefetch("themes", queryset=named.order_by("position", "slug"), to_attr="named_themes")
            )
        if not self.is_complete:
            return reading_order(conclusions)
        shown = {conclusion.pk: conclusion for conclusion in conclusions}
        return [shown[pk] for pk in self.ids[start:stop] if pk in shown]


def paragraph_url(conclusion: Conclusion, language: str) -> str:
    with translation.override(language):
        return conclusion.get_absolute_url()


@dataclass
class SearchResult:
    """One matching paragraph: its text in a language that matched, marked, every language that matched, and the
    themes whose names matched."""

    conclusion: Conclusion
    text: SafeString
    language: str
    found_in: list[dict]
    # The names of the themes that matched, in the page's language if they have one there, the query marked.
    themes: list[LocalizedText] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return "rtl" if is_right_to_left(self.language) else "ltr"

    @property
    def url(self) -> str:
        """The block's own page if it has one (a paragraph), else its place on the meeting page (a heading)."""
        return self.conclusion.get_absolute_url()


def marked_name(theme: Theme, terms: list[QueryTerm]) -> LocalizedText:
    shown = theme.shown_name
    return LocalizedText(marked(shown.text, shown.language, terms), shown.language, shown.requested_language)


def search_result(conclusion: Conclusion, search: SearchRequest, found_in: set[str] | None = None) -> SearchResult:
    """Shown in the page's language if it matched, else the original's, else the first in UN order that did.

    `found_in`: the languages whose search text holds every term, when the search read them all.
    """
    page_language, source_language = current_language(), conclusion.meeting.source_language
    texts = {code: getattr(conclusion, translated_column("text", code)) or "" for code in LANGUAGE_CODES}
    if found_in is None:
        languages = [search.language] if search.language else LANGUAGE_CODES
        found_in = {code for code in languages if all_found(search.terms, search_form(texts[code], code))}
    found = [code for code in LANGUAGE_CODES if code in found_in]
    found.sort(key=lambda code: (code != page_language, code != source_language, LANGUAGE_CODES.index(code)))
    # Found through a theme's name (or a text changed behind the application's back since it was indexed):
    # the text the paragraph's page shows, with whatever words of the query it holds marked.
    language = found[0] if found else conclusion.shown_text.language
    return SearchResult(
        conclusion=conclusion,
        text=marked(texts[language], language, search.terms),
        language=language,
        found_in=[
            {"code": code, "name": language_name(code), "url": paragraph_url(conclusion, code)} for code in found
        ],
        themes=[marked_name(theme, search.terms) for theme in getattr(conclusion, "named_themes", [])],
    )


@dataclass
class SearchPage:
    """What the search page shows: the checked request, the filters' choices, and the page of results if any."""

    search: SearchRequest
    meetings: list[Meeting]
    themes: list[Theme]
    matches: MatchingParagraphs | None = None
    page: Page | None = None
    results: list[SearchResult] = field(default_factory=list)
    # Whether a published paragraph (not a heading) has a text in the page's language; else the page says so.
    page_language_has_texts: bool = True

    @property
    def languages(self) -> list[tuple[str, str]]:
        return [(code, language_name(code)) for code in LANGUAGE_CODES]

    @property
    def page_language_name(self) -> str:
        return language_name(current_language())

    @property
    def help(self) -> EmptyResultHelp | None:
        """For a search that found nothing: themes, close spellings and the same search elsewhere."""
        if self.page is None or self.page.paginator.count:
            return None
        return empty_result_help(self.search, self.meetings, self.themes)


def search_page(params: Mapping[str, str]) -> SearchPage:
    """Everything the search page shows, for the request's parameters (a QueryDict or a dict)."""
    # Only what the choices show: every field of every meeting would weigh on every search.
    titles = [translated_column("title", code) for code in LANGUAGE_CODES]
    published = Meeting.objects.published().only("slug", "start_date", "source_language", *titles)
    meetings = list(published.order_by("-start_date", "slug"))
    names = [translated_column("name", code) for code in LANGUAGE_CODES]
    themes = list(Theme.objects.only("slug", "position", *names).order_by("position", "slug"))
    found = SearchPage(read_search_request(params, meetings, themes), meetings, themes)
    if found.search.can_search:
        # Paragraphs, not headings: a document whose title alone is translated has no text to read in the language.
        in_language = SearchText.objects.filter(published=True, language=current_language())
        found.page_language_has_texts = in_language.exclude(kind__in=HEADING_KINDS).exists()
        # get_page: a page number that is not one (abc, 0, 10**100) gives the first or last page.
        found.matches = MatchingParagraphs(found.search)
        found.page = Paginator(found.matches, RESULTS_PER_PAGE).get_page(found.search.page)
        found_in = found.matches.found_in
        found.results = [
            search_result(conclusion, found.search, None if found_in is None else found_in.get(conclusion.pk, set()))
            for conclusion in found.page
        ]
    return found
