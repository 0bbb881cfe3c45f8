"""Search across the published documents: the reader's request, the matching blocks, each result as shown.

The view and `manage.py bench_search` both call `search_page`, so the
benchmark times what a reader waits for: the filter lists, the count and the
page of results with their highlighted texts. A page costs four queries
whatever it finds: published meetings and themes (for the filters, and to
check the request against), where the query occurs (which gives the count),
and the page's conclusions with their meeting.

How texts are compared is in folding.py; the folded texts searched are
SearchText rows, kept in step by index.py.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from conclusions.languages import LANGUAGE_CODES, current_language, is_right_to_left, language_name, translated_column
from conclusions.models import Conclusion, Meeting, SearchText, Theme
from conclusions.search.folding import fold, fold_query, highlighted, index_form

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20
# At most this many matching paragraphs are counted and listed (see MatchingParagraphs).
LIST_LIMIT = 1000
PROBE_LIMIT = LIST_LIMIT + 1
PLACE = ("meeting_start_date", "meeting_slug", "position", "conclusion_id")
FILTERS = ("meeting", "theme", "language")


@dataclass
class SearchRequest:
    """What the reader asked for, checked: `problems` says, in their language, what cannot be searched."""

    query: str = ""
    folded_query: str = ""
    meeting: Meeting | None = None
    theme: Theme | None = None
    language: str = ""
    page: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def can_search(self) -> bool:
        return bool(self.folded_query) and not self.problems

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


def read_search_request(params: Mapping[str, str], meetings: list[Meeting], themes: list[Theme]) -> SearchRequest:
    """The request's parameters, checked against the published meetings, the themes and the six languages."""
    search = SearchRequest(query=shown_parameter(params, "q").strip(), page=params.get("page"))
    if len(search.query) > MAX_QUERY_LENGTH:
        search.problems.append(
            _("Your search is too long: use at most %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}
        )
    else:
        search.folded_query = fold_query(search.query)
        if not search.folded_query and any(name in params for name in ("q", *FILTERS)):
            search.problems.append(_("Type a word, or part of a word, to search for."))

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


def reading_order(conclusions) -> list[Conclusion]:
    """Newest meeting first, then by slug (meetings on the same day), then in the order of the document."""
    in_document = sorted(conclusions, key=lambda conclusion: (conclusion.meeting.slug, conclusion.position))
    return sorted(in_document, key=lambda conclusion: conclusion.meeting.start_date, reverse=True)


class MatchingParagraphs(Sequence):
    """The paragraphs that match, in reading order, as Paginator pages through them.

    First, one query finds where the query occurs, through the trigram index
    on PostgreSQL, stopping at PROBE_LIMIT texts. Below that, it has found
    every match: the count is exact and a page is those paragraphs' slice.
    At the limit the query is a frequent one: counting every match would
    mean reading a large part of the archive, so the count is a floor (the
    distinct paragraphs among the texts found, at most LIST_LIMIT) and a
    page comes from reading the texts in reading order, which for a frequent
    query soon finds enough. Either way a page costs one more query.
    """

    def __init__(self, search: SearchRequest):
        self.search = search
        self.needle = index_form(search.folded_query)
        rows = self.probe()[:PROBE_LIMIT]
        places = sorted(set(rows), key=lambda place: (-place[0].toordinal(), place[1], place[2]))
        self.is_complete = len(rows) < PROBE_LIMIT
        self.ids = [place[3] for place in places]
        self.count = len(self.ids) if self.is_complete else min(len(self.ids), LIST_LIMIT)

    def probe(self):
        """Where the query occurs, as (date, slug, position, conclusion id); LIKE, which the trigram index serves."""
        return search_texts(self.search).filter(text__contains=self.needle).values_list(*PLACE)

    def in_reading_order(self):
        """The same, in reading order, through the reading order index: for frequent queries, which soon find enough.

        strpos() rather than LIKE: the same test, which the planner neither
        sends through the trigram index nor estimates from statistics, and
        expects to succeed often, so that it reads the index in order.
        """
        return (
            search_texts(self.search)
            .alias(found_at=StrIndex("text", Value(self.needle)))
            .filter(found_at__gt=0)
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
        return reading_order(conclusions.select_related("meeting"))


def paragraph_url(conclusion: Conclusion, language: str) -> str:
    with translation.override(language):
        return conclusion.get_absolute_url()


@dataclass
class SearchResult:
    """One matching paragraph: its text in a language that matched, marked, and every language that matched."""

    conclusion: Conclusion
    text: SafeString
    language: str
    found_in: list[dict]

    @property
    def direction(self) -> str:
        return "rtl" if is_right_to_left(self.language) else "ltr"

    @property
    def url(self) -> str:
        """The block's own page if it has one (a paragraph), else its place on the meeting page (a heading)."""
        return self.conclusion.get_absolute_url()


def search_result(conclusion: Conclusion, search: SearchRequest) -> SearchResult:
    """Shown in the page's language if it matched, else the original's, else the first in UN order that did."""
    page_language, source_language = current_language(), conclusion.meeting.source_language
    found = [
        code
        for code in ([search.language] if search.language else LANGUAGE_CODES)
        if search.folded_query in fold(getattr(conclusion, translated_column("text", code)) or "")
    ]
    found.sort(key=lambda code: (code != page_language, code != source_language, LANGUAGE_CODES.index(code)))
    if not found:
        # Only if a text changed behind the application's back since it was indexed.
        shown = conclusion.shown_text
        return SearchResult(conclusion, format_html("{}", shown.text), shown.language, [])
    text = getattr(conclusion, translated_column("text", found[0]))
    return SearchResult(
        conclusion=conclusion,
        text=highlighted(text, search.folded_query),
        language=found[0],
        found_in=[
            {"code": code, "name": language_name(code), "url": paragraph_url(conclusion, code)} for code in found
        ],
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

    @property
    def languages(self) -> list[tuple[str, str]]:
        return [(code, language_name(code)) for code in LANGUAGE_CODES]


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
        # get_page: a page number that is not one (abc, 0, 10**100) gives the first or last page.
        found.matches = MatchingParagraphs(found.search)
        found.page = Paginator(found.matches, RESULTS_PER_PAGE).get_page(found.search.page)
        found.results = [search_result(conclusion, found.search) for conclusion in found.page]
    return found
