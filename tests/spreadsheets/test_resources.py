"""The django-import-export resources: columns from modeltranslation, the project's widgets, import_data's rules."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export import widgets as library_widgets

from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets.formats import CSV, JSON, ODS, XLSX
from conclusions.spreadsheets.resources import ConclusionResource, MeetingResource, ThemeResource
from conclusions.spreadsheets.widgets import ParagraphNumberWidget, ThemeSlugsWidget

LANGUAGE_SUFFIXES = ["ar", "zh_hans", "en", "fr", "ru", "es"]


def dataset(headers: list[str], *rows: list) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def errors(result) -> list[tuple[int, str, str]]:
    return [
        (row.number, column, message)
        for row in result.invalid_rows
        for column, messages in row.error_dict.items()
        for message in messages
    ]


@pytest.fixture
def meeting(make_meeting, make_theme):
    themes = [make_theme("peace", position=1), make_theme("youth", position=2)]
    return make_meeting(slug="oslo", conclusions=3, themes=themes[:1])


def test_columns_are_the_address_position_label_and_text_per_language_and_themes(db):
    assert ConclusionResource().get_export_headers() == [
        "meeting",
        "part",
        "kind",
        "number",
        "number_suffix",
        "position",
        *(f"label_{suffix}" for suffix in LANGUAGE_SUFFIXES),
        *(f"text_{suffix}" for suffix in LANGUAGE_SUFFIXES),
        "themes",
    ]
    meeting_headers = MeetingResource().get_export_headers()
    assert meeting_headers[:5] == ["slug", "start_date", "end_date", "source_language", "status"]
    assert meeting_headers[5:] == [
        f"{field}_{suffix}"
        for field in ("title", "document_title", "organizers", "venue")
        for suffix in LANGUAGE_SUFFIXES
    ]
    assert ThemeResource().get_export_headers() == [
        "slug",
        "position",
        *(f"name_{suffix}" for suffix in LANGUAGE_SUFFIXES),
        *(f"description_{suffix}" for suffix in LANGUAGE_SUFFIXES),
    ]
    # Never the untranslated column, which follows the active language, nor a database id.
    assert not {"text", "label", "id", "title", "name"} & set(
        ConclusionResource().get_export_headers() + meeting_headers
    )


@pytest.mark.parametrize("format_class", [CSV, XLSX, ODS, JSON])
def test_geneva_export_reimports_with_no_change_and_writes_nothing(geneva, format_class):
    exported = ConclusionResource().export()
    blocks = geneva.conclusions.count()
    assert len(exported) == blocks
    assert exported["position"] == list(range(1, blocks + 1)), "the whole document, in order"
    data = format_class().export_data(exported)
    result = ConclusionResource().import_data(
        format_class().create_dataset(data), file_name=f"geneva.{format_class.name}"
    )
    assert (result.totals["skip"], result.totals["update"], result.totals["new"]) == (blocks, 0, 0)
    assert result.spreadsheet_import is None and not SpreadsheetImport.objects.exists()


def test_import_data_writes_only_the_changed_language_and_logs_it(meeting, editor):
    result = ConclusionResource().import_data(
        dataset(["meeting", "number", "text_fr"], ["oslo", "2", "Deuxième paragraphe."]),
        file_name="fr.csv",
        user=editor,
    )
    assert not result.has_validation_errors()
    [row] = result.rows
    assert (row.import_type, row.object_repr, [(c.column, c.kind) for c in row.plan.changes]) == (
        "update",
        "oslo, paragraph 2",
        [("text_fr", "new")],
    )
    conclusion = meeting.conclusions.get(number=2)
    assert (conclusion.text_fr, conclusion.text_en) == ("Deuxième paragraphe.", "Paragraph 2 text.")
    assert list(conclusion.themes.values_list("slug", flat=True)) == ["peace"]
    record = result.spreadsheet_import
    assert (record.changed_count, record.user, record.file_name) == (1, editor, "fr.csv")
    assert conclusion.history.latest().history_change_reason == record.history_reason


def test_dry_run_plans_the_same_and_writes_nothing(meeting):
    result = ConclusionResource().import_data(
        dataset(["meeting", "number", "text_fr"], ["oslo", "2", "Deuxième."]), dry_run=True
    )
    assert result.totals["update"] == 1
    assert not meeting.conclusions.get(number=2).text_fr
    assert not SpreadsheetImport.objects.exists()


def test_empty_cell_keeps_the_stored_text_unless_clearing_is_asked(meeting):
    meeting.conclusions.filter(number=1).update(text_fr="Texte.")
    rows = dataset(["meeting", "number", "text_fr", "themes"], ["oslo", "1", "", ""])
    kept = ConclusionResource().import_data(rows)
    assert kept.totals["skip"] == 1 and meeting.conclusions.get(number=1).text_fr == "Texte."
    ConclusionResource().import_data(rows, clear_empty=True)
    conclusion = meeting.conclusions.get(number=1)
    assert conclusion.text_fr == "" and not conclusion.themes.exists()


def test_unknown_theme_is_an_error_where_the_stock_widget_drops_it(meeting):
    stock = library_widgets.ManyToManyWidget(Theme, field="slug")
    assert [theme.slug for theme in stock.clean("peace,piece")] == ["peace"]  # the library's silent loss
    with pytest.raises(ValueError, match="Unknown themes: piece."):
        ThemeSlugsWidget().clean("peace, piece")

    result = ConclusionResource().import_data(
        dataset(["meeting", "number", "themes"], ["oslo", "1", "youth"], ["oslo", "2", "peace; piece"])
    )
    assert errors(result) == [(3, "themes", "Unknown themes: piece.")]
    assert list(meeting.conclusions.get(number=1).themes.values_list("slug", flat=True)) == ["peace"]


@pytest.mark.parametrize("cell", ["0", "1000000000", "1e1000000", "7.5", "inf", "-3", "", True])
def test_paragraph_numbers_are_whole_numbers_from_1_to_999999999(cell):
    with pytest.raises(ValueError, match="is not a paragraph number"):
        ParagraphNumberWidget().clean(cell)


@pytest.mark.parametrize(("cell", "number"), [("7", 7), (7, 7), (7.0, 7), ("999999999", 999_999_999), (" 12 ", 12)])
def test_paragraph_numbers_as_spreadsheets_write_them(cell, number):
    assert ParagraphNumberWidget().clean(cell) == number


def test_every_bad_row_is_named_and_nothing_is_written(meeting):
    result = ConclusionResource().import_data(
        dataset(
            ["meeting", "number", "text_fr"],
            ["oslo", "1", "Un."],
            ["lima", "2", "Deux."],
            ["oslo", "1e1000000", "Trois."],
        )
    )
    assert errors(result) == [
        (3, "meeting", "There is no meeting “lima”."),
        (4, "number", "“1e1000000” is not a paragraph number: use a whole number from 1 to 999999999."),
    ]
    assert not meeting.conclusions.get(number=1).text_fr


def test_file_problems_name_the_column(meeting):
    result = ConclusionResource().import_data(dataset(["meeting", "number", "text_fra"], ["oslo", "1", "Un."]))
    assert errors(result) == [(1, "text_fra", "Unknown column. Did you mean “text_fr”?")]


def test_a_translator_may_change_only_their_language(meeting, django_user_model):
    from django.contrib.auth.models import Group

    translator = django_user_model.objects.create_user("traducteur", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translators (French)"))
    result = ConclusionResource(user=translator).import_data(
        dataset(["meeting", "number", "text_fr", "text_en"], ["oslo", "1", "Un.", "Changed English."])
    )
    assert result.has_validation_errors()
    assert meeting.conclusions.get(number=1).text_en == "Paragraph 1 text."


def test_planning_reads_the_database_in_a_fixed_number_of_queries(make_meeting, make_theme):
    """Guards against a query per row: the library's default path runs about eight per row.

    Every kind of column is in the file: the address, a new position for each
    block (the document reversed), a label and a text, themes; and a new block.
    """
    make_theme("peace")

    def queries_for(rows: int) -> int:
        slug = f"m{rows}"
        make_meeting(slug=slug, conclusions=rows)
        header = ["meeting", "part", "kind", "number", "position", "label_fr", "text_fr", "themes"]
        changed = (
            [slug, 1, "paragraph", n, rows + 1 - n, f"{n}.", f"Texte {n}.", "peace"] for n in range(1, rows + 1)
        )
        new = [slug, 2, "item", 1, "", "(a)", "", ""]
        data = dataset(header, *changed, new)
        data.append_col([""] * rows + ["Item."], header="text_en")
        with CaptureQueriesContext(connection) as queries:
            result = ConclusionResource().import_data(data, dry_run=True)
        assert not result.has_validation_errors(), result.invalid_rows
        assert (result.totals["update"], result.totals["new"]) == (rows, 1)
        return len(queries)

    assert queries_for(3) == queries_for(60)


def test_meeting_and_theme_resources_import_through_the_library(geneva, editor):
    exported = MeetingResource().export(Meeting.objects.filter(slug="geneva-2016"))
    row = dict(zip(exported.headers, exported[0], strict=True))
    row["title_fr"] = "Conférence de Genève"
    result = MeetingResource().import_data(dataset(list(row), list(row.values())), user=editor)
    assert result.totals["update"] == 1 and not result.has_validation_errors()
    assert Meeting.objects.get(slug="geneva-2016").title_fr == "Conférence de Genève"

    themes = ThemeResource().import_data(dataset(["slug", "name_en"], ["peace-building", "Peace building"]))
    assert themes.totals["new"] == 1 and Theme.objects.get(slug="peace-building").name_en == "Peace building"


def test_conclusion_export_is_the_stored_text_exactly(geneva):
    exported = ConclusionResource().export(Conclusion.objects.filter(meeting=geneva, kind="paragraph", number=6))
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["text_zh_hans"] == geneva.conclusions.get(kind="paragraph", number=6).text_zh_hans
    assert row["label_zh_hans"] == "6."
    assert row["themes"] == ", ".join(
        geneva.conclusions.get(kind="paragraph", number=6)
        .themes.order_by("position", "slug")
        .values_list("slug", flat=True)
    )
