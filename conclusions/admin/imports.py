"""The log of spreadsheet imports: who imported what, what changed, and undo."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from conclusions.admin.import_preview import column_label, describe_value
from conclusions.languages import column_language
from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets.conclusion_apply import ImportUndoError, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import THEMES_COLUMN
from conclusions.spreadsheets.records import RECORD_SPECS, undo_record_import
from conclusions.translations.access import may_change_everything

TOUCHED_LINK_LIMIT = 200
IMPORTED_MODELS = {"conclusion": Conclusion, "meeting": Meeting, "theme": Theme}


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
        "refused_count",
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
        """GET asks for confirmation and shows what will be put back, as Django's delete does; POST undoes."""
        record = self.get_object(request, str(pk))
        if record is None:
            raise Http404
        if not may_undo(request.user, record):
            raise PermissionDenied
        change_url = reverse("admin:conclusions_spreadsheetimport_change", args=[record.pk])
        if record.is_undone:
            messages.error(request, _("This import has already been undone."))
            return HttpResponseRedirect(change_url)
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Undo %(import)s?") % {"import": record},
                "original": record,
                "change_url": change_url,
                **undo_summary(record),
            }
            return TemplateResponse(request, "admin/conclusions/spreadsheetimport/undo_confirmation.html", context)
        try:
            if record.target == SpreadsheetImport.Target.CONCLUSIONS:
                undo_conclusion_import(record, user=request.user)
            else:
                undo_record_import(RECORD_SPECS[record.target], record, user=request.user)
        except ImportUndoError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The import was undone: the previous values are back."))
        return HttpResponseRedirect(change_url)


def may_undo(user, record: SpreadsheetImport) -> bool:
    """Editors undo any import of what they may import; translators only their own imports."""
    model = IMPORTED_MODELS[record.target]
    if not user.has_perm(f"conclusions.import_{record.target}"):
        return False
    return may_change_everything(user, model) or (record.user_id is not None and record.user_id == user.pk)


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


def undo_summary(record: SpreadsheetImport) -> dict:
    """What undo would do, for its confirmation page: each value now and the value it goes back to; what goes."""
    model = IMPORTED_MODELS[record.target]
    before = {int(pk): values for pk, values in record.changes.get("changed", {}).items()}
    created = record.changes.get("created", [])
    changed_instances = model.objects.filter(pk__in=list(before)[:TOUCHED_LINK_LIMIT])
    if model is Conclusion:
        changed_instances = changed_instances.select_related("meeting").prefetch_related("themes")
    theme_slugs = dict(Theme.objects.values_list("id", "slug"))
    return {
        "put_back": [
            {
                "label": str(instance),
                "change_url": reverse(f"admin:conclusions_{record.target}_change", args=[instance.pk]),
                "values": [
                    value_put_back(column, current_value(instance, column), old, theme_slugs)
                    for column, old in before[instance.pk].items()
                ],
            }
            for instance in changed_instances
        ],
        "put_back_total": len(before),
        "removed": [str(instance) for instance in model.objects.filter(pk__in=created[:TOUCHED_LINK_LIMIT])],
        "removed_total": len(created),
        "listed_limit": TOUCHED_LINK_LIMIT,
    }


def current_value(instance, column: str):
    if column == THEMES_COLUMN:
        return [theme.pk for theme in instance.themes.all()]
    return getattr(instance, column)


def value_put_back(column: str, now, before, theme_slugs: dict[int, str]) -> dict:
    """One column of one record: its text now and the text undo puts back, each in its own language."""
    language = column_language(column)
    return {
        "column": column,
        "label": column_label(column),
        "language": language or "en",
        "direction": "rtl" if language == "ar" else "ltr",
        "now": describe_value(column, now, theme_slugs),
        "before": describe_value(column, before, theme_slugs),
    }
