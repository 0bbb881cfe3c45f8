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


def meeting_form_data(meeting: Meeting, *, paragraphs: dict[int, dict] | None = None, **changes) -> dict:
    """The meeting's change form with the blocks of its document inline, as stored; `paragraphs` changes some
    numbered paragraphs of its first part, by number."""
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
    inline = list(meeting.conclusions.order_by("position"))
    data.update(
        {
            "conclusions-TOTAL_FORMS": len(inline),
            "conclusions-INITIAL_FORMS": len(inline),
            "conclusions-MIN_NUM_FORMS": 0,
            "conclusions-MAX_NUM_FORMS": 1000,
        }
    )
    for index, conclusion in enumerate(inline):
        numbered = conclusion.kind == Conclusion.Kind.PARAGRAPH and conclusion.part == 1
        block = conclusion_form_data(conclusion, **((paragraphs or {}).get(conclusion.number, {}) if numbered else {}))
        for name in ("_save", "position", "meeting"):
            block.pop(name)  # the inline's blocks belong to the meeting, and are moved from their own page
        data.update({f"conclusions-{index}-{name}": value for name, value in block.items()})
        data[f"conclusions-{index}-id"] = conclusion.pk
        data[f"conclusions-{index}-meeting"] = meeting.pk
    data.update(changes)
    return data
