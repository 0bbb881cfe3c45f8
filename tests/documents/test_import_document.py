"""`manage.py import_document`: a document (text or Word) becomes a meeting or a translation, or nothing changes."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conclusions.documents.reading import read_document
from conclusions.documents.structure import Kind
from conclusions.models import Conclusion, Meeting
from tests.paths import GENEVA_TEXT
from tests.real_documents import AWAZA, EXPECTED, JOINT_STATEMENT, REAL

GENEVA = GENEVA_TEXT
AWAZA_WORD = "17_a-res-80-3-awaza-political-declaration.docx"
UDHR_ARABIC, UDHR_RUSSIAN, UDHR_FRENCH = "06_udhr-ar.txt", "08_udhr-ru.txt", "09_udhr-fr.txt"


def import_document(*args, **options) -> str:
    out = StringIO()
    call_command("import_document", *map(str, args), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def write_document(tmp_path):
    def write(content: str | bytes, name="document.txt") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return write


@pytest.mark.django_db
def test_geneva_document_imports_as_a_draft_block_by_block_with_every_character_kept(geneva):
    output = import_document(GENEVA, slug="geneva-copy")
    copy = Meeting.objects.get(slug="geneva-copy")
    assert (copy.status, copy.source_language) == (Meeting.Status.DRAFT, "zh-hans")
    assert (copy.start_date, copy.end_date) == (geneva.start_date, geneva.end_date)
    # The checked-in Geneva meeting was made from this very file: the same blocks, the same Chinese text.
    columns = ("kind", "part", "number", "label_zh_hans", "text_zh_hans")

    def blocks(meeting):
        return [(*values, label or "", text) for *values, label, text in meeting.conclusions.values_list(*columns)]

    assert blocks(copy) == blocks(geneva)
    for field in ("title", "document_title", "organizers", "venue"):
        assert getattr(copy, f"{field}_zh_hans") == getattr(geneva, f"{field}_zh_hans"), "from the heading"
        assert f": {getattr(geneva, f'{field}_zh_hans')}\n" in output
    blocks = copy.conclusions.count()
    assert f"Imported “geneva-copy”: {blocks} blocks (" in output and f"{blocks} new, 0 changed, 0 removed" in output


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing():
    output = import_document(GENEVA, slug="geneva-copy", dry_run=True)
    assert "\nWould import “geneva-copy”: " in output and "5 preamble paragraph, 17 numbered paragraph" in output
    assert not Meeting.objects.exists()
    assert not Conclusion.objects.exists()


@pytest.mark.django_db
def test_existing_slug_needs_replace_and_is_left_unchanged(make_meeting):
    meeting = make_meeting(slug="taken", conclusions=2)
    with pytest.raises(
        CommandError, match="already exists: nothing was written. Use --replace to replace its Chinese"
    ):
        import_document(GENEVA, slug="taken")
    assert meeting.conclusions.count() == 2
    assert meeting.conclusions.get(number=1).text_en == "Paragraph 1 text."


@pytest.mark.django_db
def test_replace_brings_in_a_translation_with_the_same_blocks(make_meeting, write_document):
    meeting = make_meeting(slug="oslo", conclusions=2)
    path = write_document("1. Premier.\n\n2. Deuxième.\n")
    output = import_document(path, slug="oslo", language="fr", replace=True)
    assert "The French document matches the original block by block." in output
    assert list(meeting.conclusions.values_list("label_fr", "text_fr", "text_en")) == [
        ("1.", "Premier.", "Paragraph 1 text."),
        ("2.", "Deuxième.", "Paragraph 2 text."),
    ]


@pytest.mark.django_db
def test_translation_with_other_blocks_is_refused_with_each_difference_and_its_line(make_meeting, write_document):
    meeting = make_meeting(slug="oslo", conclusions=3)
    path = write_document("Préambule ajouté, qui n’est pas dans l’original.\n\n1. Premier.\n\n2. Deuxième.\n")
    with pytest.raises(CommandError) as refused:
        import_document(path, slug="oslo", language="fr", replace=True)
    message = str(refused.value)
    assert "The French document does not have the same blocks as the original (2 differences): " in message
    assert re.search(
        r"Line 1: preamble paragraph 1 “Préambule ajouté, [^”]+…”, which the original does not have\.", message
    )
    assert "After line 5: paragraph 3 “Paragraph 3 text.” of the original is missing." in message
    assert "\n" not in message, "on one line"
    assert not meeting.conclusions.exclude(text_fr=None).exclude(text_fr="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "The file is not text in UTF-8, UTF-16 or GB18030"),
        ("Title\nSubtitle\n", "Line 1 \\(“Title”\\): No paragraphs were found: the whole text was read as heading"),
        ("2016-01-01\n\n1. One.\n\n3. Three.\n", "Line 5 \\(“3. Three.”\\): Paragraph 3 follows paragraph 1"),
        ("Title without a date\n\n1. One.\n", "No meeting dates were found"),
        ("Geneva, 2016-01-01\n\n1. One.\n\n2. Two \ufffe.\n", "Line 5: the text contains the character U\\+FFFE"),
    ],
)
def test_bad_documents_get_a_clear_error_and_write_nothing(write_document, content, message):
    with pytest.raises(CommandError, match=message):
        import_document(write_document(content), slug="bad")
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_gb18030_and_utf16_texts_and_word_documents_are_read(write_document):
    text = "会议\n2016年4月7日\n\n1. 第一段。\n\n2. 第二段。\n"
    for number, data in enumerate([text.encode("gb18030"), text.encode("utf-16")]):
        import_document(write_document(data, f"doc{number}.txt"), slug=f"encoded-{number}")
        meeting = Meeting.objects.get(slug=f"encoded-{number}")
        assert list(meeting.conclusions.values_list("kind", "number", "text_zh_hans")) == [
            ("heading", 1, "会议"),
            ("heading", 2, "2016年4月7日"),
            ("paragraph", 1, "第一段。"),
            ("paragraph", 2, "第二段。"),
        ]


@pytest.mark.django_db
def test_dry_run_shows_every_block_with_its_line_and_kind_as_the_admin_does(write_document):
    path = write_document("Title\n2016-01-01\n\nThe General Assembly,\n\n1. One:\n(a) first;\n\nII. Part two\n")
    lines = import_document(path, slug="shown", dry_run=True).splitlines()
    assert lines[0] == "Read as UTF-8: 6 blocks."
    assert [re.fullmatch(r"  line +(\d+)  (.+?) {2,}(.+)", line).groups() for line in lines[1:7]] == [
        ("1", "heading line", "Title"),
        ("2", "heading line", "2016-01-01"),
        ("4", "preamble paragraph", "The General Assembly,"),
        ("6", "paragraph 1", "1. One:"),
        ("7", "sub-item (a)", "(a) first;"),
        ("9", "section heading", "II. Part two"),
    ]
    assert lines[7].startswith("Would import “shown”: 6 blocks") and not Meeting.objects.exists()


@pytest.mark.django_db
def test_dates_can_be_given_when_the_heading_has_none(write_document):
    path = write_document("Meeting\n\n1. One.\n")
    import_document(path, slug="dated", language="en", start_date="2024-05-02", title="A meeting")
    meeting = Meeting.objects.get(slug="dated")
    assert (meeting.start_date, meeting.end_date, meeting.title_en) == (
        datetime.date(2024, 5, 2),
        datetime.date(2024, 5, 2),
        "A meeting",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "--slug", "x"], "Cannot read"),
        ([str(GENEVA), "--slug", "Not A Slug"], "not a valid slug"),
        ([str(GENEVA), "--slug", "x", "--start-date", "2016-13-01"], "not a date"),
        ([str(GENEVA), "--slug", "x", "--start-date", "2016-04-08", "--end-date", "2016-04-07"], "end date"),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_document", *args, stdout=StringIO())
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_replace_in_the_source_language_makes_paragraphs_match_the_file(make_meeting, write_document):
    meeting = make_meeting(slug="oslo", conclusions=3)
    path = write_document("2020-01-01\n\n1. Paragraph 1 text.\n\n2. Revised second paragraph.\n")
    output = import_document(path, slug="oslo", language="en", replace=True)
    # The heading line is new; both paragraphs now have their labels as printed, the second a new text.
    assert "(1 heading line, 2 numbered paragraph); 1 new, 2 changed, 1 removed." in output
    assert list(meeting.conclusions.values_list("kind", "number", "label_en", "text_en")) == [
        ("heading", 1, "", "2020-01-01"),
        ("paragraph", 1, "1.", "Paragraph 1 text."),
        ("paragraph", 2, "2.", "Revised second paragraph."),
    ]
    # The removed paragraph stays in the history, where it can be restored.
    assert Conclusion.history.filter(number=3, history_type="-").exists()


# Whole real documents (tests/documents/real, see SOURCES.md), as a secretariat brings them in.


@pytest.mark.django_db
@pytest.mark.parametrize("leave_out_furniture", [False, True])
def test_a_resolution_with_an_annex_is_stored_block_by_block_in_two_parts(leave_out_furniture):
    structure = read_document((REAL / AWAZA).read_bytes(), AWAZA)
    options = {"leave_out_furniture": True} if leave_out_furniture else {}
    output = import_document(REAL / AWAZA, slug="awaza", language="en", **options)
    meeting = Meeting.objects.get(slug="awaza")
    kept = [block for block in structure.blocks if not (leave_out_furniture and block.kind == Kind.FURNITURE)]
    stored = list(meeting.conclusions.order_by("position").values_list("kind", "part", "label_en", "text_en"))
    assert stored == [(block.kind, block.part, block.marker.strip(), block.text) for block in kept]
    expected = EXPECTED[AWAZA]
    for part, numbers in enumerate(expected["parts"], 1):
        labels = [label for kind, p, label, _text in stored if kind == "paragraph" and p == part]
        assert (labels[0], labels[-1]) == (f"{numbers['first']}.", f"{numbers['last']}.")
    for kind in ("heading", "preamble", "section", "item", "footnote"):
        assert sum(1 for stored_kind, *_rest in stored if stored_kind == kind) == expected[kind], kind
    furniture = [block.line for block in structure.of_kind(Kind.FURNITURE)]
    assert (f"Page furniture left out: lines {', '.join(map(str, furniture))}." in output) == leave_out_furniture
    assert meeting.document_title_en == "80/3. Awaza Political Declaration"


@pytest.mark.django_db
def test_a_chinese_joint_statement_without_numbers_is_dated_where_signed_and_keeps_its_dashes():
    import_document(REAL / JOINT_STATEMENT, slug="china-uae")
    meeting = Meeting.objects.get(slug="china-uae")
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2019, 7, 23),) * 2, "2019年7月23日于北京"
    stored = list(meeting.conclusions.values_list("kind", "label_zh_hans", "text_zh_hans"))
    expected = EXPECTED[JOINT_STATEMENT]
    assert [label for kind, label, _text in stored if kind == "item"] == ["——"] * expected["item"]
    assert sum(1 for kind, *_rest in stored if kind == "unnumbered") == expected["unnumbered"]
    assert not any(kind == "paragraph" for kind, *_rest in stored)
    source = (REAL / JOINT_STATEMENT).read_text(encoding="utf-8")
    assert all(f"{label}{text}" in source for _kind, label, text in stored), "every block as printed"


@pytest.mark.django_db
def test_a_word_document_with_automatic_numbering():
    import_document(REAL / AWAZA_WORD, slug="awaza-word", language="en", start_date="2025-10-14")
    meeting = Meeting.objects.get(slug="awaza-word")
    paragraphs = meeting.conclusions.filter(kind="paragraph")
    assert list(paragraphs.filter(part=2).values_list("label_en", flat=True)) == [f"{n}." for n in range(1, 26)]
    assert list(meeting.conclusions.filter(kind="item").values_list("label_en", flat=True)) == [
        "(a)",
        "(b)",
        "(c)",
        "(d)",
        "(e)",
    ]


@pytest.mark.django_db
def test_a_translation_of_the_universal_declaration_is_matched_block_by_block():
    import_document(REAL / UDHR_ARABIC, slug="udhr", language="ar", start_date="1948-12-10")
    output = import_document(REAL / UDHR_RUSSIAN, slug="udhr", language="ru", replace=True)
    assert "The Russian document matches the original block by block." in output
    meeting = Meeting.objects.get(slug="udhr")
    russian = read_document((REAL / UDHR_RUSSIAN).read_bytes(), UDHR_RUSSIAN).blocks
    assert list(meeting.conclusions.order_by("position").values_list("text_ru", flat=True)) == [
        block.text for block in russian
    ]
    with pytest.raises(CommandError, match=r"The French document does not have the same blocks .* After line 1: "):
        import_document(REAL / UDHR_FRENCH, slug="udhr", language="fr", replace=True)
    assert not meeting.conclusions.exclude(text_fr=None).exclude(text_fr="").exists()
