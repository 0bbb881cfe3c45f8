"""A translator's "My work": what is missing or outdated in their language, meeting by meeting, in document order.

Every meeting's own texts come first (title, document title, organizers,
venue), then its blocks in the order of its document, then the themes; page
furniture (a symbol or page number of a printed copy) is left out, as from
the translator kit. A record is work when a field it is counted by
(`status.COUNTED_FIELDS`: a block's text) is missing, or when any of its
translations is outdated: a block's label left empty shows the original's,
as the counts say, but one whose original changed is wrong. "Save and next"
on a translator's form goes to the record after it in this same list.

Everything is read in a fixed number of queries, whatever the number of
meetings and blocks: the records, and one query of translation bases per
field (`status.translation_statuses`).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conclusions.documents.block_names import block_name
from conclusions.languages import LANGUAGE_CODES, is_right_to_left, language_name, translated_column
from conclusions.models import Conclusion, Meeting, Theme, printed_number
from conclusions.translations.access import limited_languages
from conclusions.translations.status import (
    COUNTED_FIELDS,
    MISSING,
    OUTDATED,
    STATUS_ORDER,
    TRACKED_FIELDS,
    source_language_of,
    translation_statuses,
)

# The language "Save and next" follows, for a translator of several languages: the one last opened in My work.
SESSION_LANGUAGE = "my_work_language"
EXCERPT_CHARACTERS = 90
# A group longer than this is cut, with a link to the rest in the list: a page of thousands of rows helps no one.
ITEMS_SHOWN_PER_GROUP = 200
MEETING_DETAILS, BLOCKS = 0, 1


@dataclass
class WorkItem:
    """One record to translate: where it is in the list, what needs doing, and its change form."""

    key: tuple[int, int, int]  # (group, a meeting's details before its blocks, place in the group)
    status: str  # the worst of `fields`: MISSING or OUTDATED
    name: str
    fields: list[tuple[str, str]]  # (field name, status) of each field that needs work
    excerpt: str
    excerpt_language: str
    url: str

    @property
    def excerpt_direction(self) -> str:
        return "rtl" if is_right_to_left(self.excerpt_language) else "ltr"

    @property
    def field_statuses(self) -> list[str]:
        return [
            _("%(field)s: %(status)s") % {"field": capfirst(name), "status": status_word(status)}
            for name, status in self.fields
        ]


@dataclass
class WorkGroup:
    """A meeting's work, or the themes'."""

    title: str
    url: str  # the meeting's form, or the theme list
    items: list[WorkItem] = field(default_factory=list)
    more_url: str = ""  # the list holding the items not shown

    @property
    def shown(self) -> list[WorkItem]:
        return self.items[:ITEMS_SHOWN_PER_GROUP]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.items) - ITEMS_SHOWN_PER_GROUP)

    @property
    def counts(self) -> str:
        return counts_text(self.items)


def status_word(status: str) -> str:
    return _("missing") if status == MISSING else _("outdated")


def counts_text(items: list[WorkItem]) -> str:
    """ "12 missing, 3 outdated"."""
    counts = Counter(item.status for item in items)
    return _("%(missing)s, %(outdated)s") % {
        "missing": ngettext("%(count)s missing", "%(count)s missing", counts[MISSING]) % {"count": counts[MISSING]},
        "outdated": ngettext("%(count)s outdated", "%(count)s outdated", counts[OUTDATED])
        % {"count": counts[OUTDATED]},
    }


class Records:
    """Every meeting, block and theme, with the status of each of their translations: one read for a request."""

    def __init__(self):
        self.meetings = list(Meeting.objects.order_by("-start_date", "slug"))
        meetings = {meeting.pk: meeting for meeting in self.meetings}
        self.blocks = list(
            Conclusion.objects.exclude(kind=Conclusion.Kind.FURNITURE).order_by("meeting_id", "position")
        )
        for block in self.blocks:
            block.meeting = meetings[block.meeting_id]  # no query per block for its source language
        self.themes = list(Theme.objects.all())
        self.meeting_rank = {meeting.pk: rank for rank, meeting in enumerate(self.meetings)}
        self.theme_rank = {theme.pk: rank for rank, theme in enumerate(self.themes)}
        self.statuses = {
            (model, name): translation_statuses(records, name)
            for model, records in ((Meeting, self.meetings), (Conclusion, self.blocks), (Theme, self.themes))
            for name in TRACKED_FIELDS[model]
        }

    def key_of(self, record) -> tuple[int, int, int]:
        """Where `record` is, or would be, in the list of work."""
        if isinstance(record, Meeting):
            return (self.meeting_rank[record.pk], MEETING_DETAILS, 0)
        if isinstance(record, Conclusion):
            return (self.meeting_rank[record.meeting_id], BLOCKS, record.position)
        return (len(self.meetings), BLOCKS, self.theme_rank[record.pk])

    def fields_to_do(self, record, language: str) -> list[tuple[str, str]]:
        """(field name, status) of each field of `record` that needs work in `language`."""
        model = type(record)
        found = []
        for name in TRACKED_FIELDS[model]:
            status = self.statuses[(model, name)][(record.pk, language)]
            if status == OUTDATED or (status == MISSING and name in COUNTED_FIELDS[model]):
                found.append((model._meta.get_field(name).verbose_name, status))
        return found

    def item(self, record, language: str, name: str, excerpt_field: str) -> WorkItem | None:
        fields = self.fields_to_do(record, language)
        if not fields:
            return None
        source = source_language_of(record)
        excerpt = getattr(record, translated_column(excerpt_field, source)) or ""
        return WorkItem(
            key=self.key_of(record),
            status=max((status for _name, status in fields), key=STATUS_ORDER.__getitem__),
            name=name,
            fields=fields,
            excerpt=Truncator(excerpt).chars(EXCERPT_CHARACTERS),
            excerpt_language=source,
            url=reverse(f"admin:conclusions_{type(record)._meta.model_name}_change", args=[record.pk]),
        )

    def work(self, language: str) -> list[WorkItem]:
        """What needs doing in `language`, in the order of the list."""
        records = [(meeting, _("Meeting details"), "title") for meeting in self.meetings]
        records += [(block, capfirst(block_label(block)), "text") for block in self.blocks]
        records += [(theme, theme.name_en, "description") for theme in self.themes]
        items = (self.item(record, language, name, excerpt) for record, name, excerpt in records)
        return sorted((item for item in items if item), key=lambda item: item.key)

    def groups(self, work: list[WorkItem]) -> list[WorkGroup]:
        """The `work` of each meeting, then the themes', leaving out those with none."""
        conclusions, themes = (
            reverse("admin:conclusions_conclusion_changelist"),
            reverse("admin:conclusions_theme_changelist"),
        )
        groups = [
            WorkGroup(
                title=str(meeting),
                url=reverse("admin:conclusions_meeting_change", args=[meeting.pk]),
                more_url=f"{conclusions}?meeting__id__exact={meeting.pk}",
            )
            for meeting in self.meetings
        ]
        groups.append(WorkGroup(title=_("Themes"), url=themes, more_url=themes))
        for item in work:
            groups[item.key[0]].items.append(item)
        return [group for group in groups if group.items]


