"""A document amended after it was numbered: paragraph "17 bis" between 17 and 18, as the ORM writes it."""

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting

FRENCH_17_BIS = "Paragraphe 17 bis, inséré lors de la révision."


def make_document_with_17_bis(make_meeting, slug: str = "oslo") -> Meeting:
    """A heading line, then paragraphs 16, 17, 17 bis and 18, in English; nothing translated yet."""
    meeting = make_meeting(slug=slug, conclusions=0)
    content_save(
        [
            Conclusion(meeting=meeting, kind=Conclusion.Kind.HEADING, number=1, text_en="Oslo Conference"),
            Conclusion(meeting=meeting, number=16, label_en="16.", text_en="Paragraph 16."),
            Conclusion(meeting=meeting, number=17, label_en="17.", text_en="Paragraph 17."),
            Conclusion(
                meeting=meeting,
                number=17,
                number_suffix="bis",
                label_en="17 bis.",
                text_en="Paragraph 17 bis, inserted when the text was revised.",
            ),
            Conclusion(meeting=meeting, number=18, label_en="18.", text_en="Paragraph 18."),
        ]
    )
    return meeting


def paragraph(meeting: Meeting, number: int, suffix: str = "") -> Conclusion:
    return meeting.conclusions.get(kind=Conclusion.Kind.PARAGRAPH, number=number, number_suffix=suffix)
