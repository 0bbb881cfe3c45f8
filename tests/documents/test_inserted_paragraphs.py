"""Paragraphs inserted between two numbers ("5 bis", "5 ter") are read, stored, addressed and cited as printed.

The document is the Awaza Political Declaration with its paragraphs 6 and 7
printed "5 bis." and "5 ter." (made by script from the real declaration, see
made_documents.py). Each inserted paragraph is number 5 with a suffix: its
own address (/5-bis/), anchor, citation, Akoma Ntoso eId and API fields, and
a translation must have it at the same place.
"""

import datetime

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from lxml import etree

from conclusions.documents.importer import document_import
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.documents.structure import unkept_lines
from conclusions.documents.text_decoding import DocumentError
from conclusions.models import Conclusion, Meeting
from tests.documents.made_documents import INSERTED_PARAGRAPHS_NAME, inserted_paragraphs_declaration
from tests.public.test_akoma_ntoso import AKN, schema  # noqa: F401 (a fixture)

Kind = Conclusion.Kind
SLUG = "awaza-bis"


def structure_of(text: str):
    return read_document(text.encode(), INSERTED_PARAGRAPHS_NAME)


def bring_in(text: str, *, language: str = "en", replace: bool = False):
    return document_import(
        document=outcome_document_of(structure_of(text)),
        slug=SLUG,
        language=language,
        title="",
        dates=(datetime.date(2025, 8, 5), datetime.date(2025, 8, 8)),
        replace=replace,
    )


@pytest.fixture
def declaration(db) -> Meeting:
    meeting = bring_in(inserted_paragraphs_declaration()).meeting
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    return meeting


def paragraph(meeting: Meeting, number: int, suffix: str = "") -> Conclusion:
    return meeting.conclusions.get(kind=Kind.PARAGRAPH, number=number, number_suffix=suffix)


def test_the_reader_takes_bis_and_ter_after_their_number_without_a_warning_and_keeps_every_character():
    text = inserted_paragraphs_declaration()
    structure = structure_of(text)
    labels = [block.label for block in structure.blocks if block.kind == Kind.PARAGRAPH]
    assert labels[3:8] == ["4", "5", "5 bis", "5 ter", "6"]
    assert len(labels) == 25 and structure.parts == 1
    assert structure.warnings == []
    assert unkept_lines(text, structure) == []


def test_a_number_suffix_out_of_place_is_warned_about_like_any_number_out_of_turn():
    structure = structure_of("1. One.\n\n2. Two.\n\n1 bis. Late.\n\n3. Three.\n")
    assert [block.label for block in structure.blocks if block.kind == Kind.PARAGRAPH] == ["1", "2", "1 bis", "3"]
    assert [warning.line for warning in structure.warnings] == [5]


def test_inserted_paragraphs_are_stored_with_their_number_suffix_and_label_as_printed(declaration):
    bis, ter = paragraph(declaration, 5, "bis"), paragraph(declaration, 5, "ter")
    assert (bis.label_en, ter.label_en) == ("5 bis.", "5 ter.")
    assert paragraph(declaration, 5).position < bis.position < ter.position < paragraph(declaration, 6).position
    assert (bis.address_number, bis.printed_number, bis.anchor) == ("5-bis", "5 bis", "p5-bis")
    assert bis.reference == "paragraph 5 bis"


def test_bringing_the_same_document_in_again_changes_nothing(declaration):
    report = bring_in(inserted_paragraphs_declaration(), replace=True)
    assert (report.created, report.updated, report.deleted) == ([], [], [])


def test_a_paragraph_printed_twice_with_the_same_suffix_is_refused_with_its_line():
    structure = structure_of("1. One.\n\n1 bis. First.\n\n1 bis. Again.\n\n2. Two.\n")
    with pytest.raises(DocumentError, match=r"Line 5 \(“1 bis\. Again\.”\): paragraph 1 bis again, after line 3"):
        outcome_document_of(structure)


