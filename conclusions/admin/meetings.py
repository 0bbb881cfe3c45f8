"""Meetings: metadata in every language, dates, languages, publication, and the blocks of their document in order."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.content import ContentAdmin, ContentForm, TranslationStatusFilter
from conclusions.admin.documents import DocumentImportMixin
from conclusions.admin.list_columns import LIST_MEDIA_CSS, STATUS_MARKS, PreparedRowsMixin, status_said
from conclusions.admin.spreadsheets import RecordSpreadsheetAdminMixin
from conclusions.documents.block_names import block_name
from conclusions.languages import LANGUAGE_CODES, column_suffix, is_right_to_left, translated_column
from conclusions.models import Conclusion, Meeting, printed_number
from conclusions.spreadsheets.resources import MeetingResource
from conclusions.translations.status import SOURCE

EXCERPT_CHARACTERS = 90


def document_blocks(meeting: Meeting | None) -> str:
    """The meeting's blocks in order, each linked to its own page, in one query: a list, not a form.

    A document of hundreds of blocks, each with a label and a text in six
    languages, is too large for one form (and past Django's limit on the
    fields a request may post); each block is edited on its own page.
    """
    if meeting is None or meeting.pk is None:
        return _("The blocks of the document are added once the meeting is saved, or brought in from a file.")
    language = meeting.source_language
    columns = [translated_column("label", language), translated_column("text", language)]
    blocks = [
        {
            "kind": kind,
            "position": position,
            "name": block_name(kind, number=printed_number(number, suffix), part=part, ranked=True),
            "label": label or "",
            "excerpt": Truncator(text or "").chars(EXCERPT_CHARACTERS),
            "url": reverse("admin:conclusions_conclusion_change", args=[pk]),
        }
        for pk, kind, part, number, suffix, position, label, text in meeting.conclusions.order_by(
            "position"
        ).values_list("pk", "kind", "part", "number", "number_suffix", "position", *columns)
    ]
    list_url = reverse("admin:conclusions_conclusion_changelist")
    return render_to_string(
        "admin/conclusions/includes/document_blocks.html",
        {
            "blocks": blocks,
            "language": language,
            "direction": "rtl" if is_right_to_left(language) else "ltr",
            "list_url": f"{list_url}?meeting__id__exact={meeting.pk}",
            "add_url": f"{reverse('admin:conclusions_conclusion_add')}?meeting={meeting.pk}",
        },
    )


class MeetingForm(ContentForm):
    official_languages = forms.MultipleChoiceField(
        label=_("Other official language versions"),
        choices=Meeting._meta.get_field("source_language").choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The source language is always official."),
    )

    class Meta:
        model = Meeting
        fields = ["official_languages"]


@admin.register(Meeting)
class MeetingAdmin(PreparedRowsMixin, DocumentImportMixin, RecordSpreadsheetAdminMixin, ContentAdmin):
    translator_context_fields = ["slug", "start_date", "end_date", "source_language", "official_languages", "status"]
    form = MeetingForm
    resource_classes = [MeetingResource]
    list_display = ["title_and_slug", "dates", "conclusion_count", "translated_blocks"]
    list_display_links = ["title_and_slug"]
    list_filter = ["status", "source_language", TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("title")]
    date_hierarchy = "start_date"
    readonly_fields = ["published_at", "created_at", "updated_at", "source_changes", "document"]
    change_form_template = "admin/conclusions/meeting/change_form.html"
    fieldsets = [
        (None, {"fields": ["slug", "title", "document_title", "organizers", "venue", "minor_edit"]}),
        (_("Dates"), {"fields": [("start_date", "end_date")]}),
        (_("Languages"), {"fields": ["source_language", "official_languages"]}),
        (_("Publication"), {"fields": ["status", ("published_at", "created_at", "updated_at")]}),
        (_("Outdated translations"), {"fields": ["source_changes"]}),
        # Open, its list scrolling in a box of its own: hundreds of blocks do not lengthen the page.
        (_("The document, block by block"), {"fields": ["document"]}),
    ]

    class Media:
        css = LIST_MEDIA_CSS

    @admin.display(description=_("blocks"))
    def document(self, meeting: Meeting | None) -> str:
        return document_blocks(meeting)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    def get_urls(self):
        return self.document_urls() + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        if self.has_add_permission(request):
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_document")
            extra_context = {**(extra_context or {}), "bring_in_document_url": url}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("blocks"), ordering="conclusion_total")
    def conclusion_count(self, meeting: Meeting) -> int:
        return meeting.conclusion_total

    def prepare_rows(self, request, rows: list[Meeting]) -> None:
        """How many blocks of each meeting on the page have a text in each language, in one query."""
        counted = translated_block_counts(rows)
        for meeting in rows:
            meeting.list_translated = counted.get(meeting.pk, {})

    @admin.display(description=_("title"), ordering="slug")
    def title_and_slug(self, meeting: Meeting) -> str:
        """The title in the admin's language (else the original's); under it the slug and the publication status."""
        title = meeting.shown_title
        status = format_html('<span class="list-status-{}">{}</span>', meeting.status, meeting.get_status_display())
        if not title.text.strip() or title.text == meeting.slug:
            return format_html('{}<span class="list-slug">{}</span>', meeting.slug, status)
        return format_html(
            '<span lang="{}" dir="{}">{}</span><span class="list-slug">{} · {}</span>',
            title.language,
            title.direction,
            title.text,
            meeting.slug,
            status,
        )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, meeting: Meeting) -> str:
        return meeting.date_range

    @admin.display(description=_("translated blocks"), ordering="source_language")
    def translated_blocks(self, meeting: Meeting) -> str:
        """The original language, then per other language the share of the blocks that have a text (current or not)."""
        counts, total = meeting.list_translated, meeting.conclusion_total
        shares = [
            (
                "translation-none" if not counts.get(code) else "",
                status_said(code, f"{share_percent(counts.get(code, 0), total)} %"),
            )
            for code in LANGUAGE_CODES
            if code != meeting.source_language
        ]
        return format_html(
            '<ul class="translation-progress"><li class="translation-source">{}</li>{}</ul>',
            status_said(meeting.source_language, STATUS_MARKS[SOURCE][1]),
            format_html_join("", '<li class="{}">{}</li>', shares),
        )


def translated_block_counts(meetings: list[Meeting]) -> dict[int, dict[str, int]]:
    """meeting pk -> language -> the number of its blocks with a text in that language."""
    aliases = {code: f"texts_{column_suffix(code)}" for code in LANGUAGE_CODES}
    # An empty text is "" or NULL: neither is greater than "".
    counts = {
        alias: Count("pk", filter=Q(**{f"{translated_column('text', code)}__gt": ""}))
        for code, alias in aliases.items()
    }
    rows = Conclusion.objects.filter(meeting__in=meetings).values("meeting").annotate(**counts).order_by()
    return {row["meeting"]: {code: row[alias] for code, alias in aliases.items()} for row in rows}


def share_percent(part: int, whole: int) -> int:
    """A whole percentage that says 100 only when nothing is left, and 0 only when nothing is done."""
    if not whole or not part:
        return 0
    return min(99, max(1, 100 * part // whole)) if part < whole else 100
