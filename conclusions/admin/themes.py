"""Themes: names and descriptions in every language, and their order."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.content import ContentAdmin, TranslationStatusFilter
from conclusions.admin.list_columns import LIST_MEDIA_CSS, PreparedRowsMixin, translation_marks
from conclusions.admin.spreadsheets import RecordSpreadsheetAdminMixin
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Theme
from conclusions.spreadsheets.resources import ThemeResource
from conclusions.translations.status import record_statuses


@admin.register(Theme)
class ThemeAdmin(PreparedRowsMixin, RecordSpreadsheetAdminMixin, ContentAdmin):
    translator_context_fields = ["slug", "position"]
    change_form_template = "admin/conclusions/content_change_form.html"
    resource_classes = [ThemeResource]
    fields = ["slug", "position", "name", "description", "minor_edit", "source_changes"]
    list_display = ["whole_name", "slug", "position", "conclusion_count", "translations"]
    list_display_links = ["whole_name"]
    list_editable = ["position"]
    list_filter = [TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("name")]
    change_list_template = "admin/conclusions/theme/change_list.html"

    class Media:
        css = LIST_MEDIA_CSS

    def get_prepopulated_fields(self, request, obj=None):
        # Here, not in `prepopulated_fields`: a translator's form (and simple-history's old versions, which
        # read the attribute) has no slug to fill in, and the admin would look for it and fail.
        return {"slug": ["name_en"]} if self.has_full_change_permission(request) else {}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("blocks"), ordering="conclusion_total")
    def conclusion_count(self, theme: Theme) -> int:
        return theme.conclusion_total

    def prepare_rows(self, request, rows: list[Theme]) -> None:
        """Each theme's status per language: the worst of its name's and its description's."""
        statuses = {code: record_statuses(rows, code) for code in LANGUAGE_CODES}
        for theme in rows:
            theme.list_statuses = {code: statuses[code][theme.pk] for code in LANGUAGE_CODES}

    @admin.display(description=_("name"), ordering="name")
    def whole_name(self, theme: Theme) -> str:
        """The name in the admin's language, else in English, marked with the language it is in."""
        name = theme.shown_name
        return format_html('<span lang="{}" dir="{}">{}</span>', name.language, name.direction, name.text or "—")

    @admin.display(description=_("translations"))
    def translations(self, theme: Theme) -> str:
        return translation_marks(theme.list_statuses)
