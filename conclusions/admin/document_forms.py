"""The forms of "Bring in a document": the file and where it goes, then (hidden) the file kept, then what to create.

1. `DocumentUploadForm`: the file, its language, and either the identifier
   of a new meeting or the meeting it is a translation of.
2. `PendingDocumentForm`: the same choices, hidden, with the file kept in
   storage between preview and confirm (checked again on confirm).
3. `DocumentConfirmForm`: what the editor corrects before confirming: the
   meeting's fields proposed from the heading, the dates of a new meeting,
   and the page furniture to leave out.
"""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conclusions.admin.document_preview import DocumentPreview, furniture_choice
from conclusions.documents.importer import DETAIL_FIELDS
from conclusions.languages import is_right_to_left, language_name
from conclusions.models import Meeting
from conclusions.spreadsheets.files import max_upload_bytes, too_large

CONFIRM_FORM_ID = "document-confirm"
# The name PendingUploads gives a kept file (a uuid's hex): nothing else is read from storage.
PENDING_NAME = re.compile(r"[0-9a-f]{32}")


def unused_slug(slug: str) -> None:
    if Meeting.objects.filter(slug=slug).exists():
        raise forms.ValidationError(_("A meeting with the identifier “%(slug)s” already exists.") % {"slug": slug})


# Identifiers and ISO dates read left to right, on an Arabic page too.
LEFT_TO_RIGHT = {"dir": "ltr"}


def new_meeting_slug_field(**kwargs) -> forms.SlugField:
    return forms.SlugField(
        label=gettext_lazy("Identifier of the new meeting"),
        max_length=80,
        widget=forms.TextInput(attrs=LEFT_TO_RIGHT),
        help_text=gettext_lazy("Used in addresses and files, e.g. “geneva-2016”."),
        validators=[unused_slug],
        **kwargs,
    )


class DocumentDestinationForm(forms.Form):
    """The document's language, and the meeting it is a translation of (none: a new meeting)."""

    language = forms.ChoiceField(label=gettext_lazy("Language of the document"), choices=settings.LANGUAGES)
    translation_of = forms.ModelChoiceField(
        label=gettext_lazy("Or a translation of the meeting"),
        queryset=Meeting.objects.order_by("-start_date", "slug"),
        required=False,
        empty_label=gettext_lazy("— none: a new meeting —"),
        help_text=gettext_lazy(
            "A translation must have the same blocks as the meeting's document, in the same order; "
            "only its texts in the document's language are written."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        meeting, language = cleaned.get("translation_of"), cleaned.get("language")
        if meeting is not None and language == meeting.source_language:
            self.add_error(
                "language",
                _(
                    "%(language)s is the language of the meeting's original: "
                    "a translation is in one of the other languages."
                )
                % {"language": language_name(language)},
            )
        return cleaned


class DocumentUploadForm(DocumentDestinationForm):
    document = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy("Plain text (UTF-8, UTF-16 or GB18030) or a Word document (.docx)."),
    )
    slug = new_meeting_slug_field(required=False)

    field_order = ["document", "language", "slug", "translation_of"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("document")
        if upload is not None and upload.size > max_upload_bytes():
            self.add_error("document", str(too_large(upload.size, max_upload_bytes())))
        translating, slug = cleaned.get("translation_of") is not None, cleaned.get("slug")
        if "slug" in self.errors or "translation_of" in self.errors:
            return cleaned
        if not translating and not slug:
            self.add_error("slug", _("Give the identifier of the new meeting, or choose the meeting translated."))
        elif translating and slug:
            self.add_error(
                "slug", _("A translation goes into the meeting chosen: leave the new meeting's identifier empty.")
            )
        return cleaned


class PendingDocumentForm(DocumentDestinationForm):
    """The upload's choices and the file kept for the confirm, all hidden."""

    pending = forms.RegexField(regex=PENDING_NAME, widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("language", "translation_of"):
            self.fields[name].widget = forms.HiddenInput()


class DocumentConfirmForm(forms.Form):
    """The meeting's fields as the editor corrected them, and the page furniture they leave out."""

    slug = new_meeting_slug_field()
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    document_title = forms.CharField(label=gettext_lazy("Document title"), max_length=300, required=False)
    organizers = forms.CharField(label=gettext_lazy("Organizers"), max_length=300, required=False)
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=300, required=False)
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        widget=forms.DateInput(attrs=LEFT_TO_RIGHT),
        error_messages={"required": gettext_lazy("Give the meeting's start date: the heading does not say it.")},
    )
    end_date = forms.DateField(
        label=gettext_lazy("End date"),
        required=False,
        help_text=gettext_lazy("Left empty: the start date."),
        widget=forms.DateInput(attrs=LEFT_TO_RIGHT),
    )
    leave_out = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Page furniture to leave out"),
        coerce=int,
        required=False,
        # Each box is shown in the list of blocks, beside its line; the attribute ties it to this form.
        widget=forms.CheckboxSelectMultiple(attrs={"form": CONFIRM_FORM_ID}),
    )

    def __init__(self, *args, preview: DocumentPreview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_out"].choices = [furniture_choice(block) for block in preview.furniture]
        for name in DETAIL_FIELDS:
            # Texts in the document's language, whatever the page's: an Arabic title is typed right to left.
            self.fields[name].widget.attrs.update(
                lang=preview.language, dir="rtl" if is_right_to_left(preview.language) else "ltr"
            )
        if preview.meeting is not None:
            # A translation: the meeting exists, with its identifier and dates.
            for name in ("slug", "start_date", "end_date"):
                del self.fields[name]
            for name in DETAIL_FIELDS:
                self.fields[name].label = _("%(field)s (%(language)s)") % {
                    "field": self.fields[name].label,
                    "language": language_name(preview.language),
                }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    @property
    def dates(self):
        start = self.cleaned_data.get("start_date")
        return (start, self.cleaned_data.get("end_date") or start) if start else None

    @property
    def details(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in DETAIL_FIELDS}
