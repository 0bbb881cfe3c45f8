"""`manage.py import_document`: a plain-text outcome document becomes a meeting, or nothing changes."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conclusions.models import Conclusion, Meeting
from tests.paths import GENEVA_TEXT

GENEVA = GENEVA_TEXT


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
def test_geneva_document_imports_as_a_draft_with_every_character_kept():
    output = import_document(GENEVA, slug="geneva-copy")
    assert "17 numbered paragraphs (17 new" in output
    meeting = Meeting.objects.get(slug="geneva-copy")
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.source_language == "zh-hans"
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2016, 4, 7), datetime.date(2016, 4, 8))
    assert len(meeting.preamble_zh_hans.split("\n\n")) == 5
    source = GENEVA.read_text(encoding="utf-8")
    for conclusion in meeting.conclusions.all():
        assert f"{conclusion.number}. {conclusion.text_zh_hans}" in source.replace("只有\n\n完全", "只有完全")


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing():
    output = import_document(GENEVA, slug="geneva-copy", dry_run=True)
    assert "\nWould import “geneva-copy”: 5 preamble paragraphs, 17 numbered paragraphs" in output
    assert not Meeting.objects.exists()
    assert not Conclusion.objects.exists()


@pytest.mark.django_db
def test_existing_slug_needs_replace_and_is_left_unchanged(make_meeting):
    meeting = make_meeting(slug="taken", conclusions=2)
    with pytest.raises(CommandError, match="already exists. Use --replace"):
        import_document(GENEVA, slug="taken")
    assert meeting.conclusions.count() == 2
    assert meeting.conclusions.get(number=1).text_en == "Paragraph 1 text."


@pytest.mark.django_db
def test_replace_brings_in_a_translation_with_the_same_paragraphs(make_meeting, write_document):
    meeting = make_meeting(slug="oslo", conclusions=2)
    path = write_document("Titre\n\nLe préambule.\n\n1. Premier.\n\n2. Deuxième.\n")
    import_document(path, slug="oslo", language="fr", replace=True)
    assert list(meeting.conclusions.values_list("text_fr", "text_en")) == [
        ("Premier.", "Paragraph 1 text."),
        ("Deuxième.", "Paragraph 2 text."),
    ]
    meeting.refresh_from_db()
    assert meeting.preamble_fr == "Le préambule."


@pytest.mark.django_db
def test_translation_with_other_paragraphs_is_refused(make_meeting, write_document):
    meeting = make_meeting(slug="oslo", conclusions=3)
    path = write_document("1. Premier.\n\n2. Deuxième.\n")
    with pytest.raises(CommandError, match="has paragraphs 1–2 but the meeting has 1–3"):
        import_document(path, slug="oslo", language="fr", replace=True)
    assert not meeting.conclusions.exclude(text_fr=None).exclude(text_fr="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "The file is not text in UTF-8, UTF-16 or GB18030"),
        ("Title\n\nNo numbers here.\n", "No numbered paragraphs"),
        ("2016-01-01\n\n1. One.\n\n3. Three.\n", "Line 5: Paragraph 3 follows paragraph 1: a number is missing"),
        ("2016-01-01\n\n1. One.\n\n1. One again.\n", "numbering that starts again at line 5"),
        ("2016-01-01\n\n1. One.\n\nI. A section\n\n2. Two.\n", "1 section heading \\(line 5\\)"),
        ("2016-01-01\n\n1. One:\n(a) an item;\n(b) another.\n", "2 sub-items \\(lines 4, 5\\)"),
        ("Title without a date\n\n1. One.\n", "No meeting dates were found"),
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
        assert list(meeting.conclusions.values_list("number", "text_zh_hans")) == [(1, "第一段。"), (2, "第二段。")]


@pytest.mark.django_db
def test_dry_run_shows_every_block_with_its_line_and_kind(write_document):
    path = write_document("Title\n2016-01-01\n\nThe General Assembly,\n\n1. One:\n(a) first;\n\nII. Part two\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        import_document(path, slug="shown", dry_run=True)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_document", str(path), slug="shown", dry_run=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Read as UTF-8: 6 blocks."
    assert [line.split() for line in lines[1:]] == [
        ["line", "1", "heading", "Title"],
        ["line", "2", "heading", "2016-01-01"],
        ["line", "4", "preamble", "The", "General", "Assembly,"],
        ["line", "6", "paragraph", "1.", "One:"],
        ["line", "7", "item", "(a)", "first;"],
        ["line", "9", "section", "II.", "Part", "two"],
    ]


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
    assert "(0 new, 1 changed, 1 removed)" in output
    assert list(meeting.conclusions.values_list("number", "text_en")) == [
        (1, "Paragraph 1 text."),
        (2, "Revised second paragraph."),
    ]
    # The removed paragraph stays in the history, where it can be restored.
    assert Conclusion.history.filter(number=3, history_type="-").exists()
