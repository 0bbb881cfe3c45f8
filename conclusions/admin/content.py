"""What every content model's admin shares: language tabs, history and revert, deleted records, translation status.

Every write the admin makes (the change form and its inline records, the
list's editable columns, delete, revert and restore from the history, the
confirm actions) goes through `conclusions.content`, which keeps history,
translation status, search texts and the content version in step.
"""

from contextlib import nullcontext

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from conclusions.admin.change_forms import ChangeFormMixin
from conclusions.admin.concurrent_edits import ConcurrentEditsForm, RecordLockMixin
from conclusions.admin.history_views import ReadableHistoryAdmin
from conclusions.admin.outdated_panel import PANEL_TITLE, outdated_panel
from conclusions.admin.translators import TranslatorLimitsMixin
from conclusions.content import content_delete, content_save, one_change, translations_confirm
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Conclusion, Meeting
from conclusions.translations.status import MISSING, OUTDATED, pks_with_status

DELETED_LIST_LIMIT = 200
EDITOR_MEDIA_CSS = {"all": ("conclusions/admin-translations.css",)}


class ContentForm(ConcurrentEditsForm, forms.ModelForm):
    # What the history records as the reason for this save: empty for a person's edit; a revert sets its own.
    change_reason = ""

    minor_edit = forms.BooleanField(
        label=_("Minor edit of the original"),
        required=False,
        help_text=_(
            "A typo or layout fix in the source-language text: translations stay current. "
            "Leave unticked when the meaning changed, so that translators see their translation as outdated."
        ),
    )


def confirm_translations_action(language: str, name: str):
    def confirm(modeladmin, request, queryset):
        instances = queryset.select_related("meeting") if queryset.model is Conclusion else queryset
        confirmed = translations_confirm(instances, language=language)
        modeladmin.message_user(
            request, _("%(count)s outdated translations confirmed as current.") % {"count": confirmed}
        )

    confirm.__name__ = f"confirm_{language.replace('-', '_')}"
    confirm.short_description = format_lazy(_("Confirm the {language} translations as current"), language=name)
    confirm.allowed_permissions = ("change",)
    return confirm


class ContentAdmin(
    RecordLockMixin, ChangeFormMixin, TranslatorLimitsMixin, ReadableHistoryAdmin, TabbedTranslationAdmin
):
    """Language tabs, history with revert, deleted records, and translation status, for a content model."""

    form = ContentForm
    readonly_fields = ["source_changes"]
    actions = [confirm_translations_action(code, name) for code, name in settings.LANGUAGES]

    class Media:
        css = EDITOR_MEDIA_CSS

    @admin.display(description=PANEL_TITLE)
    def source_changes(self, obj):
        return outdated_panel(obj)

    def save_model(self, request, obj, form, change):
        # The change form, the list's editable columns, and revert or restore from the history.
        content_save(
            [obj],
            user=request.user,
            reason=getattr(form, "change_reason", ""),
            minor=form.cleaned_data.get("minor_edit", False),
        )

    def save_formset(self, request, form, formset, change):
        """Inline records, saved and deleted with everything derived from them."""
        instances = formset.save(commit=False)
        content_delete(formset.deleted_objects, user=request.user)
        content_save(instances, user=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        content_delete([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        content_delete(queryset, user=request.user)

    # What one request posts is one change (a record with its inline records, a revert with its
    # themes, the rows of the list's editable columns): one transaction, one content version.

    # A posted form reads and writes its record under the record's row lock (see `concurrent_edits`).

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with one_change():
            if object_id is not None:
                self.lock_record(object_id)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        with one_change():
            self.lock_record(object_id)
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_deleted",
        )
        return [deleted, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "deleted_url_name": f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted",
            "can_restore": self.has_full_change_permission(request),
        }
        # The list's editable columns and the actions (delete, confirm) post here.
        with one_change() if request.method == "POST" else nullcontext():
            return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        """Records deleted and not restored, newest first; their history page restores them."""
        if not self.has_full_change_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        deletions = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=self.model.objects.values("pk"))
            .order_by("-history_date")[:DELETED_LIST_LIMIT]
        )
        deletions = list(deletions)
        meetings = meetings_of(deletions)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "deletions": [
                {
                    "label": deleted_label(deletion, meetings),
                    "date": deletion.history_date,
                    "user": deletion.history_user,
                    "history_url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[deletion.id]
                    ),
                }
                for deletion in deletions
            ],
        }
        return TemplateResponse(request, "admin/conclusions/deleted_list.html", context)


def meetings_of(deletions: list) -> dict[int, Meeting]:
    """The meetings of deleted blocks, in one query (a deleted meeting's blocks have none)."""
    ids = {deletion.meeting_id for deletion in deletions if hasattr(deletion, "meeting_id")}
    return Meeting.objects.in_bulk(ids) if ids else {}


def deleted_label(deletion, meetings: dict[int, Meeting]) -> str:
    """How a deleted record was known: its slug, or its meeting and how a citation names the block."""
    if hasattr(deletion, "slug"):
        return deletion.slug
    block = deletion.instance
    meeting = meetings.get(deletion.meeting_id)
    if meeting is None:
        return _("%(meeting)s, %(block)s") % {"meeting": "?", "block": block.get_kind_display()}
    block.meeting = meeting
    return str(block)


class TranslationStatusFilter(admin.SimpleListFilter):
    """Records whose translation into a language is missing, or outdated since the source changed.

    A record's status is that of its counted fields (`status.COUNTED_FIELDS`):
    a block's is its text's, as the coverage page counts it.
    """

    title = _("translation")
    parameter_name = "translation"
    fields: tuple[str, ...] | None = None  # the record's counted fields
    status_labels = ((MISSING, _("missing in %(language)s")), (OUTDATED, _("outdated in %(language)s")))

    def lookups(self, request, model_admin):
        return [
            (f"{status}:{code}", label % {"language": name})
            for status, label in self.status_labels
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        status, _sep, language = (self.value() or "").partition(":")
        if status not in (MISSING, OUTDATED) or language not in LANGUAGE_CODES:
            return queryset
        return queryset.filter(pk__in=pks_with_status(queryset, language, status, self.fields))


class LabelStatusFilter(TranslationStatusFilter):
    """Blocks whose label, printed in the original, is missing or outdated in a language."""

    title = _("label translation")
    parameter_name = "label_status"
    fields = ("label",)
    status_labels = ((MISSING, _("label missing in %(language)s")), (OUTDATED, _("label outdated in %(language)s")))
