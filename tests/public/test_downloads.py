"""Public downloads of a meeting (CSV, XLSX, ODS, JSON): its whole document, the admin's columns, a clean re-import."""

import csv
import io
import json
import re
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from lxml import etree

from conclusions.content import content_save
from conclusions.models import Meeting
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.export import export_columns
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.formula_escaping import restore_text
from tests.real_documents import AWAZA, JOINT_STATEMENT, import_real_document

FORMATS = ["csv", "xlsx", "ods", "json"]
# Each starts like a spreadsheet formula, or holds what a CSV must quote.
AWKWARD_TEXTS = ["=1+1", "-2 in the index", '@SUM(A1:A2), "quoted"', "二〇一六年\n第二行", "مرحبا بالعالم"]


def download(client, slug: str, export_format: str, language: str = "en") -> tuple[StreamingHttpResponse, bytes]:
    response = client.get(f"/{language}/meetings/{slug}/download.{export_format}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def rows_of(export_format: str, data: bytes) -> list[dict]:
    """The file's rows as {column: cell}, read as a re-user would, without the project's reader."""
    if export_format == "csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    if export_format == "json":
        return json.loads(data.decode("utf-8"))
    if export_format == "ods":
        return ods_rows(data)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(header, row, strict=True)) for row in rows]


