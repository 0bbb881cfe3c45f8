"""Bring in a document, through the admin as an editor uses it: upload, the structure found, confirm.

With real documents (tests/documents/real, see SOURCES.md): a UN resolution
with an annex, a Chinese joint statement without numbers, a Word document
with automatic numbering, a declaration numbered "1 - " made from a real
one, and the Universal Declaration in six languages for translations.
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind, unkept_lines
from conclusions.models import Conclusion, Meeting
from tests.admin.document_upload import URL, confirm, preview
from tests.documents.made_documents import DASH_NUMBERED_NAME, dash_numbered_declaration
from tests.paths import GENEVA_TEXT
from tests.real_documents import AWAZA, EXPECTED, JOINT_STATEMENT, REAL, import_real_document

AWAZA_WORD = "17_a-res-80-3-awaza-political-declaration.docx"
UDHR = {
    "ar": "06_udhr-ar.txt",
    "zh-hans": "07_udhr-zh.txt",
    "ru": "08_udhr-ru.txt",
    "fr": "09_udhr-fr.txt",
    "es": "10_udhr-es.txt",
    "en": "11_udhr-en.txt",
}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def translated(meeting: Meeting, language: str) -> int:
    """How many of the meeting's blocks have a text in `language`."""
    column = f"text_{language.replace('-', '_')}"
    return meeting.conclusions.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}).count()


def blocks_of(meeting: Meeting, language: str) -> list[tuple]:
    column = f"text_{language.replace('-', '_')}"
    return list(meeting.conclusions.order_by("position").values_list("kind", "part", "label_" + column[5:], column))


def test_a_resolution_with_an_annex_is_shown_block_by_block_with_kind_part_label_and_first_words(editor_client):
    page = preview(editor_client, AWAZA, real(AWAZA), language="en", slug="awaza")
    assert page.status_code == 200
    shown = page.content.decode()
    structure = read_document(real(AWAZA), AWAZA)
    rows = page.context["preview"]["rows"]
    assert [(row.line, row.kind) for row, _box in rows] == [(block.line, block.kind) for block in structure.blocks]
    expected = EXPECTED[AWAZA]
    for kind in ("heading", "preamble", "section", "item", "footnote"):
        assert shown.count(f'<tr class="block-{kind}">') == expected[kind], kind
    named = {(row.part, row.name, row.label) for row, _box in rows}
    # The annex (part 2) starts its numbering again: its paragraph 13 has the sub-items (a) to (e).
    assert {
        (2, "part title", ""),
        (2, "paragraph 13", "13."),
        (2, "sub-item (a)", "(a)"),
        (1, "paragraph 2", "2."),
    } <= named
    assert (2, "section heading", "II.") in named and (2, "footnote 16", "16") in named
    assert "In 2 parts: the numbering starts again in each." in shown
    # Each piece of page furniture has its box, named by its line; none is ticked.
    furniture = structure.of_kind(Kind.FURNITURE)
    boxes = re.findall(r'<input type="checkbox" name="leave_out" value="(\d+)" form="document-confirm"[^>]*>', shown)
    assert boxes == [str(block.line) for block in furniture] and "checked" not in "".join(boxes)


def test_the_meeting_fields_are_proposed_from_the_heading_and_say_where_from(editor_client, geneva):
    page = preview(editor_client, GENEVA_TEXT.name, GENEVA_TEXT.read_bytes(), language="zh-hans", slug="geneva-copy")
    proposed = page.context["confirm_form"].initial
    # What the secretariat typed for the Geneva meeting is what its heading says.
    for field in ("title", "document_title", "organizers", "venue"):
        assert proposed[field] == getattr(geneva, f"{field}_zh_hans"), field
    assert (proposed["start_date"], proposed["end_date"]) == (geneva.start_date, geneva.end_date)
    source = GENEVA_TEXT.read_text(encoding="utf-8").splitlines()
    shown = text_of(page)
    for field in ("title", "organizers", "venue"):
        line = source.index(proposed[field]) + 1
        assert re.search(rf'id="id_{field}_helptext"><div>From the heading\'s line {line}\.</div>', shown), field


