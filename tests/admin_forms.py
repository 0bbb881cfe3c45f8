"""What the admin's change forms post, for tests that save through the admin as an editor does."""

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting


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


def meeting_form_data(meeting: Meeting, *, paragraphs: dict[int, dict] | None = None, **changes) -> dict:
    """The meeting's change form with its inline paragraphs as stored; `paragraphs` changes some, by number."""
    data = {
        "slug": meeting.slug,
        "start_date": meeting.start_date.isoformat(),
        "end_date": meeting.end_date.isoformat(),
        "source_language": meeting.source_language,
        "official_languages": list(meeting.official_languages or []),
        "status": meeting.status,
        "_save": "Save",
    }
    for field in ("title", "document_title", "organizers", "venue", "preamble"):
        for language in LANGUAGE_CODES:
            column = translated_column(field, language)
            data[column] = getattr(meeting, column) or ""
    inline = list(meeting.conclusions.order_by("number"))
    data.update(
        {
            "conclusions-TOTAL_FORMS": len(inline),
            "conclusions-INITIAL_FORMS": len(inline),
            "conclusions-MIN_NUM_FORMS": 0,
            "conclusions-MAX_NUM_FORMS": 1000,
        }
    )
    for index, conclusion in enumerate(inline):
        paragraph = conclusion_form_data(conclusion, **(paragraphs or {}).get(conclusion.number, {}))
        paragraph.pop("_save")
        data.update({f"conclusions-{index}-{name}": value for name, value in paragraph.items()})
        data[f"conclusions-{index}-id"] = conclusion.pk
    data.update(changes)
    return data
