"""The "Translation coverage" page: per meeting and language, the status of each field, as marks and bars.

A meeting's own texts (title, document title, organizers, venue) are each
marked current, outdated, missing, or with nothing to translate where the
original is blank. Its blocks are counted in the groups a translator works
through (preamble, numbered paragraphs, the other blocks) and their labels as
printed apart; each count is a bar whose outdated and missing parts open the
list of exactly those blocks. The counts are those of the lists' filters
(`TranslationStatusFilter`, `LabelStatusFilter`): a field whose original is
blank has nothing to translate and is counted nowhere. Themes are counted as
records, as the themes list filters them. The number of queries does not
depend on the number of meetings or blocks.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from conclusions.admin.content import LabelStatusFilter, TranslationStatusFilter
from conclusions.admin.spreadsheets import KIT_FORMATS
from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.models import BlockKind, Conclusion, Meeting, Theme
from conclusions.translations.status import (
    CURRENT,
    MISSING,
    OUTDATED,
    SOURCE,
    THEME_SOURCE_LANGUAGE,
    TRACKED_FIELDS,
    record_statuses,
    source_language_of,
    translation_statuses,
)

# The original is blank (a meeting without a venue, a block printed without a label): nothing to translate.
NOTHING = "nothing"


@dataclass(frozen=True)
class BlockColumn:
    """A column of bars: the blocks it counts (all if no kind is named), by which field, and the list filter."""

    heading: Promise
    field: str  # "text", or "label" for the labels as printed
    filter_parameter: str  # the list filter that finds the outdated and missing ones
    kinds: tuple[str, ...] = ()

    def includes(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def list_url(self, changelist: str, meeting: Meeting) -> str:
        """The list of the meeting's blocks of this column, waiting for the filter's "<status>:<language>"."""
        query = {"meeting__id__exact": meeting.pk}
        if len(self.kinds) == 1:
            query["kind__exact"] = self.kinds[0]
        elif self.kinds:
            query["kind__in"] = ",".join(self.kinds)
        return f"{changelist}?{urlencode(query)}&{self.filter_parameter}="


TEXTS, LABELS = TranslationStatusFilter.parameter_name, LabelStatusFilter.parameter_name
BLOCK_COLUMNS = (
    BlockColumn(_("Preamble"), "text", TEXTS, (BlockKind.PREAMBLE,)),
    BlockColumn(_("Numbered paragraphs"), "text", TEXTS, (BlockKind.PARAGRAPH,)),
    BlockColumn(
        _("Other blocks"),
        "text",
        TEXTS,
        tuple(kind for kind in BlockKind.values if kind not in (BlockKind.PREAMBLE, BlockKind.PARAGRAPH)),
    ),
    BlockColumn(_("Labels as printed"), "label", LABELS),
)


@dataclass
class Bar:
    """How many translations are current, outdated and missing; the outdated and missing ones linked to their list.

    `list_url` ends with the filter's parameter, waiting for "<status>:<language>"
    (`?meeting__id__exact=3&translation=`).
    """

    language: str
    list_url: str
    counts: Counter

    @property
    def current(self) -> int:
        return self.counts[CURRENT]

    @property
    def outdated(self) -> int:
        return self.counts[OUTDATED]

    @property
    def missing(self) -> int:
        return self.counts[MISSING]

    @property
    def total(self) -> int:
        return self.current + self.outdated + self.missing

    @property
    def outdated_url(self) -> str:
        return f"{self.list_url}{OUTDATED}:{self.language}"

    @property
    def missing_url(self) -> str:
        return f"{self.list_url}{MISSING}:{self.language}"


@dataclass
class FieldMark:
    """One of a meeting's own texts in one language: the field, its name and its status."""

    field: str
    name: str
    status: str


@dataclass
class LanguageRow:
    """One language of a meeting (or of the themes): its marks, its bars, and whether it is the original."""

    code: str
    is_source: bool
    is_own: bool  # a language the translator translates into
    has_work: bool  # a language whose My work this person has: a translator's own, every one for an editor
    fields: list[FieldMark] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    kit: bool = False

    @property
    def name(self) -> str:
        return language_name(self.code)


@dataclass
class MeetingCoverage:
    """A meeting's rows, and its bars' columns: each heading with the number of texts (or labels) in the original."""

    meeting: Meeting
    blocks: int
    columns: list[tuple[str, int]]
    rows: list[LanguageRow]


def field_status(statuses: dict, instance, field_name: str, language: str) -> str:
    """The status of one field in one language, as the lists' filters see it: nothing where the original is blank."""
    source_text = getattr(instance, translated_column(field_name, source_language_of(instance))) or ""
    return statuses[(instance.pk, language)] if source_text.strip() else NOTHING


