"""Bring in a document: an editor uploads an outcome document (text or Word), sees its structure, confirms.

Upload: the file, its language, and a new meeting's identifier or the
meeting it translates. Preview (`document_preview`): every block found, and
either the new meeting's fields proposed from the heading, its dates and
the page furniture to leave out, or whether a translation matches the
meeting block by block. Confirm: the file, kept meanwhile in the default
storage every app server shares (as a spreadsheet import's is), is read
again and written through `documents.importer` (one change, all or
nothing, with history and search texts): a draft meeting in the document's
language, or that language's texts and labels of the meeting translated.
"""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conclusions.admin.document_forms import DocumentConfirmForm, DocumentUploadForm, PendingDocumentForm
from conclusions.admin.document_preview import DocumentPreview, preview_document
from conclusions.admin.spreadsheet_import import PendingUploads
from conclusions.documents.importer import document_import
from conclusions.documents.storable import outcome_document_of
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import is_right_to_left, language_name

PENDING_FOLDER = "document-imports"


class DocumentImportMixin:
    """The "Bring in a document" page of the meetings' admin."""

    document_template = "admin/conclusions/document_import.html"

    def document_urls(self) -> list:
        view = self.admin_site.admin_view(self.document_view)
        return [path("document/", view, name=f"{self.opts.app_label}_{self.opts.model_name}_document")]

    def document_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self.document_confirm(request)
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        context = self.document_context(request, form)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            data, name = upload.read(), PurePath(upload.name).name
            try:
                preview = preview_document(
                    data, name, language=form.cleaned_data["language"], meeting=form.cleaned_data["translation_of"]
                )
            except DocumentError as error:
                form.add_error("document", str(error))
            else:
                context.update(self.preview_context(preview, form.cleaned_data, data))
        return TemplateResponse(request, self.document_template, context)

    def document_context(self, request, form, *, problem: str = "") -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "form": form, "problem": problem}

    def preview_context(self, preview: DocumentPreview, choices: dict, data: bytes) -> dict:
        """The preview, and the forms to confirm it with if it can be (the file kept for them)."""
        if not preview.importable:
            return {"preview": preview_shown(preview)}
        pending = PendingUploads(MEDIA_FOLDER=PENDING_FOLDER)
        pending.save(data)
        start, end = preview.details.dates or (None, None)
        confirm_form = DocumentConfirmForm(
            preview=preview,
            initial={"slug": choices.get("slug"), **preview.proposed_details(), "start_date": start, "end_date": end},
        )
        pending_form = PendingDocumentForm(
            initial={
                "language": preview.language,
                "translation_of": choices["translation_of"],
                "pending": pending.name,
                "file_name": preview.name,
            }
        )
        return {
            "preview": preview_shown(preview, confirm_form),
            "pending_form": pending_form,
            "confirm_form": confirm_form,
        }

    def document_confirm(self, request):
        """Read the kept file again and write it, or show the preview again with what stopped it."""
        pending_form = PendingDocumentForm(request.POST)
        upload_form = DocumentUploadForm()
        if not pending_form.is_valid():
            problem = _("This preview has expired or was changed. Choose the file again.")
            return TemplateResponse(
                request, self.document_template, self.document_context(request, upload_form, problem=problem)
            )
        choices = pending_form.cleaned_data
        pending = PendingUploads(name=choices["pending"], MEDIA_FOLDER=PENDING_FOLDER)
        try:
            preview = preview_document(
                pending.read(), choices["file_name"], language=choices["language"], meeting=choices["translation_of"]
            )
        except (FileNotFoundError, DocumentError):
            problem = _("This preview has expired. Choose the file again.")
            return TemplateResponse(
                request, self.document_template, self.document_context(request, upload_form, problem=problem)
            )
        confirm_form = DocumentConfirmForm(request.POST, preview=preview)
        if preview.importable and confirm_form.is_valid():
            try:
                report = self.write_document(request, preview, confirm_form)
            except DocumentError as error:
                confirm_form.add_error(None, str(error))
            else:
                pending.remove()
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.meeting.pk])
                )
        context = self.document_context(request, upload_form)
        context.update(
            preview=preview_shown(preview, confirm_form if preview.importable else None),
            pending_form=pending_form,
            confirm_form=confirm_form if preview.importable else None,
        )
        return TemplateResponse(request, self.document_template, context)

    def write_document(self, request, preview: DocumentPreview, confirm_form: DocumentConfirmForm):
        """The import itself, and the message that says what it did."""
        cleaned = confirm_form.cleaned_data
        document = outcome_document_of(preview.structure, leave_out=cleaned["leave_out"])
        meeting = preview.meeting
        report = document_import(
            document=document,
            slug=meeting.slug if meeting else cleaned["slug"],
            language=preview.language,
            title=cleaned["title"],
            dates=None if meeting else confirm_form.dates,
            replace=meeting is not None,
            details=confirm_form.details,
            user=request.user,
            file_name=preview.name,
        )
        if meeting is None:
            message = ngettext(
                "Brought in “%(file)s” as the draft meeting “%(slug)s”: %(count)s block. "
                "Complete its details and publish it when ready.",
                "Brought in “%(file)s” as the draft meeting “%(slug)s”: %(count)s blocks. "
                "Complete its details and publish it when ready.",
                len(document.blocks),
            )
        else:
            message = ngettext(
                "Brought in “%(file)s” as the %(language)s text of “%(slug)s”: %(changed)s of its %(count)s block "
                "changed.",
                "Brought in “%(file)s” as the %(language)s text of “%(slug)s”: %(changed)s of its %(count)s blocks "
                "changed.",
                len(document.blocks),
            )
        messages.success(
            request,
            message
            % {
                "file": preview.name,
                "slug": report.meeting.slug,
                "count": len(document.blocks),
                "changed": len(report.updated),
                "language": language_name(preview.language),
            },
        )
        if left_out := len(document.left_out):
            messages.info(
                request,
                ngettext(
                    "%(count)s line of page furniture was left out, as you chose.",
                    "%(count)s lines of page furniture were left out, as you chose.",
                    left_out,
                )
                % {"count": left_out},
            )
        return report


def preview_shown(preview: DocumentPreview, confirm_form: DocumentConfirmForm | None = None) -> dict:
    """What the template shows of a preview: each row with its box to leave it out, if it is page furniture."""
    language = preview.language
    sources = preview.detail_sources()
    boxes = {int(box.data["value"]): box for box in confirm_form["leave_out"]} if confirm_form else {}
    return {
        "object": preview,
        # Isolated, so that a Latin file name keeps its order on an Arabic page.
        "file_name": format_html("<bdi>{}</bdi>", preview.name),
        "rows": [(row, boxes.get(row.line) if row.is_furniture else None) for row in preview.rows()],
        "counts": preview.counts(),
        "parts": preview.structure.parts,
        "language": language,
        "direction": "rtl" if is_right_to_left(language) else "ltr",
        "language_name": language_name(language),
        # The confirm form's visible fields, each with where its proposed value came from.
        "detail_rows": (
            [
                (field, sources.get(field.name, ""))
                for field in confirm_form.visible_fields()
                if field.name != "leave_out"
            ]
            if confirm_form
            else []
        ),
        "furniture_count": len(preview.furniture),
    }
