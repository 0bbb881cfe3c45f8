"""Migration 0016: search texts stored before are given their block's kind, which ranking reads."""

import datetime

import pytest

from tests.migration_steps import migrate, migrated_back_to
from tests.search.test_search import found, search

BEFORE = [("conclusions", "0015_search_texts_as_stemmed_words")]
AFTER = [("conclusions", "0016_search_texts_kind_and_indexes")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


apps_before = migrated_back_to(BEFORE)


def test_texts_stored_before_get_their_blocks_kind_and_a_heading_still_ranks_first(client, apps_before):
    apps = apps_before
    Meeting = apps.get_model("conclusions", "Meeting")
    Conclusion = apps.get_model("conclusions", "Conclusion")
    SearchText = apps.get_model("conclusions", "SearchText")
    meeting = Meeting.objects.create(
        slug="kinds",
        title_en="Kinds",
        source_language="en",
        status="published",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    blocks = [
        Conclusion.objects.create(meeting=meeting, kind="paragraph", number=1, position=1, text_en="Youth plans."),
        Conclusion.objects.create(meeting=meeting, kind="section", number=1, position=2, text_en="Youth plans"),
    ]
    for block, stems in zip(blocks, [" youth plan ", " youth plan "], strict=True):
        SearchText.objects.create(
            conclusion=block,
            language="en",
            text=stems,
            meeting=meeting,
            published=True,
            meeting_start_date=meeting.start_date,
            meeting_slug="kinds",
            position=block.position,
        )
    apps = migrate(AFTER)

    SearchText = apps.get_model("conclusions", "SearchText")
    kinds = dict(SearchText.objects.values_list("conclusion_id", "kind"))
    assert kinds == {blocks[0].pk: "paragraph", blocks[1].pk: "section"}
    # The heading counts in the ranking: listed before the paragraph that comes first in the document.
    assert found(search(client, q="youth plans")) == [("kinds", "#section1"), ("kinds", 1)]
