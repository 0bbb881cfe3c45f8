"""A content model's spreadsheets in the admin: the library's import and export, the quick export links, kits.

Import is django-import-export's (spreadsheet_import.py). Export is its
`ExportActionMixin`: the "Export" page (format and columns to choose, the
filtered list) and the "Export selected …" action. The library builds a
whole dataset in memory before writing it; here its `_do_file_export` is
extended to stream the same columns through the resource's `export_rows`
and the format's writer, so a 100,000-row export stays flat in memory.
Translators get the key columns and their language's, whatever they ask for.
The quick links above the list ("Export CSV", …) take the filtered list in
every column the person may have, in one click.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from import_export.admin import ExportActionMixin
from import_export.forms import SelectableFieldsExportForm

from conclusions.admin.import_preview import column_label
from conclusions.admin.spreadsheet_import import SpreadsheetImportMixin
from conclusions.languages import LANGUAGE_CODES, column_language, column_suffix, language_name
from conclusions.spreadsheets.conclusion_plan import THEMES_COLUMN
from conclusions.spreadsheets.formats import FORMATS, FORMATS_BY_NAME
from conclusions.spreadsheets.resources import ConclusionResource
from conclusions.spreadsheets.responses import spreadsheet_response
from conclusions.translations.kit import kit_columns, kit_rows

KIT_FORMATS = ("csv", "xlsx", "ods")


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The library's export form, its column boxes named by what they hold in the editor's language.

    "Text, French (text_fr)", "Venue, French (venue_fr)", "Start date (start_date)",
    not the library's "Text Fr": the column's own name stays beside it, as
    the file will carry it.
    """

    @property
    def media(self):
        return super().media + forms.Media(js=["conclusions/admin-export.js"])

    def _get_field_label(self, resource, field_name: str) -> str:
        model = resource._meta.model
        language = column_language(field_name)
        if field_name == THEMES_COLUMN:
            label = column_label(field_name)
        elif language:
            base = field_name.removesuffix("_" + column_suffix(language))
            label = f"{capfirst(model._meta.get_field(base).verbose_name)}, {language_name(language)}"
        else:
            label = capfirst(model._meta.get_field(field_name).verbose_name)
        return f"{label} ({field_name})"


SELECT_ALL_HANDLER = b' onchange="onSelectToggleChange(event)"'


def without_inline_handler(response):
    """The export page without its one inline event handler (rendered now, or once a TemplateResponse is)."""

    def strip(rendered):
        rendered.content = rendered.content.replace(SELECT_ALL_HANDLER, b"")

    if isinstance(response, TemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(strip)
    elif response.get("Content-Type", "").startswith("text/html"):
        strip(response)
    return response


class SpreadsheetAdminMixin(SpreadsheetImportMixin, ExportActionMixin):
    """Import, export, export of selected rows and quick export links for a content model's admin.

    A subclass names its resource in `resource_classes`.
    """

    change_list_template = "admin/conclusions/spreadsheet_change_list.html"
    export_formats = FORMATS
    export_form_class = SpreadsheetExportForm
    show_change_form_export = False  # a record's own export is its history, and the quick links

    # The library's export page (from the Export link and from the "Export selected" action) ticks and
    # unticks every column from an inline `onchange` attribute, which the site's Content-Security-Policy
    # refuses (Chromium reports it as the page is read): it is taken out, and admin-export.js attaches the
    # library's same handler instead.

    def export_action(self, request):
        return without_inline_handler(super().export_action(request))

    def export_admin_action(self, request, queryset):
        return without_inline_handler(super().export_admin_action(request, queryset))

    def url_name(self, action: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{action}"

    def get_urls(self):
        extra = [
            path(
                "export/<str:export_format>/",
                self.admin_site.admin_view(self.export_file_view),
                name=self.url_name("export_file"),
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

    def get_export_resource_kwargs(self, request, **kwargs) -> dict:
        return {"user": request.user}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
            "export_formats": [format_class.name for format_class in FORMATS],
            "export_query": request.GET.urlencode(),
            "import_url_name": f"admin:{self.url_name('import')}",
            "export_url_name": f"admin:{self.url_name('export')}",
            "export_file_url_name": f"admin:{self.url_name('export_file')}",
        }
        return super().changelist_view(request, extra_context)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """The library's export, streamed: the chosen columns this person may have, row by row."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.choose_export_resource_class(export_form, request)(user=request.user)
        columns = resource.columns_for(request.user, self.get_export_resource_fields_from_form(export_form))
        filename = f"{self.opts.verbose_name_plural.replace(' ', '-')}.{file_format.name}"
        return spreadsheet_response(file_format.name, filename, columns, resource.export_rows(queryset, columns))

    def get_valid_export_item_pks(self, request):
        """The rows a person may pick for "Export selected": those the admin lists for them."""
        return self.get_queryset(request).values_list("pk", flat=True)

    def export_file_view(self, request, export_format: str):
        """A quick link: the filtered list in one format, every column this person may have."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        if export_format not in FORMATS_BY_NAME:
            raise Http404
        queryset = self.get_export_queryset(request)
        return self._do_file_export(FORMATS_BY_NAME[export_format](), request, queryset)


class ConclusionSpreadsheetAdminMixin(SpreadsheetAdminMixin):
    """The blocks of documents: keyed by their address, a position, a label and a text column per language, themes."""

    resource_classes = [ConclusionResource]

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
    """Meetings and themes: keyed by slug; `resource_classes` names MeetingResource or ThemeResource."""
