"""The editors' admin: translated fields in language tabs, history and undo, spreadsheet import/export."""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from modeltranslation.utils import get_translation_fields
from simple_history.admin import SimpleHistoryAdmin

from .admin_spreadsheets import ConclusionSpreadsheetAdminMixin, RecordSpreadsheetAdminMixin
from .conclusion_import_apply import ImportUndoError, undo_conclusion_import
from .languages import LANGUAGE_CODES, language_name, translated_column
from .models import Conclusion, Meeting, SpreadsheetImport, Theme
from .record_spreadsheets import MEETINGS, RECORD_SPECS, THEMES, undo_record_import
from .translation_status import (
    CURRENT,
    MISSING,
    OUTDATED,
    TRACKED_FIELDS,
    confirm_translation,
    outdated_translations,
    pks_with_status,
    translation_statuses,
)

TOUCHED_LINK_LIMIT = 200
DELETED_LIST_LIMIT = 200
EDITOR_MEDIA_CSS = {"all": ("conclusions/admin-translations.css",)}

IMPORTED_MODELS = {"conclusion": Conclusion, "meeting": Meeting, "theme": Theme}

admin.site.site_header = _("Outcome documents: editors")
admin.site.site_title = _("Outcome documents")
admin.site.index_title = _("Texts, translations and themes")


class ContentForm(forms.ModelForm):
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
        confirmed = 0
        instances = list(queryset.select_related("meeting") if queryset.model is Conclusion else queryset)
        for field in TRACKED_FIELDS[queryset.model]:
            statuses = translation_statuses(instances, field)
            for instance in instances:
                if statuses[(instance.pk, language)] == OUTDATED:
                    confirm_translation(instance, field, language)
                    confirmed += 1
        modeladmin.message_user(
            request, _("%(count)s outdated translations confirmed as current.") % {"count": confirmed}
        )

    confirm.__name__ = f"confirm_{language.replace('-', '_')}"
    confirm.short_description = format_lazy(_("Confirm the {language} translations as current"), language=name)
    confirm.allowed_permissions = ("change",)
    return confirm


class ContentAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Language tabs, history with revert, deleted records, and translation status, for a content model."""

    form = ContentForm
    readonly_fields = ["source_changes"]
    actions = [confirm_translations_action(code, name) for code, name in settings.LANGUAGES]

    class Media:
        css = EDITOR_MEDIA_CSS

    @admin.display(description=_("Outdated translations"))
    def source_changes(self, obj):
        """Each outdated translation: the source as it is now, and what changed in it since."""
        items = outdated_translations(obj) if obj and obj.pk else []
        if not items:
            return _("None: every translation is current or still missing.")
        return format_html_join(
            "",
            '<div class="outdated-translation"><p><strong>{} · {}</strong></p>'
            '<p class="help">{}</p><div class="source-diff" lang="{}">{}</div>'
            '<p class="help">{}</p><div class="source-now" lang="{}">{}</div></div>',
            (
                (
                    language_name(item["language"]),
                    self.model._meta.get_field(item["field"]).verbose_name,
                    _("What changed in the original since this translation was made:"),
                    item["source_language"],
                    mark_safe(item["diff"])
                    if item["diff"]
                    else _("(the earlier version is not in the history)"),  # built from escaped text
                    _("The original now:"),
                    item["source_language"],
                    item["source_now"],
                )
                for item in items
            ),
        )

    def save_model(self, request, obj, form, change):
        # Read by translation_status when the save is recorded.
        obj._minor_edit = form.cleaned_data.get("minor_edit", False)
        super().save_model(request, obj, form, change)

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
            "can_restore": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        """Records deleted and not restored, newest first; their history page restores them."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        deletions = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=self.model.objects.values("pk"))
            .order_by("-history_date")[:DELETED_LIST_LIMIT]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted %(records)s") % {"records": self.opts.verbose_name_plural},
            "deletions": [
                {
                    "label": deleted_label(deletion),
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


def deleted_label(deletion) -> str:
    """How a deleted record was known: its slug, or its meeting and number."""
    if hasattr(deletion, "slug"):
        return deletion.slug
    meeting = Meeting.objects.filter(pk=deletion.meeting_id).values_list("slug", flat=True).first()
    return _("%(meeting)s, paragraph %(number)s") % {"meeting": meeting or "?", "number": deletion.number}


class TranslationStatusFilter(admin.SimpleListFilter):
    """Records whose translation into a language is missing, or outdated since the source changed."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            (f"{status}:{code}", label % {"language": name})
            for status, label in ((MISSING, _("missing in %(language)s")), (OUTDATED, _("outdated in %(language)s")))
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        status, _sep, language = (self.value() or "").partition(":")
        if status not in (MISSING, OUTDATED) or language not in LANGUAGE_CODES:
            return queryset
        return queryset.filter(pk__in=pks_with_status(queryset, language, status))


class ConclusionInline(TranslationStackedInline):
    model = Conclusion
    fields = ["number", "text", "themes"]
    autocomplete_fields = ["themes"]
    ordering = ["number"]
    extra = 0


class MeetingForm(ContentForm):
    official_languages = forms.MultipleChoiceField(
        label=_("Other official language versions"),
        choices=Meeting._meta.get_field("source_language").choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The source language is always official."),
    )

    class Meta:
        model = Meeting
        fields = ["official_languages"]


@admin.register(Meeting)
class MeetingAdmin(RecordSpreadsheetAdminMixin, ContentAdmin):
    form = MeetingForm
    spreadsheet_spec = MEETINGS
    inlines = [ConclusionInline]
    list_display = ["title", "start_date", "venue", "source_language", "status", "conclusion_count"]
    list_filter = ["status", "source_language", TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("title")]
    date_hierarchy = "start_date"
    readonly_fields = ["published_at", "created_at", "updated_at", "source_changes"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "document_title", "organizers", "venue"]}),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (_("Languages"), {"fields": ["source_language", "official_languages"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        (_("Preamble"), {"fields": ["preamble", "minor_edit"]}),
        (_("Outdated translations"), {"fields": ["source_changes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("conclusions"), ordering="conclusion_total")
    def conclusion_count(self, meeting: Meeting) -> int:
        return meeting.conclusion_total


@admin.register(Conclusion)
class ConclusionAdmin(ConclusionSpreadsheetAdminMixin, ContentAdmin):
    fields = ["meeting", "number", "text", "minor_edit", "source_changes", "themes"]

    def get_urls(self):
        dashboard = path(
            "translations/",
            self.admin_site.admin_view(self.translation_dashboard_view),
            name="conclusions_conclusion_translations",
        )
        return [dashboard, *super().get_urls()]

    def translation_dashboard_view(self, request):
        """Meetings x languages: how many paragraphs are current, outdated or missing, linked to the lists."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translation coverage"),
            "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
            "rows": translation_coverage(reverse("admin:conclusions_conclusion_changelist")),
        }
        return TemplateResponse(request, "admin/conclusions/translation_dashboard.html", context)

    list_display = ["number", "meeting", "excerpt", "languages_present"]
    list_display_links = ["number", "excerpt"]
    list_filter = ["meeting", "themes", "meeting__status", TranslationStatusFilter]
    list_select_related = ["meeting"]
    search_fields = ["meeting__slug", *get_translation_fields("text")]
    filter_horizontal = ["themes"]
    ordering = ["meeting", "number"]

    @admin.display(description=_("text"))
    def excerpt(self, conclusion: Conclusion) -> str:
        return Truncator(conclusion.shown_text.text).chars(90)

    @admin.display(description=_("languages with text"))
    def languages_present(self, conclusion: Conclusion) -> str:
        return " ".join(
            code for code in LANGUAGE_CODES if (getattr(conclusion, translated_column("text", code)) or "").strip()
        )


@admin.register(Theme)
class ThemeAdmin(RecordSpreadsheetAdminMixin, ContentAdmin):
    spreadsheet_spec = THEMES
    fields = ["slug", "position", "name", "description", "minor_edit", "source_changes"]
    list_display = ["name", "slug", "position", "conclusion_count"]
    list_editable = ["position"]
    list_filter = [TranslationStatusFilter]
    search_fields = ["slug", *get_translation_fields("name")]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("conclusions"), ordering="conclusion_total")
    def conclusion_count(self, theme: Theme) -> int:
        return theme.conclusion_total


