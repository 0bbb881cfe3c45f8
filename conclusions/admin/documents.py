"""Bring in a document: an editor uploads an outcome document (text or Word), sees its structure, confirms.

The page reads the file with the same reader as `import_document`
(`documents.reading`) and shows every block found, with its kind, its line
and its first words, and what the meeting would hold. Confirming creates a
draft meeting in the document's language, through `documents.importer`
(one change, with history and search texts). A document with what a meeting
cannot hold yet is shown in full but cannot be confirmed: the reason names
each kind and its lines. The file waits between preview and confirm in the
default storage every app server shares, as a spreadsheet import's does.
"""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from conclusions.admin.spreadsheet_import import PendingUploads
from conclusions.documents.dates import meeting_dates
from conclusions.documents.importer import document_import
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.documents.structure import Kind
from conclusions.documents.text_decoding import DocumentError
from conclusions.languages import is_right_to_left, language_name
from conclusions.models import Meeting
from conclusions.spreadsheets.files import max_upload_bytes, too_large

PENDING_FOLDER = "document-imports"
EXCERPT_CHARACTERS = 120
SHOWN_BLOCKS = 1000

KIND_NAMES = {
    Kind.HEADING: gettext_lazy("heading line"),
    Kind.PREAMBLE: gettext_lazy("preamble"),
    Kind.PART: gettext_lazy("part"),
    Kind.SECTION: gettext_lazy("section heading"),
    Kind.PARAGRAPH: gettext_lazy("paragraph"),
    Kind.UNNUMBERED: gettext_lazy("unnumbered paragraph"),
    Kind.ITEM: gettext_lazy("sub-item"),
    Kind.CLOSING: gettext_lazy("closing line"),
    Kind.FOOTNOTE: gettext_lazy("footnote"),
    Kind.FURNITURE: gettext_lazy("page furniture"),
}


class DocumentUploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy("Plain text (UTF-8, UTF-16 or GB18030) or a Word document (.docx)."),
        required=False,
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the document"), choices=settings.LANGUAGES)
    slug = forms.SlugField(
        label=gettext_lazy("Identifier of the new meeting"),
        max_length=80,
        help_text=gettext_lazy("Used in addresses and files, e.g. “geneva-2016”."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        required=False,
        help_text=gettext_lazy("Leave empty to take it from the document's heading."),
    )
    end_date = forms.DateField(label=gettext_lazy("End date"), required=False)
    pending = forms.CharField(widget=forms.HiddenInput, required=False)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Meeting.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A meeting with the identifier “%(slug)s” already exists.") % {"slug": slug})
        return slug

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("document")
        if upload is None and not cleaned.get("pending"):
            self.add_error("document", _("Choose a file."))
        elif upload is not None and upload.size > max_upload_bytes():
            self.add_error("document", str(too_large(upload.size, max_upload_bytes())))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class DocumentImportMixin:
    """The "Bring in a document" page of the meetings' admin."""

    document_template = "admin/conclusions/document_import.html"

    def document_urls(self) -> list:
        view = self.admin_site.admin_view(self.document_view)
        return [path("document/", view, name=f"{self.opts.app_label}_{self.opts.model_name}_document")]

    def document_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        if request.method == "POST" and form.is_valid():
            try:
                data, name = self.document_bytes(form)
            except FileNotFoundError:
                form.add_error("document", _("This preview has expired. Choose the file again."))
                return TemplateResponse(request, self.document_template, context)
            if "confirm" in request.POST:
                return self.confirm(request, form, context, data, name)
            context.update(self.preview(form, data, name))
        return TemplateResponse(request, self.document_template, context)

    def document_bytes(self, form) -> tuple[bytes, str]:
        upload = form.cleaned_data.get("document")
        if upload is not None:
            return upload.read(), PurePath(upload.name).name
        pending = PendingUploads(name=form.cleaned_data["pending"], MEDIA_FOLDER=PENDING_FOLDER)
        return pending.read(), form.cleaned_data["file_name"]

    def preview(self, form, data: bytes, name: str) -> dict:
        """The structure found, what a meeting would hold of it, and a file kept for the confirm if it can be."""
        language = form.cleaned_data["language"]
        try:
            structure = read_document(data, name)
        except DocumentError as error:
            form.add_error("document", str(error))
            return {}
        shown = [
            {
                "line": block.line,
                "kind": KIND_NAMES[block.kind],
                "label": block.marker.strip(),
                "text": block.text[:EXCERPT_CHARACTERS] + ("…" if len(block.text) > EXCERPT_CHARACTERS else ""),
                "css": block.kind.value,
            }
            for block in structure.blocks[:SHOWN_BLOCKS]
        ]
        context = {
            # Isolated, so that a Latin file name keeps its order on an Arabic page.
            "file_name": format_html("<bdi>{}</bdi>", name),
            "encoding": structure.encoding,
            "blocks": shown,
            "more_blocks": max(0, len(structure.blocks) - SHOWN_BLOCKS),
            "counts": [(KIND_NAMES[kind], count) for kind, count in structure.counts().items() if count],
            "text_language": language,
            "text_direction": "rtl" if is_right_to_left(language) else "ltr",
            "language_name": language_name(language),
        }
        try:
            document = outcome_document_of(structure)
        except DocumentError as error:
            context["refusal"] = str(error)
            return context
        dates = self.meeting_dates(form, document.heading)
        if dates is None:
            context["refusal"] = _("No meeting dates were found in the document's heading: give the start date.")
            return context
        pending = PendingUploads(MEDIA_FOLDER=PENDING_FOLDER)
        pending.save(data)
        context["confirm_form"] = DocumentUploadForm(
            initial={
                **{key: form.cleaned_data[key] for key in ("language", "slug", "title")},
                "start_date": dates[0],
                "end_date": dates[1],
                "pending": pending.name,
                "file_name": name,
            }
        )
        context["dates"] = dates
        context["storable"] = document
        return context

    def meeting_dates(self, form, heading: list[str]):
        data = form.cleaned_data
        return meeting_dates(heading, data["language"], data.get("start_date"), data.get("end_date"))

    def confirm(self, request, form, context, data: bytes, name: str):
        try:
            document = outcome_document_of(read_document(data, name))
            dates = self.meeting_dates(form, document.heading)
            report = document_import(
                document=document,
                slug=form.cleaned_data["slug"],
                language=form.cleaned_data["language"],
                title=form.cleaned_data["title"],
                dates=dates,
                replace=False,
                user=request.user,
            )
        except DocumentError as error:
            form.add_error(None, str(error))
            return TemplateResponse(request, self.document_template, context)
        PendingUploads(name=form.cleaned_data["pending"], MEDIA_FOLDER=PENDING_FOLDER).remove()
        messages.success(
            request,
            ngettext(
                "Brought in “%(file)s” as the draft meeting “%(slug)s”: %(count)s block. "
                "Complete its details and publish it when ready.",
                "Brought in “%(file)s” as the draft meeting “%(slug)s”: %(count)s blocks. "
                "Complete its details and publish it when ready.",
                len(document.blocks),
            )
            % {"file": name, "slug": report.meeting.slug, "count": len(document.blocks)},
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.meeting.pk])
        )