def test_the_inserted_paragraph_has_its_own_page_with_neighbours_and_citation(client, declaration):
    response = client.get(f"/en/meetings/{SLUG}/5-bis/")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    assert page.find(".//h1").text_content().strip() == "Paragraph 5 bis"
    assert paragraph(declaration, 5, "bis").text_en in page.find_class("paragraph-text")[0].text_content()
    assert page.xpath('//a[@rel="prev"]/@href') == [f"/en/meetings/{SLUG}/5/"]
    assert page.xpath('//a[@rel="next"]/@href') == [f"/en/meetings/{SLUG}/5-ter/"]
    assert " para. 5 bis [English, original]" in page.get_element_by_id("citation").text_content()
    assert client.get(f"/en/meetings/{SLUG}/5-bis/languages/").status_code == 200


@pytest.mark.parametrize("address", ["5-quater", "5-BIS", "5-b1s", "5-", "5-bis-ter", "6-bis"])
def test_an_inserted_number_the_document_does_not_have_answers_404(client, declaration, address):
    assert client.get(f"/en/meetings/{SLUG}/{address}/").status_code == 404


def test_the_meeting_page_and_side_by_side_link_the_inserted_paragraphs(client, declaration):
    page = lxml.html.fromstring(client.get(f"/en/meetings/{SLUG}/").content.decode())
    [link] = page.get_element_by_id("p5-bis").find_class("conclusion__number")
    assert (link.get("href"), link.text_content().strip()) == (f"/en/meetings/{SLUG}/5-bis/", "5 bis.")
    side_by_side = lxml.html.fromstring(client.get(f"/en/meetings/{SLUG}/side-by-side/").content.decode())
    header = side_by_side.get_element_by_id("p5-ter").find(".//a")
    assert (header.get("href"), header.text_content()) == (f"/en/meetings/{SLUG}/5-ter/", "5 ter")


def test_the_api_gives_the_number_suffix_and_the_address(client, declaration):
    found = client.get(f"/api/v1/meetings/{SLUG}/conclusions/?kind=paragraph&page_size=100").json()
    bis = next(block for block in found["results"] if block["number_suffix"] == "bis")
    assert (bis["number"], bis["label"]["en"]["text"]) == (5, "5 bis.")
    assert bis["url"].endswith(f"/meetings/{SLUG}/5-bis/")
    assert [block["number_suffix"] for block in found["results"]].count("") == 23


def test_akoma_ntoso_names_the_inserted_paragraphs_as_its_convention_does_and_stays_valid(
    client,
    declaration,
    schema,  # noqa: F811
):
    root = etree.fromstring(client.get(f"/en/meetings/{SLUG}/akoma-ntoso/en.xml").content)
    assert schema.validate(root), schema.error_log
    [bis] = root.xpath('//a:paragraph[@eId="para_5bis"]', namespaces=AKN)
    assert bis.find("a:num", AKN).text == "5 bis."
    eids = root.xpath("//@eId")
    assert len(eids) == len(set(eids))


def test_a_translation_matches_the_inserted_paragraphs_block_by_block(declaration):
    text = inserted_paragraphs_declaration()
    report = bring_in(text.replace("5 bis.", "5 bis．"), language="fr", replace=True)
    assert (1, "paragraph", 5, "bis") in report.updated
    bis = paragraph(declaration, 5, "bis")
    assert (bis.label_fr, bis.text_fr) == ("5 bis．", bis.text_en)


def test_a_translation_without_an_inserted_paragraph_is_refused_where_it_differs(declaration):
    text = inserted_paragraphs_declaration()
    start = text.index("\n5 ter. ")
    without_ter = text[:start] + text[text.index("\n", start + 1) :]
    missing = r"After line \d+: paragraph 5 ter “We further.*” of the original is missing"
    with pytest.raises(DocumentError, match=missing):
        bring_in(without_ter, language="fr", replace=True)
    assert not paragraph(declaration, 5, "bis").text_fr


def test_the_suffix_is_saved_in_lower_case_letters_and_only_on_numbered_paragraphs(declaration):
    block = Conclusion(meeting=declaration, kind=Kind.PARAGRAPH, number=9, number_suffix="Bis", text_en="Added.")
    block.save()
    assert paragraph(declaration, 9, "bis") == block
    with pytest.raises(ValidationError) as refused:
        Conclusion(meeting=declaration, kind=Kind.PARAGRAPH, number=9, number_suffix="b1s", text_en="x").full_clean()
    assert refused.value.message_dict["number_suffix"] == ["A number suffix is letters only, such as “bis” or “a”."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Conclusion.objects.create(meeting=declaration, kind=Kind.HEADING, number=99, number_suffix="bis")