@admin.register(SpreadsheetImport)
class SpreadsheetImportAdmin(admin.ModelAdmin):
    """The log of spreadsheet imports: who imported what, what changed, and undo."""

    change_form_template = "admin/conclusions/spreadsheetimport/change_form.html"
    list_display = [
        "__str__",
        "target",
        "created_at",
        "user",
        "file_format",
        "created_count",
        "changed_count",
        "is_undone",
    ]
    list_filter = ["target", "file_format", ("undone_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    fields = [
        "target",
        "file_name",
        "file_format",
        "encoding",
        "delimiter",
        "clear_empty",
        "created_at",
        "user",
        "created_count",
        "changed_count",
        "unchanged_count",
        "undone_at",
        "undone_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the log is what makes an import undoable

    @admin.display(boolean=True, description=_("undone"))
    def is_undone(self, record: SpreadsheetImport) -> bool:
        return record.is_undone

    def get_urls(self):
        undo = path(
            "<int:pk>/undo/", self.admin_site.admin_view(self.undo_view), name="conclusions_spreadsheetimport_undo"
        )
        return [undo, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **import_record_context(request, record)}
        return super().change_view(request, object_id, form_url, extra_context)

    def undo_view(self, request, pk: int):
        record = self.get_object(request, str(pk))
        if record is None:
            raise Http404
        if request.method != "POST" or not may_undo(request.user, record):
            raise PermissionDenied
        try:
            if record.target == SpreadsheetImport.Target.CONCLUSIONS:
                undo_conclusion_import(record, user=request.user)
            else:
                undo_record_import(RECORD_SPECS[record.target], record, user=request.user)
        except ImportUndoError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The import was undone: the previous values are back."))
        return HttpResponseRedirect(reverse("admin:conclusions_spreadsheetimport_change", args=[record.pk]))


def translation_coverage(changelist_url: str) -> list[dict]:
    """Per meeting and language: counts of current, outdated and missing paragraphs, and links to them."""
    conclusions = list(Conclusion.objects.select_related("meeting").order_by("-meeting__start_date", "number"))
    statuses = translation_statuses(conclusions, "text")
    rows = []
    for meeting in Meeting.objects.order_by("-start_date", "slug"):
        paragraphs = [conclusion for conclusion in conclusions if conclusion.meeting_id == meeting.pk]
        cells = []
        for code in LANGUAGE_CODES:
            counts = Counter(statuses[(conclusion.pk, code)] for conclusion in paragraphs)
            link = f"{changelist_url}?meeting__id__exact={meeting.pk}&translation="
            cells.append(
                {
                    "is_source": code == meeting.source_language,
                    "current": counts[CURRENT],
                    "outdated": counts[OUTDATED],
                    "missing": counts[MISSING],
                    "percent": round(100 * counts[CURRENT] / len(paragraphs)) if paragraphs else 0,
                    "outdated_url": f"{link}{OUTDATED}:{code}",
                    "missing_url": f"{link}{MISSING}:{code}",
                }
            )
        rows.append({"meeting": meeting, "paragraphs": len(paragraphs), "cells": cells})
    return rows


def may_undo(user, record: SpreadsheetImport) -> bool:
    return user.has_perm(f"conclusions.import_{record.target}")


def import_record_context(request, record: SpreadsheetImport | None) -> dict:
    """The records an import touched, linked to their page and history, and whether this user may undo it."""
    if record is None:
        return {}
    ids = [*record.changes.get("created", []), *map(int, record.changes.get("changed", {}))]
    model = IMPORTED_MODELS[record.target]
    touched = model.objects.filter(pk__in=ids[:TOUCHED_LINK_LIMIT])
    if model is Conclusion:
        touched = touched.select_related("meeting")
    return {
        "touched": [
            {
                "label": str(instance),
                "change_url": reverse(f"admin:conclusions_{record.target}_change", args=[instance.pk]),
                "history_url": reverse(f"admin:conclusions_{record.target}_history", args=[instance.pk]),
            }
            for instance in touched
        ],
        "touched_total": len(ids),
        "can_undo": not record.is_undone and may_undo(request.user, record),
    }