def test_confirmed_furniture_alone_is_left_out_and_every_other_character_is_kept(editor_client):
    structure = read_document(real(AWAZA), AWAZA)
    # The editor leaves out job numbers and page numbers, and keeps the rest of the furniture.
    chosen = [block.line for block in structure.of_kind(Kind.FURNITURE) if re.fullmatch(r"25-16680|\d/5", block.text)]
    page = preview(editor_client, AWAZA, real(AWAZA), language="en", slug="awaza")
    done = confirm(
        editor_client, page, leave_out=[str(line) for line in chosen], start_date="2025-10-14", title="Awaza"
    )
    meeting = Meeting.objects.get(slug="awaza")
    assert done.status_code == 302 and done.url == f"/admin/conclusions/meeting/{meeting.pk}/change/"
    assert (meeting.status, meeting.source_language, meeting.title_en) == ("draft", "en", "Awaza")
    # Proposed from the date of adoption in the closing lines, not the heading's date of issue (15 October).
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2025, 10, 14), datetime.date(2025, 10, 14))
    assert meeting.document_title_en == "80/3. Awaza Political Declaration"
    stored = blocks_of(meeting, "en")
    assert len(stored) == len(structure.blocks) - len(chosen)
    assert sum(1 for kind, *_rest in stored if kind == "furniture") == len(structure.of_kind(Kind.FURNITURE)) - len(
        chosen
    )
    # The blocks read, every character of the file in them, are stored as read but for the lines left out.
    assert unkept_lines(real(AWAZA).decode("utf-8"), structure) == []
    assert stored == [
        (block.kind, block.part, block.marker.strip(), block.text)
        for block in structure.blocks
        if block.line not in chosen
    ]


def test_a_joint_statement_without_numbers_is_dated_where_it_was_signed(editor_client):
    page = preview(editor_client, JOINT_STATEMENT, real(JOINT_STATEMENT), language="zh-hans", slug="china-uae-2019")
    initial = page.context["confirm_form"].initial
    assert initial["document_title"] == ("中华人民共和国和阿拉伯联合酋长国关于加强全面战略伙伴关系的联合声明"), (
        "a title printed on two lines"
    )
    assert initial["start_date"] == datetime.date(2019, 7, 23), "its closing line: 2019年7月23日于北京"
    confirm(editor_client, page)
    meeting = Meeting.objects.get(slug="china-uae-2019")
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2019, 7, 23),) * 2
    stored = blocks_of(meeting, "zh-hans")
    expected = EXPECTED[JOINT_STATEMENT]
    items = [(label, text) for kind, _part, label, text in stored if kind == "item"]
    assert len(items) == expected["item"] and {label for label, _text in items} == {"——"}
    assert sum(1 for kind, *_rest in stored if kind == "unnumbered") == expected["unnumbered"]
    assert [text for kind, _part, _label, text in stored if kind == "closing"] == expected["closing"]


def test_a_document_without_any_date_asks_for_them(editor_client):
    page = preview(editor_client, UDHR["en"], real(UDHR["en"]), language="en", slug="udhr")
    refused = confirm(editor_client, page)
    assert "Give the meeting's start date: the heading does not say it." in text_of(refused)
    assert not Meeting.objects.filter(slug="udhr").exists()
    confirm(editor_client, refused, start_date="1948-12-10")
    assert Meeting.objects.get(slug="udhr").start_date == datetime.date(1948, 12, 10)


def test_a_word_document_keeps_the_numbers_word_shows(editor_client):
    import docx

    page = preview(editor_client, AWAZA_WORD, real(AWAZA_WORD), language="en", slug="awaza-word")
    confirm(editor_client, page, start_date="2025-10-14")
    meeting = Meeting.objects.get(slug="awaza-word")
    stored = blocks_of(meeting, "en")
    numbered = {
        part: [label for kind, p, label, _text in stored if kind == "paragraph" and p == part] for part in (1, 2)
    }
    assert numbered == {1: ["1.", "2."], 2: [f"{number}." for number in range(1, 26)]}
    assert [label for kind, _part, label, _text in stored if kind == "section" and label] == ["I.", "II.", "III."]
    assert [label for kind, _part, label, _text in stored if kind == "item"] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    # Word counts these numbers: the paragraphs' own text has none of them.
    texts = [paragraph.text for paragraph in docx.Document(REAL / AWAZA_WORD).paragraphs]
    assert not any(re.match(r"(?:\d+|[IVX]+)\.\s|\([a-e]\)", text) for text in texts)


