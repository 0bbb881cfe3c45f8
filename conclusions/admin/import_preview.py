"""The import preview and undo's confirmation: each change by row and language, the stored and the new text."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from conclusions.languages import column_language, column_suffix, language_name
from conclusions.models import Theme
from conclusions.spreadsheets.conclusion_plan import POSITION_COLUMN, THEMES_COLUMN

# A preview page shows at most this many changed rows, with counts for all of them: its HTML stays small.
PREVIEW_ROW_LIMIT = 500


def column_label(column: str) -> str:
    """A changed column as the preview names it: "French" for a text, "Label, French", "Position", "Themes"."""
    if column == THEMES_COLUMN:
        return _("Themes")
    if column == POSITION_COLUMN:
        return capfirst(_("position"))
    language = column_language(column)
    if language is None:
        return column.replace("_", " ")
    if column == f"label_{column_suffix(language)}":
        return _("Label, %(language)s") % {"language": language_name(language)}
    return language_name(language)


def describe_value(column: str, value, theme_slugs: dict[int, str]) -> str:
    if column == THEMES_COLUMN:
        return ", ".join(sorted(theme_slugs[pk] for pk in value))
    return str(value) if value not in (None, "") else ""


def preview_rows(plan) -> list[dict]:
    """The rows that change, each change with its language, kind, and old and new values."""
    theme_slugs = dict(Theme.objects.values_list("id", "slug"))
    shown = []
    for row in plan.rows:
        if not row.changes:
            continue
        shown.append(
            {
                "row": row.row,
                "label": row.label,
                "status": row.status,
                "changes": [
                    {
                        "column": change.column,
                        "label": column_label(change.column),
                        # Texts keep their own language and direction, whatever the admin's.
                        "language": column_language(change.column) or "en",
                        "direction": "rtl" if column_language(change.column) == "ar" else "ltr",
                        "kind": change.kind,
                        "old": describe_value(change.column, change.old, theme_slugs),
                        "new": describe_value(change.column, change.new, theme_slugs),
                    }
                    for change in row.changes
                ],
            }
        )
        if len(shown) == PREVIEW_ROW_LIMIT:
            break
    return shown
