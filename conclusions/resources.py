"""Spreadsheet columns for meetings, themes and conclusions (django-import-export).

Identity is always a natural key (slugs, meeting slug + number), and each
translated field appears once per language (`text_ar`, `text_zh_hans`, ...),
never as the untranslated base column, which would follow the active language.
Import only where modeltranslation has registered its fields (admin, commands).
"""

from import_export import fields, resources, widgets
from modeltranslation.utils import get_translation_fields

from .models import Conclusion, Meeting, Theme


def language_columns(*field_names: str) -> list[str]:
    return [column for name in field_names for column in get_translation_fields(name)]


class ThemeResource(resources.ModelResource):
    class Meta:
        model = Theme
        import_id_fields = ["slug"]
        fields = ["slug", "position", *language_columns("name", "description")]
        skip_unchanged = True


class MeetingResource(resources.ModelResource):
    class Meta:
        model = Meeting
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "start_date",
            "end_date",
            "source_language",
            "status",
            *language_columns("title", "document_title", "organizers", "venue", "preamble"),
        ]
        skip_unchanged = True


class ConclusionResource(resources.ModelResource):
    meeting = fields.Field(
        attribute="meeting", column_name="meeting", widget=widgets.ForeignKeyWidget(Meeting, field="slug")
    )
    themes = fields.Field(
        attribute="themes", column_name="themes", widget=widgets.ManyToManyWidget(Theme, field="slug")
    )

    class Meta:
        model = Conclusion
        import_id_fields = ["meeting", "number"]
        fields = ["meeting", "number", *language_columns("text"), "themes"]
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return Conclusion.objects.select_related("meeting").prefetch_related("themes")
