"""Meetings: metadata in every language, dates, languages, publication, and the blocks of their document inline."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from conclusions.admin.content import ContentAdmin, ContentForm, TranslationStatusFilter
from conclusions.admin.documents import DocumentImportMixin
from conclusions.admin.spreadsheets import RecordSpreadsheetAdminMixin
from conclusions.models import Conclusion, Meeting
from conclusions.spreadsheets.resources import MeetingResource


class ConclusionInline(TranslationStackedInline):
    """The document's blocks in order, each with its kind and label as printed; moved from a block's own page."""

    model = Conclusion
    fields = ["position", "kind", "part", "number", "label", "text", "themes"]
    readonly_fields = ["position"]
    autocomplete_fields = ["themes"]
    ordering = ["position"]
    extra = 0
    verbose_name = _("block of the document")
    verbose_name_plural = _("blocks of the document, in order")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")


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
    inlines = [ConclusionInline]
    list_display = ["title", "start_date", "venue", "source_language", "status", "conclusion_count"]
    list_filter = ["status", "source_language", TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("title")]
    date_hierarchy = "start_date"
    readonly_fields = ["published_at", "created_at", "updated_at", "source_changes"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "document_title", "organizers", "venue", "minor_edit"]}),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (_("Languages"), {"fields": ["source_language", "official_languages"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        (_("Outdated translations"), {"fields": ["source_changes"]}),
    ]

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
