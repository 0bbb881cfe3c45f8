"""A content model's spreadsheets in the admin: the library's import (spreadsheet_import.py), exports, kits.

Export links take the filtered list as shown: editors get every language,
translators the key columns and their language's.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from conclusions.admin.import_preview import column_language
from conclusions.admin.spreadsheet_import import SpreadsheetImportMixin
from conclusions.languages import LANGUAGE_CODES, language_name
from conclusions.spreadsheets.conclusion_plan import THEMES_COLUMN
from conclusions.spreadsheets.export import EXPORT_FORMATS, conclusion_rows, export_columns
from conclusions.spreadsheets.records import record_rows
from conclusions.spreadsheets.resources import ConclusionResource
from conclusions.spreadsheets.responses import spreadsheet_response
from conclusions.translations.kit import kit_columns, kit_rows

KIT_FORMATS = ("csv", "xlsx")


class SpreadsheetAdminMixin(SpreadsheetImportMixin):
    """Import (the library's, see spreadsheet_import.py), export and kit links for a content model's admin.

    A subclass names its resource (`resource_classes`) and how its model's
    rows are exported (`spreadsheet_export`).
    """

    change_list_template = "admin/conclusions/spreadsheet_change_list.html"

    def url_name(self, action: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{action}"

    def get_urls(self):
        extra = [
            path(
                "export/<str:export_format>/",
                self.admin_site.admin_view(self.export_view),
                name=self.url_name("export"),
            ),
            *self.extra_spreadsheet_urls(),
        ]
        return extra + super().get_urls()

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.export_{self.opts.model_name}")

    def extra_spreadsheet_urls(self) -> list:
        return []

    def export_languages(self, request) -> list[str]:
        """Editors export every language; translators only theirs."""
        languages = self.translation_limit(request)
        return LANGUAGE_CODES if languages is None else languages

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
            "export_formats": EXPORT_FORMATS,
            "export_query": request.GET.urlencode(),
            "import_url_name": f"admin:{self.url_name('import')}",
            "export_url_name": f"admin:{self.url_name('export')}",
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request, export_format: str):
        if not self.has_export_permission(request):
            raise PermissionDenied
        if export_format not in EXPORT_FORMATS:
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        header, rows = self.spreadsheet_export(queryset, self.export_languages(request))
        filename = f"{self.opts.verbose_name_plural.replace(' ', '-')}.{export_format}"
        return spreadsheet_response(export_format, filename, header, rows)


class ConclusionSpreadsheetAdminMixin(SpreadsheetAdminMixin):
    """Conclusions: keyed by meeting and number, one text column per language, themes."""

    resource_classes = [ConclusionResource]

    def spreadsheet_export(self, queryset, languages: list[str]):
        columns = export_columns(languages)
        if len(languages) < len(LANGUAGE_CODES):
            columns.remove(THEMES_COLUMN)  # a translator's export: their columns only
        return columns, conclusion_rows(queryset, columns)

    def extra_spreadsheet_urls(self) -> list:
        kit = path(
            "kit/<str:language>/<str:export_format>/",
            self.admin_site.admin_view(self.kit_view),
            name=self.url_name("kit"),
        )
        return [kit]

    def kit_view(self, request, language: str, export_format: str):
        """The translator kit of the filtered list, for one language."""
        if not self.has_export_permission(request) or language not in self.export_languages(request):
            raise PermissionDenied
        if export_format not in KIT_FORMATS:
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        filename = f"translator-kit-{language}.{export_format}"
        return spreadsheet_response(export_format, filename, kit_columns(language), kit_rows(queryset, language))

    def changelist_view(self, request, extra_context=None):
        kits = self.export_languages(request) if self.has_export_permission(request) else []
        if self.translation_limit(request) is None:
            kits = []  # editors take kits from the translation coverage page, per meeting and language
        extra_context = {
            **(extra_context or {}),
            "kits": [(code, language_name(code)) for code in kits],
            "kit_formats": KIT_FORMATS,
            "kit_url_name": f"admin:{self.url_name('kit')}",
        }
        return super().changelist_view(request, extra_context)


class RecordSpreadsheetAdminMixin(SpreadsheetAdminMixin):
    """Meetings and themes: keyed by slug; the resource's `spec` names their columns."""

    def spreadsheet_export(self, queryset, languages: list[str]):
        spec = self.resource_classes[0].spec
        columns = spec.columns
        if len(languages) < len(LANGUAGE_CODES):
            # A translator's export: the key and their languages' columns only.
            columns = ["slug", *(column for column in spec.text_columns if column_language(column) in languages)]
        return columns, record_rows(spec, queryset, columns)
