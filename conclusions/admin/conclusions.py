"""The blocks of meetings' documents (conclusions), in document order, and the translation coverage dashboard."""

from collections import Counter

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.block_navigation import BlockNavigationMixin
from conclusions.admin.block_order import make_room
from conclusions.admin.content import ContentAdmin, ContentForm, LabelStatusFilter, TranslationStatusFilter
from conclusions.admin.my_work import MyWorkAdminMixin
from conclusions.admin.spreadsheets import KIT_FORMATS, ConclusionSpreadsheetAdminMixin
from conclusions.documents.block_names import block_name
from conclusions.languages import LANGUAGE_CODES, language_name, translated_column
from conclusions.models import Conclusion, Meeting, Theme
from conclusions.translations.status import (
    CURRENT,
    MISSING,
    OUTDATED,
    THEME_SOURCE_LANGUAGE,
    record_statuses,
    translation_statuses,
)


class ConclusionForm(ContentForm):
    """A block's form; its position moves it, the blocks in the way making room (see `block_order`)."""

    # Not the model's field: a position that another block holds is where this one goes, not an error.
    position = forms.IntegerField(
        label=capfirst(Conclusion._meta.get_field("position").verbose_name),
        min_value=1,
        required=False,
        help_text=_(
            "Where the block is in the document. Give another block's position to move this one there: "
            "that block and those right after it move down one. Left empty, a new block goes at the end."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.position is not None:
            self.initial.setdefault("position", self.instance.position)


@admin.register(Conclusion)
class ConclusionAdmin(MyWorkAdminMixin, BlockNavigationMixin, ConclusionSpreadsheetAdminMixin, ContentAdmin):
    translator_context_fields = ["meeting", "kind", "part", "number", "number_suffix", "position", "themes"]
    form = ConclusionForm
    exclude = ["position"]  # the model's field; the form's own `position` takes its place
    fieldsets = [
        (None, {"fields": ["meeting", "kind", "part", ("number", "number_suffix"), "position"]}),
        (_("As printed"), {"fields": ["label", "text", "minor_edit"]}),
        (_("Themes"), {"fields": ["themes"]}),
        (_("Outdated translations"), {"fields": ["source_changes"]}),
    ]
    autocomplete_fields = ["meeting"]

    def save_model(self, request, obj, form, change):
        position = form.cleaned_data.get("position")
        if position is not None:
            make_room(obj, position, user=request.user)
            obj.position = position
        super().save_model(request, obj, form, change)

    def get_urls(self):
        dashboard = path(
            "translations/",
            self.admin_site.admin_view(self.translation_dashboard_view),
            name="conclusions_conclusion_translations",
        )
        return [dashboard, *super().get_urls()]

    def translation_dashboard_view(self, request):
        """Meetings x languages: how many blocks are current, outdated or missing, linked to the lists."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Translation coverage"),
            "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
            "rows": translation_coverage(
                reverse("admin:conclusions_conclusion_changelist"),
                kit_languages=self.export_languages(request) if self.has_export_permission(request) else [],
            ),
            "kit_formats": KIT_FORMATS,
            "themes": theme_coverage(reverse("admin:conclusions_theme_changelist")),
        }
        return TemplateResponse(request, "admin/conclusions/translation_dashboard.html", context)

    list_display = ["position", "block", "printed_label", "excerpt", "meeting", "languages_present"]
    list_display_links = ["position", "block", "excerpt"]
    list_filter = ["kind", "meeting", "part", "themes", "meeting__status", TranslationStatusFilter, LabelStatusFilter]
    list_select_related = ["meeting"]
    search_fields = ["meeting__slug", *get_translation_fields("text")]
    # A meeting's blocks in the order of its document.
    ordering = ["meeting", "position"]

    @admin.display(description=_("block"), ordering="kind")
    def block(self, conclusion: Conclusion) -> str:
        number = conclusion.printed_number if conclusion.kind == Conclusion.Kind.PARAGRAPH else conclusion.number
        return block_name(conclusion.kind, number=number, part=conclusion.part, ranked=True)

    @admin.display(description=_("label as printed"))
    def printed_label(self, conclusion: Conclusion) -> str:
        return conclusion.shown_label.text

    @admin.display(description=_("first words"))
    def excerpt(self, conclusion: Conclusion) -> str:
        return Truncator(conclusion.shown_text.text).chars(90)

    @admin.display(description=_("languages with text"))
    def languages_present(self, conclusion: Conclusion) -> str:
        return " ".join(
            code for code in LANGUAGE_CODES if (getattr(conclusion, translated_column("text", code)) or "").strip()
        )


def translation_coverage(changelist_url: str, *, kit_languages: list[str]) -> list[dict]:
    """Per meeting and language: counts of current, outdated and missing blocks, links to them and to kits.

    The counts are of the blocks' texts (`status.COUNTED_FIELDS`); each cell
    also counts the labels outdated and missing (of blocks that have one in
    the original), and says the status of the meeting's own texts (title,
    document title, organizers, venue), linked to the meeting.
    """
    conclusions = list(Conclusion.objects.select_related("meeting").order_by("-meeting__start_date", "position"))
    statuses = translation_statuses(conclusions, "text")
    label_statuses = translation_statuses(conclusions, "label")
    meetings = list(Meeting.objects.order_by("-start_date", "slug"))
    details = {code: record_statuses(meetings, code) for code in LANGUAGE_CODES}
    rows = []
    for meeting in meetings:
        blocks = [conclusion for conclusion in conclusions if conclusion.meeting_id == meeting.pk]
        link = f"{changelist_url}?meeting__id__exact={meeting.pk}&translation="
        cells = []
        for code in LANGUAGE_CODES:
            cell = coverage_cell(code, Counter(statuses[(block.pk, code)] for block in blocks), link)
            labels = Counter(label_statuses[(block.pk, code)] for block in blocks)
            label_link = f"{changelist_url}?meeting__id__exact={meeting.pk}&{LabelStatusFilter.parameter_name}="
            cell.update(
                is_source=code == meeting.source_language,
                labels_outdated=labels[OUTDATED],
                labels_missing=labels[MISSING],
                labels_outdated_url=f"{label_link}{OUTDATED}:{code}",
                labels_missing_url=f"{label_link}{MISSING}:{code}",
                details=details[code][meeting.pk],
                kit_query=f"meeting__id__exact={meeting.pk}" if code in kit_languages and blocks else "",
            )
            cells.append(cell)
        rows.append({"meeting": meeting, "blocks": len(blocks), "cells": cells})
    return rows


def theme_coverage(theme_changelist_url: str) -> dict:
    """Theme names and descriptions per language (their source is English), linked to the theme list."""
    themes = list(Theme.objects.all())
    link = f"{theme_changelist_url}?translation="
    cells = []
    for code in LANGUAGE_CODES:
        cell = coverage_cell(code, Counter(record_statuses(themes, code).values()), link)
        cell["is_source"] = code == THEME_SOURCE_LANGUAGE
        cells.append(cell)
    return {"count": len(themes), "cells": cells}


def coverage_cell(code: str, counts: Counter, link: str) -> dict:
    total = counts[CURRENT] + counts[OUTDATED] + counts[MISSING]
    return {
        "code": code,
        "current": counts[CURRENT],
        "outdated": counts[OUTDATED],
        "missing": counts[MISSING],
        "percent": round(100 * counts[CURRENT] / total) if total else 0,
        "outdated_url": f"{link}{OUTDATED}:{code}",
        "missing_url": f"{link}{MISSING}:{code}",
    }
