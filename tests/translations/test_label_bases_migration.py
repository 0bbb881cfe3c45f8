"""Migration 0014: labels translated before labels had a status start current, not outdated."""

import datetime

import pytest

from conclusions.models import Conclusion
from conclusions.translations.status import translation_statuses
from tests.migration_steps import migrate, migrated_back_to

BEFORE = [("conclusions", "0013_number_suffix")]
AFTER = [("conclusions", "0014_label_translation_bases")]

# Schema changes on SQLite cannot run inside the test's transaction (see tests/migration_steps.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


apps_before = migrated_back_to(BEFORE)


def test_existing_label_translations_are_based_on_the_current_source_labels(apps_before):
    apps = apps_before
    Meeting = apps.get_model("conclusions", "Meeting")
    OldConclusion = apps.get_model("conclusions", "Conclusion")
    meeting = Meeting.objects.create(
        slug="labels",
        title_zh_hans="会议",
        source_language="zh-hans",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    labelled = OldConclusion.objects.create(
        meeting=meeting,
        kind="item",
        number=1,
        position=1,
        label_zh_hans="（一）",
        label_en="(a)",
        label_ar="(أ)",
        label_ru=" ",
        text_zh_hans="分项。",
    )
    unlabelled = OldConclusion.objects.create(
        meeting=meeting, kind="preamble", number=1, position=2, text_zh_hans="序言。", text_en="Preamble."
    )
    migrate(AFTER)

    blocks = list(Conclusion.objects.select_related("meeting").filter(pk__in=[labelled.pk, unlabelled.pk]))
    statuses = translation_statuses(blocks, "label")
    assert {code: statuses[(labelled.pk, code)] for code in ("zh-hans", "en", "ar", "ru", "fr")} == {
        "zh-hans": "source",
        "en": "current",
        "ar": "current",
        "ru": "missing",  # a blank label is no translation
        "fr": "missing",
    }
    assert {statuses[(unlabelled.pk, code)] for code in ("en", "fr")} == {"current"}, "no label to translate"
