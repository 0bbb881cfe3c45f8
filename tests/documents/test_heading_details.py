"""The meeting's fields proposed from a document's heading: what the secretariat would type, or nothing."""

import datetime

import pytest

from conclusions.documents.heading_details import heading_details
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.languages import LANGUAGE_CODES, translated_column
from tests.real_documents import AWAZA, EXPECTED, JOINT_STATEMENT, REAL

FIELDS = ("title", "document_title", "organizers", "venue")


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_geneva_heading_in_each_language_gives_the_fields_the_secretariat_typed(geneva, language):
    """The fixture holds the heading lines and the meeting's fields in all six languages, typed apart."""
    heading = [
        (block.position, getattr(block, translated_column("text", language)))
        for block in geneva.conclusions.filter(kind="heading").order_by("position")
    ]
    details = heading_details(heading, language)
    assert details.texts() == {field: getattr(geneva, translated_column(field, language)) for field in FIELDS}
    assert details.dates == (geneva.start_date, geneva.end_date)


def heading_of(name: str, *, with_closing: bool = False):
    document = outcome_document_of(read_document((REAL / name).read_bytes(), name))
    closing = document.closing_lines if with_closing else ()
    return heading_details(document.heading_lines, EXPECTED.get(name, {}).get("language", "en"), closing)


def test_a_resolutions_numbered_title_is_its_document_title_and_nothing_is_guessed_beyond():
    details = heading_of(AWAZA)
    assert details.document_title.text == "80/3. Awaza Political Declaration"
    assert details.title == details.document_title, "no line names a meeting: it is known by its document"
    assert details.organizers is None and details.venue is None, "a resolution's heading names neither"
    # The first date printed is the day it was issued; the editor is shown where it came from.
    assert (details.dates, details.dates_line) == ((datetime.date(2025, 10, 15),) * 2, 6)


def test_a_resolution_title_wrapped_over_three_lines_is_joined():
    details = heading_of("02_a-res-73-6-unispace50.txt")
    assert details.document_title.lines == [22, 23, 24]
    assert details.document_title.text.startswith("73/6. Fiftieth anniversary of the first United Nations Conference")
    assert details.document_title.text.endswith("space as a driver of sustainable development")


def test_a_chinese_title_printed_on_two_lines_and_no_date():
    details = heading_of(JOINT_STATEMENT)
    assert details.document_title.text == "中华人民共和国和阿拉伯联合酋长国关于加强全面战略伙伴关系的联合声明"
    assert details.document_title.lines == [1, 2]
    assert details.dates is None, "the heading alone does not date it"


def test_a_resolution_is_dated_by_its_adoption_and_a_joint_statement_by_its_signature():
    """The closing lines date the document when the heading gives no range (issued ≠ adopted)."""
    resolution = heading_of(AWAZA, with_closing=True)
    assert resolution.dates == (datetime.date(2025, 10, 14),) * 2, "18th plenary meeting, 14 October 2025"
    assert resolution.dates_line > 40, "a closing line, after the resolution's paragraphs"
    statement = heading_of(JOINT_STATEMENT, with_closing=True)
    assert statement.dates == (datetime.date(2019, 7, 23),) * 2, "2019年7月23日于北京"
    # A range in the heading is the meeting's own dates: a closing date within it does not replace it.
    geneva_like = heading_details([(1, "Geneva, 7–8 April 2016")], "en", [(40, "8 April 2016")])
    assert geneva_like.dates == (datetime.date(2016, 4, 7), datetime.date(2016, 4, 8))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["United Nations", "General Assembly", "Eightieth session"], {}),
        (["Summit of the Future", "New York, 22–23 September 2024"], {"title": "Summit of the Future"}),
        (["Sommet de la Francophonie", "12 octobre 2018", "Erevan, Arménie"], {"venue": "Erevan, Arménie"}),
        (
            ["Ministerial Meeting", "3 May 2019", "Conclusions of the Chair"],
            {"document_title": "Conclusions of the Chair"},
        ),
    ],
)
def test_only_what_is_clear_is_proposed(lines, expected):
    details = heading_details(list(enumerate(lines, 1)), "en")
    proposed = {field: text for field, text in details.texts().items() if text}
    assert {field: proposed.get(field) for field in expected} == expected
    if not expected:
        assert proposed == {}
