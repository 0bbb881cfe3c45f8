"""The editors' admin: translated fields in language tabs, history and undo, spreadsheet import/export."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from modeltranslation.utils import get_translation_fields
from simple_history.admin import SimpleHistoryAdmin

from .languages import LANGUAGE_CODES, translated_column
from .models import Conclusion, Meeting, Theme
from .resources import ConclusionResource, MeetingResource, ThemeResource

EDITOR_MEDIA_CSS = {"all": ("conclusions/admin-translations.css",)}

admin.site.site_header = _("Outcome documents: editors")
admin.site.site_title = _("Outcome documents")
admin.site.index_title = _("Texts, translations and themes")


class ContentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Language tabs, history with undo, and spreadsheet import/export for a content model."""

    class Media:
        css = EDITOR_MEDIA_CSS


class MissingTranslationFilter(admin.SimpleListFilter):
    """Conclusions whose text is still empty in a given language."""

    title = _("missing in language")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        from django.conf import settings

        return settings.LANGUAGES

    def queryset(self, request, queryset):
        language = self.value()
        if language not in LANGUAGE_CODES:
            return queryset
        column = translated_column("text", language)
        return queryset.filter(Q(**{column: ""}) | Q(**{f"{column}__isnull": True}))


class ConclusionInline(TranslationStackedInline):
    model = Conclusion
    fields = ["number", "text", "themes"]
    autocomplete_fields = ["themes"]
    ordering = ["number"]
    extra = 0


class MeetingForm(forms.ModelForm):
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
class MeetingAdmin(ContentAdmin):
    form = MeetingForm
    resource_classes = [MeetingResource]
    inlines = [ConclusionInline]
    list_display = ["title", "start_date", "venue", "source_language", "status", "conclusion_count"]
    list_filter = ["status", "source_language"]
    search_fields = ["slug", *get_translation_fields("title")]
    date_hierarchy = "start_date"
    readonly_fields = ["published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug", "title", "document_title", "organizers", "venue"]}),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (_("Languages"), {"fields": ["source_language", "official_languages"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        (_("Preamble"), {"fields": ["preamble"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("conclusions"), ordering="conclusion_total")
    def conclusion_count(self, meeting: Meeting) -> int:
        return meeting.conclusion_total


@admin.register(Conclusion)
class ConclusionAdmin(ContentAdmin):
    resource_classes = [ConclusionResource]
    list_display = ["number", "meeting", "excerpt", "languages_present"]
    list_display_links = ["number", "excerpt"]
    list_filter = ["meeting", "themes", "meeting__status", MissingTranslationFilter]
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
class ThemeAdmin(ContentAdmin):
    resource_classes = [ThemeResource]
    list_display = ["name", "slug", "position", "conclusion_count"]
    list_editable = ["position"]
    search_fields = ["slug", *get_translation_fields("name")]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conclusion_total=Count("conclusions"))

    @admin.display(description=_("conclusions"), ordering="conclusion_total")
    def conclusion_count(self, theme: Theme) -> int:
        return theme.conclusion_total
