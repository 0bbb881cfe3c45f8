"""Importing meetings and themes from spreadsheets: the rules of the conclusions import, keyed by slug."""

import datetime

import pytest

from conclusions.content import content_save
from conclusions.models import Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets.conclusion_apply import ImportUndoError
from conclusions.spreadsheets.files import Table
from conclusions.spreadsheets.records import (
    MEETINGS,
    THEMES,
    apply_record_import,
    plan_record_import,
    undo_record_import,
)


def table(headers, *rows, file_format="csv") -> Table:
    return Table(file_format, headers, [list(row) for row in rows], list(range(2, len(rows) + 2)), "UTF-8", ",")


def problems(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


def test_translator_adds_french_theme_names_and_nothing_else(geneva):
    youth = Theme.objects.get(slug="youth")
    english = youth.name_en
    plan = plan_record_import(THEMES, table(["slug", "name_fr"], ["youth", "Jeunesse"], ["peace-new", ""]))
    assert problems(plan) == ["Row 3, column “name_en”: A theme needs its name in English."]

    plan = plan_record_import(THEMES, table(["slug", "name_fr"], ["youth", "Jeunesse"]))
    assert plan.counts == {"new": 0, "changed": 1, "unchanged": 0, "refused": 0, "error": 0}
    record = apply_record_import(THEMES, plan, file_name="themes.csv")
    youth.refresh_from_db()
    assert (youth.name_fr, youth.name_en, record.target) == ("Jeunesse", english, "theme")
    assert youth.history.latest().history_change_reason == record.history_reason


def test_new_meeting_needs_dates_language_and_a_title_in_that_language(db):
    headers = ["slug", "start_date", "end_date", "source_language", "title_en", "title_fr"]
    plan = plan_record_import(MEETINGS, table(headers, ["oslo-2024", "2024-05-02", "2024-05-01", "fr", "Oslo", ""]))
    assert sorted(problems(plan)) == [
        "Row 2, column “title_fr”: Required in French, the source language of the meeting.",
        "Row 2: The end date cannot be before the start date.",
    ]
    plan = plan_record_import(
        MEETINGS, table(headers, ["oslo-2024", "2024-05-02", "2024-05-03", "fr", "Oslo", "Oslo (fr)"])
    )
    assert plan.is_valid
    apply_record_import(MEETINGS, plan, file_name="meetings.xlsx")
    meeting = Meeting.objects.get(slug="oslo-2024")
    assert (meeting.start_date, meeting.status, meeting.title_fr) == (datetime.date(2024, 5, 2), "draft", "Oslo (fr)")


@pytest.mark.parametrize(
    ("headers", "row", "message"),
    [
        (["slug", "start_date"], ["geneva-2016", "7 April"], "Row 2, column “start_date”: “7 April” is not a date"),
        (["slug", "source_language"], ["geneva-2016", "zh"], "“zh” is not a language code"),
        (["slug", "status"], ["geneva-2016", "live"], "“live” is not a status"),
        (["slug", "titel_en"], ["geneva-2016", "x"], "Column “titel_en”: Unknown column. Did you mean “title_en”?"),
        (["title_en"], ["x"], "The file has no “slug” column"),
        (["slug", "title_en"], ["Not A Slug", "x"], "“Not A Slug” is not a valid slug."),
    ],
)
def test_bad_meeting_cells_are_named_and_nothing_is_written(geneva, headers, row, message):
    plan = plan_record_import(MEETINGS, table(headers, row))
    assert any(message in text for text in problems(plan)), problems(plan)
    with pytest.raises(ValueError):
        apply_record_import(MEETINGS, plan, file_name="bad.csv")
    assert not SpreadsheetImport.objects.exists()


def test_same_slug_twice_is_an_error(geneva):
    plan = plan_record_import(THEMES, table(["slug", "name_fr"], ["youth", "A"], ["youth", "B"]))
    assert problems(plan) == ["Row 3, column “slug”: “youth” is already in row 2."]


def test_theme_position_must_be_a_small_whole_number(geneva):
    plan = plan_record_import(THEMES, table(["slug", "position"], ["youth", "1e1000000"]))
    assert "is not a position" in problems(plan)[0]


def test_source_language_title_cannot_be_cleared(geneva):
    plan = plan_record_import(MEETINGS, table(["slug", "title_zh_hans"], ["geneva-2016", ""]), clear_empty=True)
    assert problems(plan) == [
        "Row 2, column “title_zh_hans”: Required in Chinese, the source language of the meeting."
    ]


def test_meeting_import_is_undone_exactly(geneva, editor):
    before = (geneva.venue_fr, geneva.end_date)
    plan = plan_record_import(
        MEETINGS,
        table(["slug", "venue_fr", "end_date"], ["geneva-2016", "Genève", "2016-04-09"], ["bern-2017", "", ""]),
    )
    assert problems(plan) == [
        "Row 3, column “start_date”: A new record needs this column, which the file does not have.",
        "Row 3, column “end_date”: A new record needs a value in this column.",
        "Row 3, column “source_language”: A new record needs this column, which the file does not have.",
    ]
    plan = plan_record_import(
        MEETINGS, table(["slug", "venue_fr", "end_date"], ["geneva-2016", "Genève", "2016-04-09"])
    )
    record = apply_record_import(MEETINGS, plan, file_name="m.csv", user=editor)
    geneva.refresh_from_db()
    assert (geneva.venue_fr, geneva.end_date) == ("Genève", datetime.date(2016, 4, 9))
    assert geneva.history.latest().history_user == editor

    undo_record_import(MEETINGS, record, user=editor)
    geneva.refresh_from_db()
    assert (geneva.venue_fr, geneva.end_date) == before
    with pytest.raises(ImportUndoError):
        undo_record_import(MEETINGS, record)


def test_created_theme_is_removed_by_undo_unless_edited_since(geneva):
    plan = plan_record_import(THEMES, table(["slug", "name_en", "position"], ["peace", "Peace", "20"]))
    record = apply_record_import(THEMES, plan, file_name="t.csv")
    theme = Theme.objects.get(slug="peace")
    theme.name_fr = "Paix"
    content_save([theme])
    with pytest.raises(ImportUndoError, match="peace changed after this import"):
        undo_record_import(THEMES, record)
    assert Theme.objects.filter(slug="peace").exists()
