"""Rules the data keeps, in the database and in validation messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from conclusions.models import Conclusion, Meeting


def test_meeting_cannot_end_before_it_starts(make_meeting):
    meeting = make_meeting(conclusions=0)
    meeting.end_date = meeting.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The end date cannot be before the start date."):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_conclusion_numbers_are_unique_within_a_meeting(make_meeting):
    meeting = make_meeting(conclusions=2)
    duplicate = Conclusion(meeting=meeting, number=2, text_en="Again.")
    with pytest.raises(ValidationError, match="already has a block of this kind with this number"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    other = make_meeting(slug="other", conclusions=0)
    Conclusion.objects.create(meeting=other, number=2, text_en="Fine in another meeting.")


def test_conclusion_number_zero_is_refused_by_the_database(make_meeting):
    meeting = make_meeting(conclusions=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conclusion.objects.create(meeting=meeting, number=0, text_en="Zero.")


def test_conclusion_needs_text_in_the_meetings_source_language(make_meeting):
    meeting = make_meeting(conclusions=0, source_language="zh-hans", title_zh_hans="会议")
    conclusion = Conclusion(meeting=meeting, number=1, text_en="Only English.")
    with pytest.raises(ValidationError) as error:
        conclusion.full_clean()
    assert "text_zh_hans" in error.value.message_dict
    conclusion.text_zh_hans = "中文原文。"
    conclusion.full_clean()


def test_meeting_needs_a_title_in_its_source_language(make_meeting):
    meeting = make_meeting(conclusions=0, source_language="fr", title_en="English only")
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "title_fr" in error.value.message_dict


def test_source_language_is_always_official_and_stored_in_un_order(make_meeting):
    meeting = make_meeting(conclusions=0, source_language="zh-hans", title_zh_hans="会议")
    meeting.official_languages = ["es", "zh-hans", "ar"]
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.official_languages == ["ar", "es"]
    assert meeting.official_language_codes == ["ar", "zh-hans", "es"]
    assert meeting.is_official("zh-hans") and not meeting.is_official("en")


def test_unknown_official_language_is_a_validation_error(make_meeting):
    meeting = make_meeting(conclusions=0)
    meeting.official_languages = ["de"]
    with pytest.raises(ValidationError, match="Unknown language codes: de"):
        meeting.full_clean()


def test_publishing_stamps_the_publication_date(make_meeting):
    meeting = make_meeting(conclusions=0, status=Meeting.Status.DRAFT)
    assert meeting.published_at is None
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    assert meeting.published_at is not None
    assert list(Meeting.objects.published()) == [meeting]


def test_readable_names_and_addresses(make_meeting):
    meeting = make_meeting(slug="vienna-2024", conclusions=1, title_en="Vienna meeting")
    conclusion = meeting.conclusions.get()
    assert str(meeting) == "Vienna meeting"
    assert str(conclusion) == "vienna-2024, paragraph 1"
    with translation.override("ar"):
        assert meeting.get_absolute_url() == "/ar/meetings/vienna-2024/"
        assert conclusion.get_absolute_url() == "/ar/meetings/vienna-2024/1/"


def test_missing_translation_falls_back_to_the_source_language(make_meeting):
    meeting = make_meeting(conclusions=1, source_language="en")
    conclusion = meeting.conclusions.get()
    with translation.override("ru"):
        shown = conclusion.shown_text
    assert (shown.text, shown.language, shown.is_fallback) == ("Paragraph 1 text.", "en", True)
    with translation.override("en"):
        assert not conclusion.shown_text.is_fallback


def test_natural_keys_identify_records(make_meeting):
    meeting = make_meeting(slug="oslo", conclusions=2)
    conclusion = meeting.conclusions.get(number=2)
    assert conclusion.natural_key() == ("oslo", conclusion.position)
    assert Conclusion.objects.get_by_natural_key("oslo", conclusion.position) == conclusion
    assert Meeting.objects.get_by_natural_key("oslo") == meeting


def test_line_ends_from_browsers_are_stored_as_newlines(make_meeting):
    meeting = make_meeting(conclusions=1)
    conclusion = meeting.conclusions.get()
    conclusion.text_fr = "Première ligne.\r\nDeuxième ligne.\rTroisième."
    conclusion.save()
    conclusion.refresh_from_db()
    assert conclusion.text_fr == "Première ligne.\nDeuxième ligne.\nTroisième."


def test_a_document_holds_blocks_of_every_kind_each_addressed_within_its_part_and_kind(make_meeting):
    meeting = make_meeting(slug="awaza", conclusions=0)
    Kind = Conclusion.Kind
    made = [
        Conclusion.objects.create(meeting=meeting, kind=kind, part=part, text_en=f"{kind} {part}")
        for part, kind in [
            (1, Kind.HEADING),
            (1, Kind.PREAMBLE),
            (1, Kind.PREAMBLE),
            (1, Kind.PARAGRAPH),
            (1, Kind.ITEM),
            (2, Kind.PART),
            (2, Kind.PARAGRAPH),
            (2, Kind.FOOTNOTE),
        ]
    ]
    # Left empty, the position is the next in the document and the number the next of its kind in its part.
    assert [block.position for block in made] == list(range(1, 9))
    assert [block.number for block in made] == [1, 1, 2, 1, 1, 1, 1, 1]
    preamble, paragraph, annexed, footnote = made[2], made[3], made[6], made[7]
    assert paragraph.get_absolute_url() == "/en/meetings/awaza/1/"
    assert annexed.get_absolute_url() == "/en/meetings/awaza/part-2/1/"
    assert preamble.get_absolute_url() == "/en/meetings/awaza/preamble-2/"
    assert footnote.get_absolute_url() == "/en/meetings/awaza/#part2-footnote1"
    assert (paragraph.anchor, annexed.anchor, preamble.anchor) == ("p1", "part2-p1", "preamble2")
    assert str(annexed) == "awaza, part 2, paragraph 1"
    with translation.override("fr"):
        assert preamble.reference == "alinéa du préambule 2"


def test_two_blocks_cannot_share_a_position(make_meeting):
    meeting = make_meeting(conclusions=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conclusion.objects.create(meeting=meeting, kind=Conclusion.Kind.PREAMBLE, position=1, text_en="Again.")


def test_an_unknown_kind_is_refused_by_the_database(make_meeting):
    meeting = make_meeting(conclusions=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conclusion.objects.create(meeting=meeting, kind="chapter", text_en="Unknown.")
