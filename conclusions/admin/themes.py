"""Themes: names and descriptions in every language, and their order."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.content import ContentAdmin, TranslationStatusFilter
from conclusions.admin.spreadsheets import RecordSpreadsheetAdminMixin
from conclusions.models import Theme
from conclusions.spreadsheets.resources import ThemeResource


@admin.register(Theme)
class ThemeAdmin(RecordSpreadsheetAdminMixin, ContentAdmin):
    translator_context_fields = ["slug", "position"]
    change_form_template = "admin/conclusions/content_change_form.html"
    resource_classes = [ThemeResource]
    fields = ["slug", "position", "name", "description", "minor_edit", "source_changes"]
    list_display = ["name", "slug", "position", "conclusion_count"]
    list_editable = ["position"]
    list_filter = [TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("name")]

    def get_prepopulated_fields(self, request, obj=None):
        # Here, not in `prepopulated_fields`: a translator's form (and simple-history's old versions, which
        # read the attribute) has no slug to fill in, and the admin would look for it and fail.
        return {"slug": ["name_en"]} if self.has_full_change_permission(request) else {}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("conclusions"), ordering="conclusion_total")
    def conclusion_count(self, theme: Theme) -> int:
        return theme.conclusion_total
