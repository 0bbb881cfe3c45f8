"""The admin's spreadsheet import on django-import-export's `ImportMixin`: upload, preview, confirm, and the log.

The flow is the library's (`import_action` reads the upload and runs a dry
`import_data`, the preview is its import template, `process_import` imports
the file kept in its temporary storage). It is extended where the library
falls short:

- The format is found from the file itself (name, then content), so a person
  only chooses a file; an "Empty cells clear the stored text" box is added.
- An upload over SPREADSHEET_MAX_UPLOAD_BYTES is refused from its declared
  length, before its body is read; a file that cannot be read gets the
  reader's own message, not the library's "… encountered while trying to
  read file".
- The preview shows each change per row and language, stored and new text
  each in its own `lang`/`dir`, a page of them at most, with counts.
- The file between preview and confirm lives in the default storage
  (`IMPORT_EXPORT_TMP_STORAGE_CLASS`, MediaStorage), which every app server
  can share; the file is imported again on confirm, so what is written
  matches the database as it is then, and problems that appeared meanwhile
  are shown instead of an import.
- A confirmed import leads to its entry in the import log, where it can be
  undone; the library's LogEntry per row is skipped (history records each
  change, with the import as its reason).
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import MediaStorage

from conclusions.admin.import_preview import PREVIEW_ROW_LIMIT, preview_rows
from conclusions.spreadsheets.concurrent_imports import BUSY, plan_digest
from conclusions.spreadsheets.files import (
    EXTENSION_FORMATS,
    SpreadsheetError,
    max_upload_bytes,
    sniff_format,
    too_large,
)
from conclusions.spreadsheets.formats import FORMATS, FORMATS_BY_NAME, reading_upload

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
PENDING_LIFETIME = datetime.timedelta(days=1)


# Set during a confirm by `keep_pending_upload`: its file is still needed (for a new preview's confirm).
_keep_upload: ContextVar[bool] = ContextVar("keep_upload", default=False)


@contextmanager
def pending_upload_kept():
    """The confirm's scope: a file kept for it is removed as usual by the next one."""
    token = _keep_upload.set(False)
    try:
        yield
    finally:
        _keep_upload.reset(token)


def keep_pending_upload() -> None:
    _keep_upload.set(True)


class PendingUploads(MediaStorage):
    """Uploads between preview and confirm, in the default storage; ones never confirmed are removed a day on."""

    def remove(self):
        if not _keep_upload.get():  # the library removes the file after each confirm
            super().remove()

    def save(self, data):
        self.remove_abandoned()
        super().save(data)

    def remove_abandoned(self) -> None:
        cutoff = timezone.now() - PENDING_LIFETIME
        try:
            _folders, names = self._storage.listdir(self.MEDIA_FOLDER)
        except FileNotFoundError:
            return
        for name in names:
            path = f"{self.MEDIA_FOLDER}/{name}"
            if self._storage.get_modified_time(path) < cutoff:
                self._storage.delete(path)


def detected_format(upload) -> int | None:
    """The index in FORMATS of an uploaded file's format, from its extension or else its first bytes."""
    name = EXTENSION_FORMATS.get(PurePath(upload.name).suffix.lower())
    if name is None:
        upload.seek(0)
        name = sniff_format(upload.read(64 * 1024))
        upload.seek(0)
    return FORMATS.index(FORMATS_BY_NAME[name]) if name in FORMATS_BY_NAME else None


