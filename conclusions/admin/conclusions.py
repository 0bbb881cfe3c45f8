"""The blocks of meetings' documents (conclusions), in document order; the coverage dashboard is coverage.py."""

from django import forms
from django.contrib import admin
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from conclusions.admin.block_navigation import BlockNavigationMixin
from conclusions.admin.block_order import make_room
from conclusions.admin.content import ContentAdmin, ContentForm, LabelStatusFilter, TranslationStatusFilter
from conclusions.admin.coverage import TranslationCoverageMixin
from conclusions.admin.list_columns import (
    LIST_MEDIA_CSS,
    STATUS_MARKS,
    PreparedRowsMixin,
    filtered_language,
    translation_marks,
)
from conclusions.admin.my_work import MyWorkAdminMixin
from conclusions.admin.spreadsheets import ConclusionSpreadsheetAdminMixin
from conclusions.documents.block_names import block_name
from conclusions.languages import LANGUAGE_CODES, LocalizedText, translated_column
from conclusions.models import Conclusion
from conclusions.translations.status import (
    MISSING,
    translation_statuses,
)

# Enough for the few lines the list shows of a text in any script; the stylesheet cuts it to those lines.
LIST_EXCERPT_CHARACTERS = 240
# The kinds whose name in the list already says their label as printed ("paragraph 6", "sub-item (b)").
LABEL_NAMED_KINDS = (Conclusion.Kind.PARAGRAPH, Conclusion.Kind.ITEM, Conclusion.Kind.FOOTNOTE)


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
class ConclusionAdmin(
    TranslationCoverageMixin,
    MyWorkAdminMixin,
    BlockNavigationMixin,
    PreparedRowsMixin,
    ConclusionSpreadsheetAdminMixin,
    ContentAdmin,
):
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

    list_display = ["block", "excerpt", "translations"]
    list_display_links = ["block"]
    list_filter = ["kind", "meeting", "part", "themes", "meeting__status", TranslationStatusFilter, LabelStatusFilter]
    list_select_related = ["meeting"]
    search_fields = ["meeting__slug", *get_translation_fields("text")]
    # A meeting's blocks in the order of its document.
    ordering = ["meeting", "position"]
    change_list_template = "admin/conclusions/conclusion/change_list.html"

    class Media:
        css = LIST_MEDIA_CSS

    def prepare_rows(self, request, rows: list[Conclusion]) -> None:
        """The page's translation statuses and themes, and the language to show beside the original, if any."""
        statuses = translation_statuses(rows, "text")
        prefetch_related_objects(rows, "themes")
        # A translator reads their own language beside the original, unless the list is filtered on another.
        language = filtered_language(request) or next(iter(self.translation_limit(request) or ()), None)
        one_meeting = "meeting__id__exact" in request.GET
        for row in rows:
            row.list_statuses = {code: statuses[(row.pk, code)] for code in LANGUAGE_CODES}
            row.list_language = language if language != row.meeting.source_language else None
            row.list_meeting_shown = not one_meeting

    @admin.display(description=_("block"), ordering="position")
    def block(self, conclusion: Conclusion) -> str:
        """The block as a citation names it ("part 2, sub-item (b)"), and its meeting unless the list has one."""
        label = (getattr(conclusion, translated_column("label", conclusion.meeting.source_language)) or "").strip()
        # A dash ("——") names no sub-item: those are named by their rank.
        naming_label = label if any(character.isalnum() for character in label) else ""
        number = conclusion.printed_number if conclusion.kind == Conclusion.Kind.PARAGRAPH else conclusion.number
        name = block_name(conclusion.kind, number=number, label=naming_label, part=conclusion.part, ranked=True)
        shown_label = label if conclusion.kind not in LABEL_NAMED_KINDS else ""
        return format_html(
            "{}{}{}",
            name,
            format_html(' <span class="list-block-label">{}</span>', shown_label) if shown_label else "",
            format_html('<span class="list-meeting">{}</span>', conclusion.meeting.slug)
            if conclusion.list_meeting_shown
            else "",
        )

    @admin.display(description=_("original text"))
    def excerpt(self, conclusion: Conclusion) -> str:
        source = conclusion.meeting.source_language
        second = conclusion.list_language
        return render_to_string(
            "admin/conclusions/conclusion/change_list_excerpt.html",
            {
                "original": list_excerpt(conclusion, source),
                "translation": list_excerpt(conclusion, second) if second else None,
                "missing": STATUS_MARKS[MISSING][1],
                "themes": conclusion.themes.all(),
            },
        )

    @admin.display(description=_("translations"))
    def translations(self, conclusion: Conclusion) -> str:
        return translation_marks(conclusion.list_statuses)


def list_excerpt(conclusion: Conclusion, language: str) -> LocalizedText:
    """The block's text in `language`, shortened for the list (the browser shows a few lines of it)."""
    text = Truncator(getattr(conclusion, translated_column("text", language)) or "").chars(LIST_EXCERPT_CHARACTERS)
    return LocalizedText(text=text, language=language, requested_language=language)
