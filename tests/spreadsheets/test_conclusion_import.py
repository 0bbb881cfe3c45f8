"""Importing conclusions from a table: per-column changes, empty cells, every bad row named, undo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Conclusion, SpreadsheetImport
from conclusions.spreadsheets.conclusion_apply import ImportUndoError, apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import Table


def table(headers: list[str], *rows: list) -> Table:
    return Table(
        format="csv",
        headers=headers,
        rows=[list(row) for row in rows],
        row_numbers=list(range(2, len(rows) + 2)),
        encoding="UTF-8",
        delimiter=",",
    )


def problems(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


@pytest.fixture
def meeting(make_meeting, make_theme):
    themes = [make_theme("peace", position=1), make_theme("youth", position=2)]
    return make_meeting(slug="oslo", conclusions=3, themes=themes[:1])


def test_translator_file_changes_only_french(meeting):
    plan = plan_conclusion_import(table(["meeting", "number", "text_fr"], ["oslo", "2", "Deuxième paragraphe."]))
    assert plan.is_valid
    row = plan.rows[0]
    assert (row.status, [(c.column, c.kind) for c in row.changes]) == ("changed", [("text_fr", "new")])
    apply_conclusion_import(plan, file_name="fr.csv")
    conclusion = meeting.conclusions.get(number=2)
    assert (conclusion.text_fr, conclusion.text_en) == ("Deuxième paragraphe.", "Paragraph 2 text.")
    assert list(conclusion.themes.values_list("slug", flat=True)) == ["peace"]


def test_empty_cell_keeps_stored_text_unless_clearing_is_asked(meeting):
    meeting.conclusions.filter(number=1).update(text_fr="Texte.")
    rows = table(["meeting", "number", "text_fr", "themes"], ["oslo", "1", "", ""])
    kept = plan_conclusion_import(rows)
    assert kept.rows[0].status == "unchanged"
    cleared = plan_conclusion_import(rows, clear_empty=True)
    assert [(c.column, c.kind) for c in cleared.rows[0].changes] == [("text_fr", "cleared"), ("themes", "cleared")]
    apply_conclusion_import(cleared, file_name="clear.csv")
    conclusion = meeting.conclusions.get(number=1)
    assert conclusion.text_fr == "" and not conclusion.themes.exists()


def test_source_language_text_cannot_be_cleared(meeting):
    plan = plan_conclusion_import(table(["meeting", "number", "text_en"], ["oslo", "1", ""]), clear_empty=True)
    assert problems(plan) == ["Row 2, column “text_en”: The text in the source language cannot be cleared."]


def test_new_paragraph_with_themes_is_created(meeting):
    plan = plan_conclusion_import(
        table(["meeting", "number", "text_en", "themes"], ["oslo", "4", "Fourth.", "youth, peace"])
    )
    assert plan.counts == {"new": 1, "changed": 0, "unchanged": 0, "refused": 0, "error": 0}
    apply_conclusion_import(plan, file_name="new.csv")
    fourth = meeting.conclusions.get(number=4)
    assert fourth.text_en == "Fourth."
    assert sorted(fourth.themes.values_list("slug", flat=True)) == ["peace", "youth"]


@pytest.mark.parametrize(
    ("headers", "row", "message"),
    [
        (
            ["meeting", "number", "text_en"],
            ["nowhere", "1", "x"],
            "Row 2, column “meeting”: There is no meeting “nowhere”.",
        ),
        (["meeting", "number", "themes"], ["oslo", "1", "peace, war"], "Row 2, column “themes”: Unknown themes: war."),
        (["meeting", "number", "text_en"], ["oslo", "1e1000000", "x"], "Row 2, column “number”: “1e1000000” is not"),
        (["meeting", "number", "text_en"], ["oslo", "0", "x"], "Row 2, column “number”: “0” is not a paragraph"),
        (["meeting", "number", "text_en"], ["oslo", "-3", "x"], "is not a paragraph number"),
        (["meeting", "number", "text_en"], ["oslo", "2.5", "x"], "is not a paragraph number"),
        (["meeting", "number", "text_en"], ["oslo", 2.5, "x"], "is not a paragraph number"),
        (["meeting", "number", "text_en"], ["oslo", "inf", "x"], "is not a paragraph number"),
        (
            ["meeting", "number", "text_fra"],
            ["oslo", "1", "x"],
            "Column “text_fra”: Unknown column. Did you mean “text_fr”?",
        ),
        (["meeting", "text_en"], ["oslo", "x"], "The file has no “number” column"),
        (["number", "text_en"], ["1", "x"], "The file has no “meeting” column"),
        (
            ["meeting", "number", "text_fr"],
            ["oslo", "9", "Nouveau."],
            "needs its text in English, the meeting's source",
        ),
        (["meeting", "number", "text_en"], ["", "1", "x"], "Row 2, column “meeting”: The meeting is missing."),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(meeting, headers, row, message):
    plan = plan_conclusion_import(table(headers, row))
    assert not plan.is_valid
    assert any(message in text for text in problems(plan)), problems(plan)
    with pytest.raises(ValueError):
        apply_conclusion_import(plan, file_name="bad.csv")
    assert not SpreadsheetImport.objects.exists()


def test_same_paragraph_twice_is_an_error(meeting):
    plan = plan_conclusion_import(
        table(["meeting", "number", "text_fr"], ["oslo", "1", "Un."], ["oslo", "2", "Deux."], ["oslo", "1", "Encore."])
    )
    assert problems(plan) == ["Row 4, column “number”: Paragraph 1 of “oslo” is already in row 2."]


def test_one_bad_row_stops_the_whole_file(meeting):
    plan = plan_conclusion_import(
        table(["meeting", "number", "text_fr"], ["oslo", "1", "Un."], ["oslo", "x", "Deux."])
    )
    assert plan.counts["error"] == 1
    assert not meeting.conclusions.exclude(text_fr__isnull=True).exclude(text_fr="").exists()


def test_spreadsheet_numbers_and_escaped_formulas_are_read(meeting):
    plan = plan_conclusion_import(table(["meeting", "number", "text_fr"], ["oslo", 3.0, "'=1+1"], ["oslo", 2, "'-x"]))
    assert plan.is_valid
    apply_conclusion_import(plan, file_name="x.xlsx")
    assert list(meeting.conclusions.order_by("number").values_list("text_fr", flat=True)) == [None, "-x", "=1+1"]


def test_import_is_recorded_with_history_and_can_be_undone(meeting, editor):
    meeting.conclusions.filter(number=1).update(text_fr="Ancien.")
    plan = plan_conclusion_import(
        table(
            ["meeting", "number", "text_en", "text_fr", "themes"],
            ["oslo", "1", "Paragraph 1 text.", "Nouveau.", "youth"],
            ["oslo", "2", "Paragraph 2 text.", "", "peace"],
            ["oslo", "4", "Fourth.", "Quatrième.", "peace"],
        )
    )
    record = apply_conclusion_import(plan, file_name="fr.csv", user=editor)
    assert (record.created_count, record.changed_count, record.unchanged_count) == (1, 1, 1)
    assert record.user == editor
    first = meeting.conclusions.get(number=1)
    latest = first.history.latest()
    assert (latest.text_fr, latest.history_user, latest.history_change_reason) == (
        "Nouveau.",
        editor,
        record.history_reason,
    )
    assert list(latest.themes.values_list("theme__slug", flat=True)) == ["youth"]

    undo_conclusion_import(record, user=editor)
    first.refresh_from_db()
    assert first.text_fr == "Ancien."
    assert list(first.themes.values_list("slug", flat=True)) == ["peace"]
    assert not meeting.conclusions.filter(number=4).exists()
    record.refresh_from_db()
    assert record.is_undone and record.undone_by == editor
    with pytest.raises(ImportUndoError, match="already been undone"):
        undo_conclusion_import(record)


def test_undo_is_refused_when_a_paragraph_changed_since(meeting):
    plan = plan_conclusion_import(table(["meeting", "number", "text_fr"], ["oslo", "2", "Deux."]))
    record = apply_conclusion_import(plan, file_name="fr.csv")
    later = meeting.conclusions.get(number=2)
    later.text_fr = "Deux, corrigé à la main."
    content_save([later])
    with pytest.raises(ImportUndoError, match="Paragraphs 2 were changed after this import"):
        undo_conclusion_import(record)
    later.refresh_from_db()
    assert later.text_fr == "Deux, corrigé à la main."


def test_reimporting_the_same_rows_changes_nothing(meeting):
    rows = table(
        ["meeting", "number", "text_en", "text_fr", "themes"], ["oslo", "1", "Paragraph 1 text.", "Un.", "peace"]
    )
    apply_conclusion_import(plan_conclusion_import(rows), file_name="a.csv")
    again = plan_conclusion_import(rows)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 1, "refused": 0, "error": 0}


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_planning_costs_the_same_queries_for_10_or_300_rows(make_meeting, make_theme):
    """Guards against per-row queries: the whole file is read against the database at once."""
    make_theme("peace")
    make_meeting(slug="small", conclusions=10)
    make_meeting(slug="large", conclusions=300)

    def plan_for(slug, count):
        rows = [[slug, str(n), f"Texte {n}.", "peace"] for n in range(1, count + 1)]
        return lambda: plan_conclusion_import(table(["meeting", "number", "text_fr", "themes"], *rows))

    assert count_queries(plan_for("small", 10)) == count_queries(plan_for("large", 300))
    assert Conclusion.objects.filter(meeting__slug="large").count() == 300
