"""Export then import gives back exactly what was stored, for any text in any of the six scripts.

Property-based: hypothesis writes texts and labels mixing Chinese, Arabic
(right to left), Cyrillic, Latin with accents, emoji, quotes, the three
delimiters, newlines, the characters that start spreadsheet formulas, and
labels that a spreadsheet would read as numbers ("1.", "(1)").
"""

import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conclusions.content import content_delete, content_save
from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.export import (
    conclusion_rows,
    export_columns,
    write_csv,
    write_json,
    write_ods,
    write_xlsx,
)
from conclusions.spreadsheets.files import read_table

WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods, "json": write_json}
# Characters chosen to break naive spreadsheet handling, mixed with whole scripts.
TRICKY = list("=+-@'\"“”«»,;\t\n ") + ["=1+1", "@SUM(A1)", "\u200f", "\u00a0", "😀", "👩🏽‍⚖️"]
SCRIPTS = st.characters(
    codec="utf-8",
    categories=["L", "M", "N", "P", "S", "Zs"],
    # XLSX (XML 1.0) cannot hold control characters; they are covered by the CSV/JSON-only test below.
)
TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(SCRIPTS, min_size=1, max_size=12)), max_size=8).map("".join)
SOURCE_TEXT = TEXT.filter(lambda text: text.strip() != "")
PRINTED_LABELS = ["1.", "(1)", "(a)", "a)", "I.", "一、", "（一）", "١.", "——", "17 bis", "0001", "'2.", "-"]
LABEL = st.one_of(st.sampled_from(PRINTED_LABELS), st.text(SCRIPTS, max_size=6)).filter(lambda label: len(label) <= 40)


class RollBack(Exception):
    """Undo each hypothesis example's writes, since the test's own transaction spans all of them."""


def export_bytes(export_format: str, meeting: Meeting) -> bytes:
    columns = export_columns(None)
    stream = io.BytesIO()
    WRITERS[export_format](columns, conclusion_rows(Conclusion.objects.filter(meeting=meeting), columns), stream)
    return stream.getvalue()


def stored_texts(meeting: Meeting) -> list[tuple]:
    columns = [translated_column(field, code) for field in ("label", "text") for code in LANGUAGE_CODES]
    return [
        tuple(value or "" for value in row)
        for row in meeting.conclusions.order_by("position").values_list("kind", "number", "position", *columns)
    ]


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "ods", "json"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    paragraphs=st.lists(
        st.tuples(st.sampled_from(Conclusion.Kind.values), LABEL, LABEL, SOURCE_TEXT, TEXT, TEXT, TEXT, TEXT, TEXT),
        min_size=1,
        max_size=4,
    )
)
def test_export_then_import_gives_back_what_was_stored(db, make_meeting, export_format, paragraphs):
    try:
        with transaction.atomic():
            meeting = make_meeting(slug="round-trip", conclusions=0, source_language="zh-hans", title_zh_hans="会议")
            # Printed in reverse order of creation: positions are not the order rows were written in.
            for position, (kind, source_label, french_label, *texts) in enumerate(reversed(paragraphs), start=1):
                languages = ["zh-hans", *(code for code in LANGUAGE_CODES if code != "zh-hans")]
                columns = {translated_column("text", code): text for code, text in zip(languages, texts, strict=True)}
                labels = {"label_zh_hans": source_label, "label_fr": french_label}
                content_save([Conclusion(meeting=meeting, kind=kind, position=position, **labels, **columns)])
            before = stored_texts(meeting)
            data = export_bytes(export_format, meeting)

            again = plan_conclusion_import(read_table(data, filename=f"export.{export_format}"))
            assert again.problems == []
            assert again.counts["changed"] == 0 and again.counts["new"] == 0

            content_delete(meeting.conclusions.all())
            restored = plan_conclusion_import(read_table(data, filename=f"export.{export_format}"))
            apply_conclusion_import(restored, file_name=f"export.{export_format}")
            assert stored_texts(meeting) == before
            raise RollBack
    except RollBack:
        pass