def block_counts(blocks: list[Conclusion]) -> dict[tuple, Counter]:
    """(meeting pk, column index, language) -> how many of the column's texts (or labels) have each status.

    In the meeting's source language, the count of `SOURCE` is the number of
    texts (or labels) the original has: the total of every other language.
    """
    statuses = {field_name: translation_statuses(blocks, field_name) for field_name in ("text", "label")}
    counts = defaultdict(Counter)
    for block in blocks:
        for index, column in enumerate(BLOCK_COLUMNS):
            if not column.includes(block.kind):
                continue
            for language in LANGUAGE_CODES:
                status = field_status(statuses[column.field], block, column.field, language)
                counts[(block.meeting_id, index, language)][status] += 1
    return counts


def meeting_field_marks(meetings: list[Meeting]) -> dict[tuple[int, str], list[FieldMark]]:
    """(meeting pk, language) -> the status of the meeting's title, document title, organizers and venue."""
    marks = defaultdict(list)
    for field_name in TRACKED_FIELDS[Meeting]:
        statuses = translation_statuses(meetings, field_name)
        name = capfirst(Meeting._meta.get_field(field_name).verbose_name)
        for meeting in meetings:
            for language in LANGUAGE_CODES:
                status = field_status(statuses, meeting, field_name, language)
                marks[(meeting.pk, language)].append(FieldMark(field=field_name, name=name, status=status))
    return marks


def meeting_coverage(*, kit_languages: list[str], own_languages: list[str]) -> list[MeetingCoverage]:
    """Every meeting, newest first, with a row per language: its marks, a bar per group of blocks, and the labels."""
    meetings = list(Meeting.objects.order_by("-start_date", "slug"))
    blocks = list(Conclusion.objects.select_related("meeting"))
    counts = block_counts(blocks)
    marks = meeting_field_marks(meetings)
    sizes = Counter(block.meeting_id for block in blocks)
    changelist = reverse("admin:conclusions_conclusion_changelist")
    coverage = []
    for meeting in meetings:
        list_urls = [column.list_url(changelist, meeting) for column in BLOCK_COLUMNS]
        rows = [
            LanguageRow(
                code=code,
                is_source=code == meeting.source_language,
                is_own=code in own_languages,
                has_work=not own_languages or code in own_languages,
                fields=marks[(meeting.pk, code)],
                bars=[Bar(code, url, counts[(meeting.pk, index, code)]) for index, url in enumerate(list_urls)],
                # A kit leaves out the blocks whose original is in its language: none for the original's.
                kit=code in kit_languages and code != meeting.source_language and sizes[meeting.pk] > 0,
            )
            for code in LANGUAGE_CODES
        ]
        columns = [
            (column.heading, counts[(meeting.pk, index, meeting.source_language)][SOURCE])
            for index, column in enumerate(BLOCK_COLUMNS)
        ]
        coverage.append(MeetingCoverage(meeting=meeting, blocks=sizes[meeting.pk], columns=columns, rows=rows))
    return coverage


@dataclass
class ThemeCoverage:
    """How many themes there are, and a row per language."""

    count: int
    rows: list[LanguageRow]


def theme_coverage(*, own_languages: list[str]) -> ThemeCoverage:
    """Per language, the themes whose name and description are current, outdated or missing, as the list filters them.

    A theme's status is the worst of its two fields (`record_statuses`): a
    count of themes is what the themes list, filtered, shows.
    """
    themes = list(Theme.objects.all())
    list_url = f"{reverse('admin:conclusions_theme_changelist')}?{TranslationStatusFilter.parameter_name}="
    rows = [
        LanguageRow(
            code=code,
            is_source=code == THEME_SOURCE_LANGUAGE,
            is_own=code in own_languages,
            has_work=not own_languages or code in own_languages,
            bars=[Bar(code, list_url, Counter(record_statuses(themes, code).values()))],
        )
        for code in LANGUAGE_CODES
    ]
    return ThemeCoverage(count=len(themes), rows=rows)


class TranslationCoverageMixin:
    """The coverage page of the blocks' admin, at `translations/`."""

    def get_urls(self):
        coverage = path(
            "translations/",
            self.admin_site.admin_view(self.translation_dashboard_view),
            name="conclusions_conclusion_translations",
        )
        return [coverage, *super().get_urls()]

    def translation_dashboard_view(self, request):
        """Meetings, then themes: per language, each field's status, linked to the lists that show what is left."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        own_languages = self.translation_limit(request) or []  # none for an editor
        kit_languages = self.export_languages(request) if self.has_export_permission(request) else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translation coverage"),
            "meetings": meeting_coverage(kit_languages=kit_languages, own_languages=own_languages),
            "themes": theme_coverage(own_languages=own_languages),
            "kit_formats": KIT_FORMATS,
        }
        return TemplateResponse(request, "admin/conclusions/translation_dashboard.html", context)
