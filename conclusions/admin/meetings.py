"""Meetings: metadata in every language, dates, languages, publication, and the blocks of their document in order."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.content import ContentAdmin, ContentForm, TranslationStatusFilter
from conclusions.admin.documents import DocumentImportMixin
from conclusions.admin.spreadsheets import RecordSpreadsheetAdminMixin
from conclusions.documents.block_names import block_name
from conclusions.languages import is_right_to_left, translated_column
from conclusions.models import Meeting, printed_number
from conclusions.spreadsheets.resources import MeetingResource

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
class MeetingAdmin(DocumentImportMixin, RecordSpreadsheetAdminMixin, ContentAdmin):
    translator_context_fields = ["slug", "start_date", "end_date", "source_language", "official_languages", "status"]
    form = MeetingForm
    resource_classes = [MeetingResource]
    list_display = ["title", "start_date", "venue", "source_language", "status", "conclusion_count"]
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
