"""Migration 0015: search texts stored as folded strings before are rewritten as stems, so that search finds them."""

import datetime

import pytest

from tests.migration_steps import migrate, migrate_to_latest, migrated_back_to
from tests.search.test_search import found, search

BEFORE = [("conclusions", "0014_label_translation_bases")]
AFTER = [("conclusions", "0015_search_texts_as_stemmed_words")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


apps_before = migrated_back_to(BEFORE)


def test_texts_indexed_before_are_found_by_word_after(client, apps_before):
    apps = apps_before
    Meeting = apps.get_model("conclusions", "Meeting")
    Conclusion = apps.get_model("conclusions", "Conclusion")
    SearchText = apps.get_model("conclusions", "SearchText")
    meeting = Meeting.objects.create(
        slug="old-index",
        title_en="Old index",
        source_language="en",
        status="published",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    paragraph = Conclusion.objects.create(
        meeting=meeting, kind="paragraph", number=1, position=1, text_en="National plans of the Secretary-General."
    )
    empty = Conclusion.objects.create(meeting=meeting, kind="paragraph", number=2, position=2, text_en="…")
    place = {"meeting": meeting, "published": True, "meeting_start_date": meeting.start_date, "position": 1}
    # As the folding index stored them: folded strings.
    SearchText.objects.create(
        conclusion=paragraph,
        language="en",
        text="national plans of the secretary-general.",
        meeting_slug="old-index",
        **place,
    )
    SearchText.objects.create(
        conclusion=empty, language="en", text="…", meeting_slug="old-index", **{**place, "position": 2}
    )
    migrate(AFTER)

    assert SearchText.objects.get(conclusion=paragraph).text == " nation plan of the secretari general "
    assert not SearchText.objects.filter(conclusion=empty).exists(), "no word: no search text, as indexing writes"
    migrate_to_latest()  # the search of today reads what later migrations add
    assert found(search(client, q="plan Secretary General")) == [("old-index", 1)]