class SpreadsheetImportForm(ImportForm):
    """The library's import form: the file, "empty cells clear", and the format found from the file."""

    clear_empty = forms.BooleanField(
        label=gettext_lazy("Empty cells clear the stored text"),
        required=False,
        help_text=gettext_lazy("Leave unticked to keep stored texts where the file has an empty cell."),
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = gettext_lazy("Spreadsheet file")
        self.fields["import_file"].help_text = gettext_lazy(
            "CSV (UTF-8, UTF-16 or GB18030; comma, semicolon or tab), XLSX, ODS or JSON."
        )
        self.fields["import_file"].widget.attrs.pop("class", None)  # no format to guess in the browser
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()

    @property
    def media(self):
        return forms.Media()  # the library's format-guessing script has nothing to do here

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        if upload.size > max_upload_bytes():
            self.add_error("import_file", str(too_large(upload.size, max_upload_bytes())))
            return cleaned
        found = detected_format(upload)
        if found is None:
            self.add_error(
                "import_file",
                _("Unsupported file type “%(extension)s”: upload a CSV, XLSX, ODS or JSON file.")
                % {"extension": PurePath(upload.name).suffix or PurePath(upload.name).name},
            )
        else:
            cleaned["format"] = str(found)
        return cleaned


class SpreadsheetConfirmForm(ConfirmImportForm):
    clear_empty = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # What the preview showed, and when: the confirm writes only the same (see `concurrent_imports`).
    previewed_plan = forms.CharField(required=False, widget=forms.HiddenInput)
    previewed_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_previewed_at(self) -> datetime.datetime | None:
        try:
            return datetime.datetime.fromisoformat(self.cleaned_data["previewed_at"])
        except ValueError:
            return None


def previewed(plan) -> dict:
    """The confirm form's record of a preview: the digest of its plan, and when it was made."""
    return {"previewed_plan": plan_digest(plan), "previewed_at": timezone.now().isoformat()}


class SpreadsheetImportMixin(ImportMixin):
    """The library's admin import, extended as the module says; `resource_classes` names the resource."""

    formats = import_formats = FORMATS
    import_form_class = SpreadsheetImportForm
    confirm_form_class = SpreadsheetConfirmForm
    import_template_name = "admin/conclusions/spreadsheet_import.html"
    skip_admin_log = True
    tmp_storage_class = PendingUploads
    # The project's change list template names the import link for people and adds exports and kits.
    import_export_change_list_template = None

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.import_{self.opts.model_name}")

    def get_import_resource_kwargs(self, request, **kwargs) -> dict:
        return {"user": request.user}

    def get_import_data_kwargs(self, **kwargs) -> dict:
        form = kwargs.pop("form", None)
        kwargs.pop("request", None)
        cleaned = form.cleaned_data if form is not None and form.is_valid() else {}
        return {
            **kwargs,
            "clear_empty": bool(cleaned.get("clear_empty")),
            # Given by a confirm only: the preview's digest and time.
            "previewed_plan": cleaned.get("previewed_plan"),
            "previewed_at": cleaned.get("previewed_at"),
        }

    def process_dataset(self, dataset, form, request, **kwargs):
        """The confirm's import (the library's preview calls `import_data` itself)."""
        result = super().process_dataset(dataset, form, request, **kwargs)
        if result.changed_meanwhile is not None:
            keep_pending_upload()  # the new preview's confirm imports the same file
        return result

    def get_confirm_form_initial(self, request, import_form) -> dict:
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["clear_empty"] = import_form.cleaned_data["clear_empty"]
        return initial

    def get_confirm_form_kwargs(self, request, import_form=None) -> dict:
        # No ids: the upload form on the same page has its own "id_clear_empty", which its label names.
        return {**super().get_confirm_form_kwargs(request, import_form), "auto_id": False}

    def get_tmp_storage_class_kwargs(self) -> dict:
        return {"MEDIA_FOLDER": "conclusion-imports"}

    def write_to_tmp_storage(self, import_file, input_format):
        tmp_storage = self.get_tmp_storage_class()(
            read_mode=input_format.get_read_mode(), **self.get_tmp_storage_class_kwargs()
        )
        tmp_storage.save(b"".join(import_file.chunks()))  # the library adds chunk to chunk, copying each time
        return tmp_storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        """The upload. Marked csrf_exempt only so that an oversized request is refused unread; see below."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if request.method == "POST" and declared > max_upload_bytes() + FORM_OVERHEAD_BYTES:
            # Answered from the declared length: the body is never read, to memory or to disk.
            # (Reading request.POST, as the CSRF check does, would make Django store the whole upload first.)
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": self.create_import_form(request=_EmptyRequest(request)),
                "upload_refused": str(too_large(declared, max_upload_bytes())),
                **self.import_page_context(),
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return csrf_protect(self.previewed_import_action)(request, **kwargs)

    import_action.csrf_exempt = True

    def previewed_import_action(self, request, **kwargs):
        """The library's upload and dry run, its result shown as the project's preview."""
        if request.method == "POST" and request.FILES and not request.POST:
            # The library reads an upload only when other fields come with it, as the browser's hidden ones do;
            # a client that sends the file alone (a script) gets the same preview.
            request.POST = request.POST.copy()
            request.POST["format"] = ""
        upload = request.FILES.get("import_file")
        with reading_upload(PurePath(upload.name).name if upload else ""):
            response = super().import_action(request, **kwargs)
        result = response.context_data.get("result")
        if result is not None:
            response.context_data.update(preview_context(result))
        confirm_form = response.context_data.get("confirm_form")
        if confirm_form is not None:
            confirm_form.initial.update(previewed(result.plan))
        return response

    def get_import_context_data(self, **kwargs) -> dict:
        return {**super().get_import_context_data(**kwargs), **self.import_page_context()}

    def import_page_context(self) -> dict:
        return {
            "import_title": _("Import %(records)s from a spreadsheet") % {"records": self.opts.verbose_name_plural},
            "max_upload_bytes": max_upload_bytes(),
            "spreadsheet_columns": [
                field.column_name for field in self.get_import_resource_classes(None)[0]().get_user_visible_fields()
            ],
            "preview_limit": PREVIEW_ROW_LIMIT,
        }

    def process_import(self, request, **kwargs):
        """The confirm: the kept file imported for real, or its problems shown if the database changed since."""
        upload_page = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        try:
            with reading_upload(PurePath(request.POST.get("original_file_name", "")).name), pending_upload_kept():
                return super().process_import(request, **kwargs)
        except (FileNotFoundError, SpreadsheetError):
            messages.error(request, _("This import has expired or was already confirmed. Upload the file again."))
            return HttpResponseRedirect(upload_page)
        except (OperationalError, IntegrityError):
            # SQLite only: another transaction wrote after this one read (PostgreSQL waits on the import lock).
            messages.error(request, str(BUSY))
            return HttpResponseRedirect(upload_page)

    def process_result(self, result, request):
        if result.has_validation_errors() or result.changed_meanwhile is not None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": self.create_import_form(request=_EmptyRequest(request)),
                "result": result,
                **self.import_page_context(),
                **preview_context(result),
            }
            if result.changed_meanwhile is not None:  # set only for a file without problems
                # The file as it would import now, to be confirmed again.
                confirmed = self.create_confirm_form(request)
                confirmed.is_valid()  # it was: its file was just imported again
                initial = {**confirmed.cleaned_data, **previewed(result.plan)}
                kwargs = {**self.get_confirm_form_kwargs(request), "initial": initial, "data": None}
                context["confirm_form"] = self.confirm_form_class(**kwargs)
                context["changed_meanwhile"] = result.changed_meanwhile
            return TemplateResponse(request, [self.import_template_name], context)
        record = result.spreadsheet_import
        if record is None:
            messages.info(request, _("The file changes nothing: nothing was imported."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        messages.success(
            request,
            _("Imported %(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(refused)s refused.")
            % {
                "file": record.file_name,
                "new": record.created_count,
                "changed": record.changed_count,
                "unchanged": record.unchanged_count,
                "refused": record.refused_count,
            },
        )
        return HttpResponseRedirect(reverse("admin:conclusions_spreadsheetimport_change", args=[record.pk]))


class _EmptyRequest:
    """A request as the import form sees it before anything is posted: a fresh form for another upload."""

    def __init__(self, request):
        self.POST = None
        self.FILES = None
        self.user = request.user


def preview_context(result) -> dict:
    """What the preview template shows of a result: counts, problems, refused rows and a page of changes."""
    plan = result.plan
    return {
        "file_name": PurePath(result.file_name or "").name,
        "plan": plan,
        "counts": plan.counts,
        "problems": [str(problem) for problem in plan.problems],
        "changed_rows": preview_rows(plan),
        "refused_rows": plan.refused_rows[:PREVIEW_ROW_LIMIT],
        "delimiter_name": {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}.get(plan.table.delimiter, ""),
    }
