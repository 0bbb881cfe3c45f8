"""The admin's spreadsheet import (upload, preview, confirm) and export of the filtered list, for any content model.

Between preview and confirm the uploaded file is kept in the default storage
(MEDIA_ROOT, or whatever STORAGES["default"] names in production), which
every app server can read: a confirm that reaches another server behind a
load balancer still finds it. The file is planned again on confirm, so what
is written matches the database as it is then.
"""

import datetime
import re
import uuid
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect

from conclusions.languages import LANGUAGE_CODES, column_suffix, language_name
from conclusions.models import Theme
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import KNOWN_COLUMNS, THEMES_COLUMN, plan_conclusion_import
from conclusions.spreadsheets.export import EXPORT_FORMATS, conclusion_rows, export_columns
from conclusions.spreadsheets.files import (
    EXTENSION_FORMATS,
    SpreadsheetError,
    max_upload_bytes,
    read_table,
    read_table_from_file,
    too_large,
)
from conclusions.spreadsheets.records import apply_record_import, plan_record_import, record_rows
from conclusions.spreadsheets.responses import spreadsheet_response
from conclusions.translations.access import paragraph_source_language, refuse_other_columns
from conclusions.translations.kit import kit_columns, kit_rows
from conclusions.translations.status import source_language_of

PENDING_FOLDER = "conclusion-imports"
PENDING_NAME = re.compile(rf"^{PENDING_FOLDER}/[0-9a-f]{{32}}\.(csv|tsv|txt|xlsx|ods|json)$")
PENDING_LIFETIME = datetime.timedelta(days=1)
PREVIEW_ROW_LIMIT = 500
KIT_FORMATS = ("csv", "xlsx")
# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        help_text=gettext_lazy("CSV (UTF-8, UTF-16 or GB18030; comma, semicolon or tab), XLSX, ODS or JSON."),
    )
    clear_empty = forms.BooleanField(
        label=gettext_lazy("Empty cells clear the stored text"),
        required=False,
        help_text=gettext_lazy("Leave unticked to keep stored texts where the file has an empty cell."),
    )


