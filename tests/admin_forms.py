"""What the admin's change forms post, for tests that save through the admin as an editor does."""

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion


def conclusion_form_data(conclusion: Conclusion, **changes) -> dict:
    data = {
        "meeting": conclusion.meeting_id,
        "number": conclusion.number,
        "themes": [theme.pk for theme in conclusion.themes.all()],
        "_save": "Save",
    }
    for language in LANGUAGE_CODES:
        column = translated_column("text", language)
        data[column] = getattr(conclusion, column) or ""
    data.update(changes)
    return data