def block_label(block: Conclusion) -> str:
    return block_name(
        block.kind, number=printed_number(block.number, block.number_suffix), part=block.part, ranked=True
    )


def work_languages(user) -> list[str]:
    """The languages whose work this user sees: a translator's own, every language for an editor."""
    languages = limited_languages(user, Conclusion)
    return list(LANGUAGE_CODES) if languages is None else languages


def remembered_language(request, languages: list[str]) -> str | None:
    """The language last chosen in My work, if still one of `languages`; else the first of them."""
    remembered = request.session.get(SESSION_LANGUAGE)
    return remembered if remembered in languages else (languages[0] if languages else None)


def chosen_language(request, languages: list[str]) -> str | None:
    """The language asked for (`?language=fr`), remembered for "Save and next"; else the one remembered."""
    asked = request.GET.get("language")
    if asked in languages:
        request.session[SESSION_LANGUAGE] = asked
        return asked
    return remembered_language(request, languages)


def next_work_response(request, record):
    """After "Save and next": the next record of My work after `record`, or back to My work at the end."""
    language = remembered_language(request, work_languages(request.user))
    my_work = reverse("admin:conclusions_my_work")
    if language is None:
        return redirect(my_work)
    records = Records()
    work = records.work(language)
    after = records.key_of(record)
    following = next((item for item in work if item.key > after), None)
    if following is not None:
        return redirect(following.url)
    if work:
        messages.info(
            request,
            ngettext(
                "End of the list: %(count)s record still needs work in %(language)s.",
                "End of the list: %(count)s records still need work in %(language)s.",
                len(work),
            )
            % {"count": len(work), "language": language_name(language)},
        )
    else:
        messages.success(
            request,
            _("All done: nothing is missing or outdated in %(language)s.") % {"language": language_name(language)},
        )
    return redirect(f"{my_work}?language={language}")


class MyWorkAdminMixin:
    """Gives the admin of conclusions the My work page."""

    def get_urls(self):
        my_work = path("my-work/", self.admin_site.admin_view(self.my_work_view), name="conclusions_my_work")
        return [my_work, *super().get_urls()]

    def my_work_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        languages = work_languages(request.user)
        language = chosen_language(request, languages)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("My work"),
            "language": language,
            "coverage_url": reverse("admin:conclusions_conclusion_translations"),
        }
        if language is not None:
            records = Records()
            work = {code: records.work(code) for code in (languages if len(languages) > 1 else [language])}
            context.update(
                language_name=language_name(language),
                switch=[
                    {"code": code, "name": language_name(code), "counts": counts_text(work[code])}
                    for code in languages
                ]
                if len(languages) > 1
                else [],
                groups=records.groups(work[language]),
                total=counts_text(work[language]),
                first_url=work[language][0].url if work[language] else "",
            )
        return TemplateResponse(request, "admin/conclusions/my_work.html", context)