def test_a_declaration_numbered_1_dash_with_starred_section_headings(editor_client):
    text = dash_numbered_declaration()
    page = preview(editor_client, DASH_NUMBERED_NAME, text.encode(), language="en", slug="awaza-dash")
    confirm(editor_client, page, start_date="2025-08-05", end_date="2025-08-08")
    stored = blocks_of(Meeting.objects.get(slug="awaza-dash"), "en")
    assert [label for kind, _part, label, _text in stored if kind == "paragraph"] == [f"{n} -" for n in range(1, 26)]
    sections = [(label, text) for kind, _part, label, text in stored if kind == "section"]
    assert sections and {label for label, _text in sections} == {"*"}
    assert all(f"* {section}" in text for _label, section in sections)


def test_a_matching_translation_is_written_in_its_language_alone(editor_client):
    meeting = import_real_document(UDHR["ar"], slug="udhr", language="ar")
    arabic_before = blocks_of(meeting, "ar")
    page = preview(editor_client, UDHR["ru"], real(UDHR["ru"]), language="ru", translation_of=meeting.pk)
    shown = text_of(page)
    assert f"The Russian document matches the original of “udhr” block by block ({len(arabic_before)} blocks)" in shown
    done = confirm(editor_client, page)
    assert done.status_code == 302
    russian = read_document(real(UDHR["ru"]), UDHR["ru"]).blocks
    assert [(label, text) for _kind, _part, label, text in blocks_of(meeting, "ru")] == [
        (block.marker.strip(), block.text) for block in russian
    ]
    assert blocks_of(meeting, "ar") == arabic_before, "the original is untouched"
    assert translated(meeting, "en") == 0, "and so are the other languages"
    meeting.refresh_from_db()
    assert meeting.title_ru == russian[0].text, "the title proposed from the Russian heading"


@pytest.mark.parametrize("language", ["zh-hans", "fr", "es", "en"])
def test_a_translation_with_other_blocks_lists_each_difference_with_its_line(editor_client, language):
    meeting = import_real_document(UDHR["ar"], slug="udhr", language="ar")
    page = preview(editor_client, UDHR[language], real(UDHR[language]), language=language, translation_of=meeting.pk)
    mismatches = page.context["preview"]["object"].mismatches
    assert mismatches and page.context.get("confirm_form") is None
    shown = text_of(page)
    assert "does not have the blocks of “udhr” in their order" in shown
    lines = real(UDHR[language]).decode("utf-8").splitlines()
    for mismatch in mismatches:
        assert mismatch.message in shown
        if mismatch.message.startswith("Line"):
            # The line named holds the block quoted: its first words are on it.
            quoted = re.search(r"“(.+?)(…)?”", mismatch.message).group(1)
            assert lines[mismatch.line - 1].startswith(quoted.split()[0]), mismatch.message
        else:
            assert lines[mismatch.line - 1].strip(), "after a line of the document, not a blank one"
    assert translated(meeting, language) == 0