def ods_rows(data: bytes) -> list[dict]:
    """An ODS file's rows read with plain lxml: paragraphs joined by line breaks, <text:s> as spaces."""
    table, text = (
        "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}",
        "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}",
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        root = etree.fromstring(archive.read("content.xml"))

    def cell_text(cell) -> str:
        paragraphs = []
        for paragraph in cell.iter(f"{text}p"):
            for space in paragraph.iter(f"{text}s"):
                space.text = " " * int(space.get(f"{text}c", "1"))
            paragraphs.append("".join(paragraph.itertext()))
        return "\n".join(paragraphs)

    header, *rows = [
        [cell_text(cell) for cell in row.iter(f"{table}table-cell")] for row in root.iter(f"{table}table-row")
    ]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_reimports_with_no_change_and_no_problem(client, geneva, export_format):
    data = download(client, "geneva-2016", export_format)[1]
    table = read_table(data, filename=f"geneva-2016.{export_format}")
    assert table.headers == export_columns(None)
    plan = plan_conclusion_import(table)
    assert [str(problem) for problem in plan.problems] == []
    assert plan.counts["unchanged"] == geneva.conclusions.count()
    assert plan.count("unchanged") == len(plan.rows)


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_of_formula_like_and_multiline_texts_reimports_unchanged(client, make_meeting, export_format):
    meeting = make_meeting(slug="awkward", conclusions=len(AWKWARD_TEXTS))
    for conclusion, text in zip(meeting.conclusions.order_by("number"), AWKWARD_TEXTS, strict=True):
        conclusion.text_fr = text
        content_save([conclusion])
    data = download(client, "awkward", export_format)[1]
    plan = plan_conclusion_import(read_table(data, filename=f"awkward.{export_format}"))
    assert plan.problems == []
    assert plan.count("unchanged") == len(AWKWARD_TEXTS)


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_keeps_the_chinese_original_exactly(client, geneva, export_format):
    rows = rows_of(export_format, download(client, "geneva-2016", export_format)[1])
    shown = {int(row["position"]): row["text_zh_hans"] for row in rows}
    assert shown == dict(geneva.conclusions.values_list("position", "text_zh_hans"))
    paragraph_1 = next(row for row in rows if (row["kind"], str(row["number"])) == ("paragraph", "1"))
    assert "暴力极端主义" in paragraph_1["text_zh_hans"]


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_has_the_admin_columns_and_its_themes(client, geneva, export_format):
    rows = rows_of(export_format, download(client, "geneva-2016", export_format)[1])
    assert list(rows[0]) == export_columns(None)
    youth = {str(row["number"]) for row in rows if "youth" in (row["themes"] or "")}
    tagged = geneva.conclusions.filter(themes__slug="youth").values_list("number", flat=True)
    assert youth == {str(number) for number in tagged} != set()


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_is_the_whole_document_in_order_with_its_labels(client, db, export_format):
    awaza = import_real_document(AWAZA, slug="awaza")
    rows = rows_of(export_format, download(client, "awaza", export_format)[1])
    stored = awaza.conclusions.order_by("position").values_list("part", "kind", "number", "label_en", "text_en")
    # Numbers are numbers in JSON, XLSX and ODS, digits in CSV. Texts that a spreadsheet would read as a number
    # (the label "1.", the page number "2/5", a date to it) are escaped in the spreadsheet formats, as formulas are.
    stored_text = restore_text if export_format != "json" else str
    shown = [
        (
            int(row["part"]),
            row["kind"],
            int(row["number"]),
            stored_text(row["label_en"] or ""),
            stored_text(row["text_en"]),
        )
        for row in rows
    ]
    assert shown == [(part, kind, number, label or "", text) for part, kind, number, label, text in stored]
    assert {"heading", "preamble", "paragraph", "section", "part", "item", "footnote", "closing", "furniture"} == {
        kind for _part, kind, *_rest in shown
    }


def test_csv_download_is_streamed_utf8_with_bom(client, geneva):
    response, data = download(client, "geneva-2016", "csv")
    assert response.streaming and not hasattr(response, "file_to_stream")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").startswith("meeting,part,kind,number,number_suffix,position,label_ar,")


def test_xlsx_download_opens_in_openpyxl_with_text_cells(client, geneva):
    response, data = download(client, "geneva-2016", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [cell.value for cell in sheet[1]] == export_columns(None)
    assert sheet.max_row == 1 + geneva.conclusions.count()
    text_zh_hans = sheet[1][export_columns(None).index("text_zh_hans")].column_letter
    assert {cell.data_type for cell in sheet[text_zh_hans][1:]} == {"s"}  # strings, never formulas


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_is_an_attachment_named_after_the_meeting(client, geneva, export_format):
    response = download(client, "geneva-2016", export_format)[0]
    assert re.fullmatch(rf'attachment; filename="geneva-2016\.{export_format}"', response["Content-Disposition"])
    assert response["Access-Control-Allow-Origin"] == "*"


def test_download_is_the_same_file_whatever_the_page_language(client, geneva):
    assert download(client, "geneva-2016", "csv", "zh-hans")[1] == download(client, "geneva-2016", "csv", "ar")[1]


def test_download_holds_only_its_meeting(client, make_meeting):
    make_meeting(slug="alpha", conclusions=2)
    make_meeting(slug="beta", conclusions=3)
    rows = rows_of("json", download(client, "beta", "json")[1])
    assert [(row["meeting"], row["number"]) for row in rows] == [("beta", 1), ("beta", 2), ("beta", 3)]


@pytest.mark.parametrize("export_format", FORMATS)
def test_draft_meeting_downloads_are_404_even_for_editors(client, geneva, editor, export_format):
    Meeting.objects.filter(pk=geneva.pk).update(status=Meeting.Status.DRAFT)
    assert client.get(f"/en/meetings/geneva-2016/download.{export_format}").status_code == 404
    client.force_login(editor)
    assert client.get(f"/en/meetings/geneva-2016/download.{export_format}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/meetings/geneva-2016/download.pdf",
        "/en/meetings/geneva-2016/download.CSV",
        "/en/meetings/geneva-2016/download.csv.gz",
        "/en/meetings/geneva-2016/download.",
        "/en/meetings/geneva-2016/download.csv/",
        "/en/meetings/no-such-meeting/download.csv",
        "/xx/meetings/geneva-2016/download.csv",
    ],
)
def test_bad_download_addresses_are_404(client, geneva, path):
    assert client.get(path).status_code == 404


def test_meeting_page_lists_the_four_downloads_that_work(client, geneva):
    page = client.get("/fr/meetings/geneva-2016/").content.decode()
    section = re.search(r'<li class="downloads__format downloads__format--spreadsheets">.*?</li>\s*</ul>', page, re.S)
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', section.group(0))
    assert [name for _href, name in links] == ["CSV", "XLSX", "ODS", "JSON"]
    for href, _name in links:
        assert client.get(href).status_code == 200


def test_draft_preview_offers_no_downloads(client, geneva, editor):
    Meeting.objects.filter(pk=geneva.pk).update(status=Meeting.Status.DRAFT)
    client.force_login(editor)
    page = client.get("/en/meetings/geneva-2016/").content.decode()
    assert 'class="draft-banner"' in page
    assert 'class="downloads"' not in page


@pytest.mark.parametrize("export_format", FORMATS)
def test_download_queries_do_not_grow_with_the_meeting(client, make_meeting, make_theme, export_format):
    """Guards against a query per block: a two-line statement costs what a resolution with its annex costs."""
    themes = [make_theme(f"theme-{n}", position=n) for n in range(6)]
    make_meeting(slug="small", conclusions=2, themes=themes[:1])
    awaza = import_real_document(AWAZA, slug="awaza")
    for block in awaza.conclusions.all():
        block.themes.set(themes)
    joint = import_real_document(JOINT_STATEMENT, slug="joint-statement")
    counts = []
    for slug in ("small", "awaza", "joint-statement"):
        with CaptureQueriesContext(connection) as queries:
            rows = rows_of(export_format, download(client, slug, export_format)[1])
        counts.append(len(queries))
    assert len(rows) == joint.conclusions.count()
    assert counts[0] == counts[1] == counts[2] <= 4  # page cache version, the meeting, its blocks, their themes
