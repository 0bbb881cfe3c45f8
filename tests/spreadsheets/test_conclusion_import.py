"""Importing the blocks of documents from a table: per-column changes, empty cells, positions, bad rows named, undo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save
from conclusions.models import Conclusion, SearchText, SpreadsheetImport
from conclusions.spreadsheets.conclusion_apply import ImportUndoError, apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import Table
from tests.real_documents import AWAZA, import_real_document


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
    assert problems(plan) == ["Row 4, column “number”: oslo, paragraph 1 is already in row 2."]


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
    with pytest.raises(
        ImportUndoError, match="Changed after this import: oslo, paragraph 2. Undo those changes first."
    ):
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


# Documents as blocks: the address, the position, labels


@pytest.fixture
def awaza(db):
    """A resolution and its annex (part 2): heading lines, preamble, sections, sub-items, footnotes, furniture."""
    return import_real_document(AWAZA, slug="awaza")


def block(meeting, kind: str, number: int, part: int = 1) -> Conclusion:
    return meeting.conclusions.get(kind=kind, number=number, part=part)


def document_order(meeting) -> list[tuple]:
    return list(meeting.conclusions.order_by("position").values_list("part", "kind", "number"))


def test_a_file_without_part_and_kind_changes_numbered_paragraphs_of_part_1(awaza):
    """Files and kits made before documents had parts and kinds still import, and mean what they meant."""
    plan = plan_conclusion_import(table(["meeting", "number", "text_fr"], ["awaza", "1", "Approuve la déclaration."]))
    assert plan.is_valid and plan.counts["changed"] == 1
    apply_conclusion_import(plan, file_name="old.csv")
    assert block(awaza, "paragraph", 1).text_fr == "Approuve la déclaration."
    # Part 2 has a paragraph 1 too, and part 1 a heading line 1 and a preamble paragraph 1: untouched.
    assert not awaza.conclusions.exclude(kind="paragraph", part=1, number=1).exclude(text_fr=None).exists()


def test_a_row_is_found_by_its_address_whatever_its_position(awaza):
    headers = ["meeting", "part", "kind", "number", "label_fr", "text_fr"]
    plan = plan_conclusion_import(
        table(headers, ["awaza", "2", "item", "3", "c)", "Transit, transport et connectivité ;"])
    )
    [row] = plan.rows
    assert (row.label, [(change.column, change.kind) for change in row.changes]) == (
        "awaza, part 2, item 3",
        [("label_fr", "new"), ("text_fr", "new")],
    )
    apply_conclusion_import(plan, file_name="item.csv")
    item = block(awaza, "item", 3, part=2)
    assert (item.label_fr, item.text_fr, item.label_en) == ("c)", "Transit, transport et connectivité ;", "(c)")


def test_new_blocks_without_a_position_go_at_the_end_in_file_order(awaza):
    end = awaza.conclusions.count()
    plan = plan_conclusion_import(
        table(
            ["meeting", "part", "kind", "number", "label_en", "text_en"],
            ["awaza", "2", "paragraph", "26", "26.", "We decide to meet again."],
            ["awaza", "2", "footnote", "17", "17", "Resolution 80/1."],
        )
    )
    assert plan.counts["new"] == 2
    assert [row.position for row in plan.rows] == [end + 1, end + 2]
    apply_conclusion_import(plan, file_name="more.csv")
    assert document_order(awaza)[-2:] == [(2, "paragraph", 26), (2, "footnote", 17)]
    assert block(awaza, "paragraph", 26, part=2).shown_label.text == "26."


def test_blocks_swap_places_and_undo_puts_them_back_with_history(awaza, editor):
    before = document_order(awaza)
    first, second = block(awaza, "closing", 1), block(awaza, "closing", 2)
    place_1, place_2 = first.position, second.position
    headers = ["meeting", "kind", "number", "position"]
    plan = plan_conclusion_import(
        table(headers, ["awaza", "closing", "1", place_2], ["awaza", "closing", "2", place_1])
    )
    assert [[(change.column, change.old, change.new) for change in row.changes] for row in plan.rows] == [
        [("position", place_1, place_2)],
        [("position", place_2, place_1)],
    ]
    record = apply_conclusion_import(plan, file_name="swap.csv", user=editor)
    latest = first.history.latest()
    assert (latest.position, latest.history_change_reason) == (place_2, record.history_reason)
    assert set(SearchText.objects.filter(conclusion=first).values_list("position", flat=True)) == {place_2}
    swapped = [*before]
    swapped[place_1 - 1], swapped[place_2 - 1] = before[place_2 - 1], before[place_1 - 1]
    assert document_order(awaza) == swapped

    undo_conclusion_import(record, user=editor)
    assert document_order(awaza) == before
    latest = first.history.latest()
    assert (latest.position, latest.history_change_reason) == (place_1, f"undo:{record.pk}")
    assert set(SearchText.objects.filter(conclusion=first).values_list("position", flat=True)) == {place_1}


def test_a_position_another_block_keeps_is_an_error_and_nothing_is_written(awaza):
    heading = block(awaza, "heading", 1)
    headers = ["meeting", "kind", "number", "position", "text_fr"]
    plan = plan_conclusion_import(
        table(
            headers,
            ["awaza", "paragraph", "1", heading.position, "Approuve."],
            ["awaza", "paragraph", "2", "1000", "Exprime."],
            ["awaza", "preamble", "1", "1000", "L'Assemblée générale,"],
        )
    )
    assert problems(plan) == [
        f"Row 2, column “position”: Position {heading.position} is that of awaza, heading 1, "
        "which the file leaves there.",
        "Row 4, column “position”: Position 1000 is also given in row 3: each block of a document needs its own.",
    ]
    with pytest.raises(ValueError):
        apply_conclusion_import(plan, file_name="bad.csv")
    assert not awaza.conclusions.exclude(text_fr=None).exists()


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("kind", "paragraf", "“paragraf” is not a kind of block: use one of heading, preamble, part, section,"),
        ("kind", "", "“” is not a kind of block"),
        ("part", "0", "“0” is not a part: use a whole number from 1 to 999."),
        ("part", "II", "“II” is not a part"),
        ("part", "1e1000000", "“1e1000000” is not a part"),
        ("position", "0", "“0” is not a position: use a whole number from 1 to 999999999."),
        ("position", "2.5", "“2.5” is not a position"),
    ],
)
def test_a_bad_address_or_position_is_named_by_row_and_column(awaza, column, cell, message):
    good = {"meeting": "awaza", "part": "1", "kind": "paragraph", "number": "1", "position": "", "text_fr": "Un."}
    bad = {**good, "number": "2", column: cell}
    plan = plan_conclusion_import(table(list(good), list(good.values()), list(bad.values())))
    assert [str(problem) for problem in plan.problems if message in str(problem)] != [], problems(plan)
    assert all(problem.startswith(f"Row 3, column “{column}”") for problem in problems(plan))
    with pytest.raises(ValueError):
        apply_conclusion_import(plan, file_name="bad.csv")


def test_kind_is_read_whatever_its_case(awaza):
    plan = plan_conclusion_import(table(["meeting", "kind", "number", "text_fr"], ["awaza", " Preamble ", "1", "x"]))
    assert plan.is_valid and plan.rows[0].label == "awaza, preamble 1"


def test_a_label_in_the_source_language_may_be_cleared_its_text_not(awaza):
    headers = ["meeting", "part", "kind", "number", "label_en", "text_en"]
    plan = plan_conclusion_import(table(headers, ["awaza", "2", "section", "2", "", ""]), clear_empty=True)
    assert problems(plan) == ["Row 2, column “text_en”: The text in the source language cannot be cleared."]
    plan = plan_conclusion_import(table(headers[:-1], ["awaza", "2", "section", "2", ""]), clear_empty=True)
    apply_conclusion_import(plan, file_name="label.csv")
    assert block(awaza, "section", 2, part=2).label_en == ""


def test_undo_is_refused_when_a_block_has_taken_the_place_a_moved_block_goes_back_to(awaza):
    footnote = block(awaza, "footnote", 16, part=2)
    old_position, end = footnote.position, awaza.conclusions.count()
    plan = plan_conclusion_import(
        table(["meeting", "part", "kind", "number", "position"], ["awaza", 2, "footnote", 16, end + 1])
    )
    record = apply_conclusion_import(plan, file_name="move.csv")
    newcomer = Conclusion(meeting=awaza, part=2, kind="footnote", number=17, position=old_position, text_en="New.")
    content_save([newcomer])

    with pytest.raises(
        ImportUndoError,
        match="Since this import, awaza, part 2, footnote 17 has taken the position a block goes back to",
    ):
        undo_conclusion_import(record)
    footnote.refresh_from_db()
    record.refresh_from_db()
    assert footnote.position == end + 1 and not record.is_undone


def test_a_new_block_takes_the_place_of_a_block_the_file_moves_away(awaza):
    """Moves are written before new blocks: the place a block leaves is free for a new one in the same file."""
    closing = block(awaza, "closing", 2)
    place, end = closing.position, awaza.conclusions.count()
    headers = ["meeting", "kind", "number", "position", "text_en"]
    plan = plan_conclusion_import(
        table(
            headers,
            ["awaza", "unnumbered", "1", place, "Adopted without a vote."],
            ["awaza", "closing", "2", end + 1, ""],
        )
    )
    assert plan.is_valid, problems(plan)
    apply_conclusion_import(plan, file_name="insert.csv")
    order = document_order(awaza)
    assert (order[place - 1], order[-1]) == ((1, "unnumbered", 1), (1, "closing", 2))