class ConfirmForm(forms.Form):
    pending = forms.RegexField(regex=PENDING_NAME, widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    clear_empty = forms.BooleanField(required=False, widget=forms.HiddenInput)


def remove_abandoned_uploads() -> None:
    """Delete files whose preview was never confirmed, a day on: they hold texts nobody asked to keep."""
    cutoff = timezone.now() - PENDING_LIFETIME
    try:
        _folders, names = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        if PENDING_NAME.match(path) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def column_language(column: str) -> str | None:
    """The language of a translated column ("title_zh_hans" -> "zh-hans"), or None."""
    return next((code for code in LANGUAGE_CODES if column.endswith("_" + column_suffix(code))), None)


def column_label(column: str) -> str:
    if column == THEMES_COLUMN:
        return _("Themes")
    language = column_language(column)
    return language_name(language) if language else column.replace("_", " ")


def describe_value(column: str, value, theme_slugs: dict[int, str]) -> str:
    if column == THEMES_COLUMN:
        return ", ".join(sorted(theme_slugs[pk] for pk in value))
    return str(value) if value not in (None, "") else ""


def preview_rows(plan) -> list[dict]:
    """The rows that change, each change with its language, kind, and old and new values."""
    theme_slugs = dict(Theme.objects.values_list("id", "slug"))
    shown = []
    for row in plan.rows:
        if not row.changes:
            continue
        shown.append(
            {
                "row": row.row,
                "label": row.label,
                "status": row.status,
                "changes": [
                    {
                        "column": change.column,
                        "label": column_label(change.column),
                        # Texts keep their own language and direction, whatever the admin's.
                        "language": column_language(change.column) or "en",
                        "direction": "rtl" if column_language(change.column) == "ar" else "ltr",
                        "kind": change.kind,
                        "old": describe_value(change.column, change.old, theme_slugs),
                        "new": describe_value(change.column, change.new, theme_slugs),
                    }
                    for change in row.changes
                ],
            }
        )
        if len(shown) == PREVIEW_ROW_LIMIT:
            break
    return shown


class SpreadsheetAdminMixin:
    """Import and export buttons for a content model's admin, guarded by their own permissions.

    A subclass says how its model's tables are planned, applied and exported
    (`spreadsheet_plan`, `spreadsheet_apply`, `spreadsheet_export`).
    """

    change_list_template = "admin/conclusions/spreadsheet_change_list.html"
    import_template = "admin/conclusions/spreadsheet_import.html"

    def url_name(self, action: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{action}"

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name=self.url_name("import")),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name=self.url_name("import_confirm"),
            ),
            path(
                "export/<str:export_format>/",
                self.admin_site.admin_view(self.export_view),
                name=self.url_name("export"),
            ),
            *self.extra_spreadsheet_urls(),
        ]
        return extra + super().get_urls()

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.import_{self.opts.model_name}")

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.export_{self.opts.model_name}")

    def extra_spreadsheet_urls(self) -> list:
        return []

    def planned_import(self, request, table, *, clear_empty: bool):
        """The plan of an upload; a translator's is refused if it changes anything but their translations."""
        plan = self.spreadsheet_plan(table, clear_empty=clear_empty)
        languages = self.translation_limit(request)
        if languages is not None and not plan.file_problems:
            refuse_other_columns(plan, self.model, languages, self.row_source_language())
        return plan

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

    def import_view(self, request):
        """The upload. Marked csrf_exempt only so that an oversized request is refused unread; see below."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if request.method == "POST" and declared > max_upload_bytes() + FORM_OVERHEAD_BYTES:
            # Answered from the declared length: the body is never read, to
            # memory or to disk. (Reading request.POST, as the CSRF check
            # does, would make Django store the whole upload first.)
            context = {"form": ImportForm(), "upload_refused": str(too_large(declared, max_upload_bytes()))}
            return TemplateResponse(request, self.import_template, self.admin_context(request, context))
        return csrf_protect(self.checked_import_view)(request)

    import_view.csrf_exempt = True

    def checked_import_view(self, request):
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            file_name = PurePath(upload.name).name
            try:
                # Refused on its declared size, before the content is read.
                table = read_table_from_file(upload, filename=file_name, size=upload.size)
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                plan = self.planned_import(request, table, clear_empty=form.cleaned_data["clear_empty"])
                context.update(self.preview_context(plan))
                if plan.is_valid:
                    upload.seek(0)
                    suffix = PurePath(file_name).suffix.lower() or f".{table.format}"
                    if suffix not in EXTENSION_FORMATS:
                        suffix = f".{table.format}"
                    remove_abandoned_uploads()
                    pending = default_storage.save(
                        f"{PENDING_FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(upload.read())
                    )
                    context["confirm_form"] = ConfirmForm(
                        initial={
                            "pending": pending,
                            "file_name": file_name,
                            "clear_empty": form.cleaned_data["clear_empty"],
                        },
                        # No ids: the upload form below has its own "id_clear_empty", the checkbox its label names.
                        auto_id=False,
                    )
                context["file_name"] = file_name
        return TemplateResponse(request, self.import_template, self.admin_context(request, context))

    def preview_context(self, plan) -> dict:
        return {
            "plan": plan,
            "counts": plan.counts,
            "problems": [str(problem) for problem in plan.problems],
            "changed_rows": preview_rows(plan),
            "refused_rows": plan.refused_rows[:PREVIEW_ROW_LIMIT] if hasattr(plan, "refused_rows") else [],
            "preview_limit": PREVIEW_ROW_LIMIT,
            "delimiter_name": {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(plan.table.delimiter, ""),
        }

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse(f"admin:{self.url_name('import')}"))
        form = ConfirmForm(request.POST)
        if not form.is_valid() or not default_storage.exists(form.cleaned_data["pending"]):
            messages.error(request, _("This import has expired or was already confirmed. Upload the file again."))
            return HttpResponseRedirect(reverse(f"admin:{self.url_name('import')}"))
        pending = form.cleaned_data["pending"]
        file_name = form.cleaned_data["file_name"]
        with default_storage.open(pending, "rb") as stored:
            data = stored.read()
        try:
            table = read_table(data, filename=pending)
        except SpreadsheetError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse(f"admin:{self.url_name('import')}"))
        plan = self.planned_import(request, table, clear_empty=form.cleaned_data["clear_empty"])
        if not plan.is_valid:
            # The database changed since the preview: show the new problems.
            context = {"form": ImportForm(), "file_name": file_name, **self.preview_context(plan)}
            return TemplateResponse(request, self.import_template, self.admin_context(request, context))
        record = self.spreadsheet_apply(plan, file_name=file_name, user=request.user)
        default_storage.delete(pending)
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(refused)s refused.")
            % {
                "file": file_name,
                "new": record.created_count,
                "changed": record.changed_count,
                "unchanged": record.unchanged_count,
                "refused": record.refused_count,
            },
        )
        return HttpResponseRedirect(reverse("admin:conclusions_spreadsheetimport_change", args=[record.pk]))

    def export_view(self, request, export_format: str):
        if not self.has_export_permission(request):
            raise PermissionDenied
        if export_format not in EXPORT_FORMATS:
            raise Http404
        queryset = self.get_changelist_instance(request).get_queryset(request)
        header, rows = self.spreadsheet_export(queryset, self.export_languages(request))
        filename = f"{self.opts.verbose_name_plural.replace(' ', '-')}.{export_format}"
        return spreadsheet_response(export_format, filename, header, rows)

    def admin_context(self, request, context: dict) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %(records)s from a spreadsheet") % {"records": self.opts.verbose_name_plural},
            "max_upload_bytes": max_upload_bytes(),
            "spreadsheet_columns": self.spreadsheet_columns(),
            "confirm_url_name": f"admin:{self.url_name('import_confirm')}",
            **context,
        }


class ConclusionSpreadsheetAdminMixin(SpreadsheetAdminMixin):
    """Conclusions: keyed by meeting and number, one text column per language, themes."""

    def spreadsheet_columns(self) -> list[str]:
        return list(KNOWN_COLUMNS)

    def spreadsheet_plan(self, table, *, clear_empty: bool):
        return plan_conclusion_import(table, clear_empty=clear_empty)

    def spreadsheet_apply(self, plan, *, file_name: str, user):
        return apply_conclusion_import(plan, file_name=file_name, user=user)

    def row_source_language(self):
        return paragraph_source_language()

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
    """Meetings and themes: keyed by slug; `spreadsheet_spec` names their columns."""

    spreadsheet_spec = None

    def spreadsheet_columns(self) -> list[str]:
        return self.spreadsheet_spec.columns

    def spreadsheet_plan(self, table, *, clear_empty: bool):
        return plan_record_import(self.spreadsheet_spec, table, clear_empty=clear_empty)

    def spreadsheet_apply(self, plan, *, file_name: str, user):
        return apply_record_import(self.spreadsheet_spec, plan, file_name=file_name, user=user)

    def row_source_language(self):
        return lambda row: source_language_of(row.record)

    def spreadsheet_export(self, queryset, languages: list[str]):
        spec = self.spreadsheet_spec
        columns = spec.columns
        if len(languages) < len(LANGUAGE_CODES):
            # A translator's export: the key and their languages' columns only.
            columns = ["slug", *(column for column in spec.text_columns if column_language(column) in languages)]
        return columns, record_rows(spec, queryset, columns)