def test_of_the_six_declarations_only_the_russian_has_the_blocks_of_the_arabic(editor_client):
    meeting = import_real_document(UDHR["ar"], slug="udhr", language="ar")
    matching = set()
    for language, name in UDHR.items():
        if language != "ar":
            page = preview(editor_client, name, real(name), language=language, translation_of=meeting.pk)
            if not page.context["preview"]["object"].mismatches:
                matching.add(language)
    assert matching == {"ru"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "en"}, "Give the identifier of the new meeting, or choose the meeting translated."),
        ({"language": "en", "slug": "geneva-2016"}, "A meeting with the identifier “geneva-2016” already exists."),
        ({"language": "en", "slug": "Not a slug"}, "Enter a valid “slug”"),
        ({"language": "zh-hans", "translation_of": "{geneva}"}, "Chinese is the language of the meeting's original"),
        ({"language": "en", "translation_of": "999999"}, "Select a valid choice."),
        (
            {"language": "en", "slug": "new", "translation_of": "{geneva}"},
            "A translation goes into the meeting chosen: leave the new meeting's identifier empty.",
        ),
        ({"language": "xx", "slug": "x"}, "Select a valid choice. xx is not one of the available choices."),
    ],
)
def test_bad_choices_are_refused_with_a_message(editor_client, geneva, fields, message):
    fields = {name: value.format(geneva=geneva.pk) for name, value in fields.items()}
    page = preview(editor_client, AWAZA, real(AWAZA), **fields)
    assert page.status_code == 200
    assert message in text_of(page)
    assert "pending_form" not in page.context and Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("picture.docx", b"\x89PNG\r\n\x1a\n" + bytes(100), "is not a Word document (.docx) that can be read"),
        ("empty.txt", b"", "The submitted file is empty."),
        ("binary.txt", b"\x00\x01\x02\x03binary\x00\x00" * 20, "The file is not text in UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_the_readers_message(editor_client, name, data, message):
    page = preview(editor_client, name, data, language="en", slug="bad")
    assert page.status_code == 200 and message in page.content.decode()
    assert "confirm_form" not in page.context


def test_a_document_the_site_cannot_store_is_shown_with_the_line_and_cannot_be_confirmed(editor_client):
    text = "Meeting, 2 May 2024\n\n1. One.\n\n3. Three.\n"
    page = preview(editor_client, "gap.txt", text.encode(), language="en", slug="gap")
    shown = text_of(page)
    assert "Line 5 (“3. Three.”): Paragraph 3 follows paragraph 1: a number is missing or repeated." in shown
    assert page.context.get("confirm_form") is None and 'name="confirm"' not in shown
    assert shown.count('<tr class="block-paragraph">') == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pending": "../../etc/passwd"}, "This preview has expired or was changed. Choose the file again."),
        ({"pending": "0" * 32}, "This preview has expired. Choose the file again."),
        ({"translation_of": "999999"}, "This preview has expired or was changed. Choose the file again."),
        ({"leave_out": ["1"]}, "Select a valid choice. 1 is not one of the available choices."),
        ({"start_date": "2025-13-01"}, "Enter a valid date."),
        ({"end_date": "2025-01-01"}, "The end date cannot be before the start date."),
        ({"slug": "geneva-2016"}, "A meeting with the identifier “geneva-2016” already exists."),
    ],
)
def test_a_confirm_that_was_tampered_with_or_is_wrong_writes_nothing_and_says_why(
    editor_client, geneva, changes, message
):
    page = preview(editor_client, AWAZA, real(AWAZA), language="en", slug="awaza")
    refused = confirm(editor_client, page, **changes)
    assert refused.status_code == 200
    assert message in text_of(refused)
    assert not Meeting.objects.filter(slug="awaza").exists() and Meeting.objects.count() == 1


def test_only_editors_may_bring_in_a_document(client, geneva, make_translator):
    assert client.get(URL).status_code == 302, "to the login page"
    client.force_login(make_translator("French"))
    assert client.get(URL).status_code == 403
    assert preview(client, AWAZA, real(AWAZA), language="en", slug="awaza").status_code == 403
    assert Group.objects.get(name="Editors").permissions.filter(codename="add_meeting").exists()


def test_a_translation_of_a_meeting_whose_blocks_changed_since_the_preview_is_refused(editor_client):
    meeting = import_real_document(UDHR["ar"], slug="udhr", language="ar")
    page = preview(editor_client, UDHR["ru"], real(UDHR["ru"]), language="ru", translation_of=meeting.pk)
    meeting.conclusions.filter(kind=Conclusion.Kind.SECTION).first().delete()
    refused = confirm(editor_client, page)
    assert refused.status_code == 200
    assert "does not have the blocks of “udhr” in their order: 1 difference" in refused.content.decode()
    assert translated(meeting, "ru") == 0
