"""The checked-in Geneva document: the fixtures hold the original text, character for character."""

import hashlib
import re

import pytest

from conclusions.models import Conclusion, Meeting, Theme
from tests.paths import GENEVA_TEXT

ORIGINAL = GENEVA_TEXT
# The seed as received from the secretariat; any edit to the checked-in copy changes it.
ORIGINAL_SHA256 = "7d09511706108deb719fca5100579644c93f374e5d32113bdc35ccd1fea71d48"
PAGE_BREAK = "指出各会员国只有\n\n完全履行国际法"


@pytest.fixture(scope="module")
def source_blocks() -> list[str]:
    """The source's paragraphs, the page break re-joined by hand, independently of the parser."""
    text = ORIGINAL.read_text(encoding="utf-8")
    assert text.count(PAGE_BREAK) == 1
    text = text.replace(PAGE_BREAK, PAGE_BREAK.replace("\n\n", ""))
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def test_checked_in_copy_is_the_original_file():
    assert hashlib.sha256(ORIGINAL.read_bytes()).hexdigest() == ORIGINAL_SHA256


def test_conclusions_equal_the_numbered_source_paragraphs(geneva, source_blocks):
    numbered = [block for block in source_blocks if re.match(r"\d+\. ", block)]
    assert len(numbered) == 17
    stored = list(geneva.conclusions.filter(kind=Conclusion.Kind.PARAGRAPH))
    assert [conclusion.number for conclusion in stored] == list(range(1, 18))
    for conclusion, block in zip(stored, numbered, strict=True):
        assert f"{conclusion.label_zh_hans} {conclusion.text_zh_hans}" == block


def test_preamble_equals_the_five_source_paragraphs_before_paragraph_1(geneva, source_blocks):
    first_numbered = next(i for i, block in enumerate(source_blocks) if block.startswith("1. "))
    preamble = geneva.conclusions.filter(kind=Conclusion.Kind.PREAMBLE)
    assert [block.text_zh_hans for block in preamble] == source_blocks[first_numbered - 5 : first_numbered]


def test_heading_is_kept_line_by_line_before_the_preamble(geneva):
    source = ORIGINAL.read_text(encoding="utf-8")
    lines = [line.strip() for line in source[: source.index("联合国秘书长潘基文阁下")].splitlines() if line.strip()]
    heading = geneva.conclusions.filter(kind=Conclusion.Kind.HEADING)
    assert [block.text_zh_hans for block in heading] == lines
    assert len(re.sub(r"\s", "", "".join(lines))) == 186  # the characters the issue found stored nowhere
    assert [block.position for block in heading] == list(range(1, 12))


def test_nothing_invented_nothing_dropped(geneva):
    """Every character of the source is in the stored Chinese, in the document's order, and nothing else."""
    stored = "".join(f"{block.label_zh_hans or ''}{block.text_zh_hans}" for block in geneva.conclusions.all())
    assert re.sub(r"\s", "", stored) == re.sub(r"\s", "", ORIGINAL.read_text(encoding="utf-8"))


def test_meeting_metadata_is_the_documents_own_heading(geneva):
    heading = ORIGINAL.read_text(encoding="utf-8").splitlines()
    for value in (
        geneva.title_zh_hans,
        geneva.document_title_zh_hans,
        geneva.organizers_zh_hans,
        geneva.venue_zh_hans,
    ):
        assert value in heading
    assert (geneva.start_date.isoformat(), geneva.end_date.isoformat()) == ("2016-04-07", "2016-04-08")
    assert geneva.source_language == "zh-hans"
    assert geneva.status == Meeting.Status.PUBLISHED


@pytest.mark.parametrize("field", ["title", "document_title", "organizers", "venue"])
def test_meeting_metadata_in_all_six_languages(geneva, field):
    for suffix in ["ar", "zh_hans", "en", "fr", "ru", "es"]:
        assert getattr(geneva, f"{field}_{suffix}").strip()


def test_english_working_translation_covers_every_block(geneva):
    assert geneva.conclusions.count() == 11 + 5 + 17
    for conclusion in geneva.conclusions.all():
        assert conclusion.text_en.strip()
        assert not re.search(r"[\u4e00-\u9fff]", conclusion.text_en)
    assert "en" not in geneva.official_language_codes


def test_themes_in_six_languages_and_every_paragraph_tagged(geneva):
    themes = Theme.objects.all()
    assert themes.count() >= 12
    assert themes.first().name_en == "Dialogue and conflict prevention"
    for theme in themes:
        for suffix in ["ar", "zh_hans", "en", "fr", "ru", "es"]:
            assert getattr(theme, f"name_{suffix}").strip() and getattr(theme, f"description_{suffix}").strip()
        assert theme.conclusions.exists(), f"{theme.slug} tags no paragraph"
    for conclusion in geneva.conclusions.filter(kind=Conclusion.Kind.PARAGRAPH).prefetch_related("themes"):
        assert conclusion.themes.all(), f"paragraph {conclusion.number} has no theme"
    tenth = geneva.conclusions.get(kind=Conclusion.Kind.PARAGRAPH, number=10)
    assert list(tenth.themes.values_list("slug", flat=True)) == ["youth"]


def test_loaded_content_has_a_first_history_version(geneva):
    assert geneva.history.count() == 1
    for conclusion in geneva.conclusions.all():
        assert conclusion.history.count() == 1
        assert conclusion.history.get().text_zh_hans == conclusion.text_zh_hans


def test_loading_again_leaves_editors_work_alone(geneva):
    from django.core.management import call_command

    sixth = geneva.conclusions.filter(kind=Conclusion.Kind.PARAGRAPH, number=6)
    sixth.update(text_fr="Texte révisé.")
    call_command("load_original_documents", verbosity=0)
    assert sixth.get().text_fr == "Texte révisé."
