"""What the admin's change forms post, for tests that save through the admin as an editor does."""

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting


def conclusion_form_data(conclusion: Conclusion, **changes) -> dict:
    """A block's change form as stored (kind, part, number, position, labels and texts, themes), with `changes`."""
    data = {
        "meeting": conclusion.meeting_id,
        "kind": conclusion.kind,
        "part": conclusion.part,
        "number": conclusion.number,
        "position": conclusion.position,
        "themes": [theme.pk for theme in conclusion.themes.all()],
        "_save": "Save",
    }
    for field in ("label", "text"):
        for language in LANGUAGE_CODES:
            column = translated_column(field, language)
            data[column] = getattr(conclusion, column) or ""
    data.update(changes)
    return data


def meeting_form_data(meeting: Meeting, **changes) -> dict:
    """The meeting's change form as stored, with `changes`; its blocks are edited on their own pages."""
    data = {
        "slug": meeting.slug,
        "start_date": meeting.start_date.isoformat(),
        "end_date": meeting.end_date.isoformat(),
        "source_language": meeting.source_language,
        "official_languages": list(meeting.official_languages or []),
        "status": meeting.status,
        "_save": "Save",
    }
    for field in ("title", "document_title", "organizers", "venue"):
        for language in LANGUAGE_CODES:
            column = translated_column(field, language)
            data[column] = getattr(meeting, column) or ""
    data.update(changes)
    return data


def opened_form(client, url: str) -> dict:
    """What the change form at `url` posts when saved unchanged, as it was when opened (its fingerprints included)."""
    form = client.get(url).context["adminform"].form
    data = {"_save": "Save"}
    for field in form:
        value = field.value()
        if isinstance(value, bool) or value is None:
            if value:
                data[field.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data
