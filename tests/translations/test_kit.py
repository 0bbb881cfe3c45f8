"""The translator kit: exported for one language, filled in a real spreadsheet program, imported back.

Rows whose original changed after the kit was exported are refused and
listed; the others are imported and become current.
"""

import csv
import io
import re

import pytest

from conclusions.content import content_save
from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.formula_escaping import restore_text
from conclusions.translations.status import fingerprint, translation_statuses
from tests.real_documents import AWAZA, import_real_document
from tests.spreadsheets.amended_document import FRENCH_17_BIS, make_document_with_17_bis, paragraph
from tests.spreadsheets.spreadsheet_programs import CSV_FILTERS, confirm_preview, soffice_convert, upload

KIT_HEADER = [
    "meeting",
    "part",
    "kind",
    "number",
    "number_suffix",
    "source_language",
    "source_label",
    "source_text",
    "label_fr",
    "text_fr",
    "status",
    "source_fingerprint",
]
KIND, NUMBER, SOURCE_TEXT, LABEL_FR, TEXT_FR, FINGERPRINT = (
    KIT_HEADER.index(column)
    for column in ("kind", "number", "source_text", "label_fr", "text_fr", "source_fingerprint")
)
FRENCH = {
    6: "Des expériences relatives aux plans nationaux et régionaux ont été partagées ; l'appropriation a été saluée.",
    10: "Il a été souligné qu'il importe d'associer les jeunes, « partenaires » à part entière.",
}


def status(paragraph, language: str) -> str:
    paragraph.refresh_from_db()
    return translation_statuses([paragraph], "text")[(paragraph.pk, language)]


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def fill_kit(kit_csv: bytes, translations: dict[int, str]) -> list[list[str]]:
    """What a translator does in the kit: write the French of some paragraphs, and scribble on a reference cell."""
    rows = list(csv.reader(io.StringIO(kit_csv.decode("utf-8-sig"))))
    for row in rows[1:]:
        if row[KIND] == "paragraph" and int(row[NUMBER]) in translations:
            row[TEXT_FR] = translations[int(row[NUMBER])]
            row[SOURCE_TEXT] = "（译者的笔记）" + row[SOURCE_TEXT]  # the source text column is for reading only
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def preview_and_confirm(client, name: str, content: bytes) -> str:
    page = upload(client, name, content).content.decode()
    confirm_preview(client, page)
    return page


def test_kit_holds_key_source_translation_status_and_fingerprint(french_translator_client, geneva):
    kit = download(french_translator_client, "/admin/conclusions/conclusion/kit/fr/csv/")
    rows = list(csv.reader(io.StringIO(kit.decode("utf-8-sig"))))
    assert rows[0] == KIT_HEADER
    assert len(rows) == 1 + geneva.conclusions.count(), "the heading and the preamble are translated too"
    assert [row[KIND] for row in rows[1:]] == list(
        geneva.conclusions.order_by("position").values_list("kind", flat=True)
    )
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    [row_6] = [row for row in rows if row[KIND : NUMBER + 1] == ["paragraph", "6"]]
    assert row_6 == [
        "geneva-2016",
        "1",
        "paragraph",
        "6",
        "",
        "zh-hans",
        "'6.",  # the label as printed, escaped so that a spreadsheet keeps it text
        paragraph_6.text_zh_hans,
        "",
        "",
        "missing",
        fingerprint(paragraph_6.text_zh_hans),
    ]


@pytest.mark.parametrize("kit_format", ["xlsx", "ods"])
def test_kit_in_a_zipped_format_reads_back(french_translator_client, geneva, kit_format):
    response = french_translator_client.get(f"/admin/conclusions/conclusion/kit/fr/{kit_format}/")
    assert f'filename="translator-kit-fr.{kit_format}"' in response["Content-Disposition"]
    table = read_table(b"".join(response.streaming_content), filename=f"kit.{kit_format}")
    assert table.headers == KIT_HEADER
    [row_10] = [row for row in table.rows if (row[KIND], row[NUMBER]) == ("paragraph", 10)]
    assert row_10[SOURCE_TEXT] == geneva.conclusions.get(kind="paragraph", number=10).text_zh_hans


@pytest.mark.parametrize("name", ["libreoffice.xlsx", "libreoffice.ods", *CSV_FILTERS])
def test_filled_kit_updates_only_french_and_marks_it_current(french_translator_client, geneva, tmp_path, name):
    kit = download(french_translator_client, "/admin/conclusions/conclusion/kit/fr/csv/")
    source = tmp_path / "kit.csv"
    source.write_bytes(as_csv(fill_kit(kit, FRENCH)))
    xlsx = soffice_convert(source, "xlsx", tmp_path / "xlsx", tmp_path / "profile")
    if name.endswith(".xlsx"):
        content = xlsx.read_bytes()
    elif name.endswith(".ods"):
        content = soffice_convert(xlsx, "ods", tmp_path / "ods", tmp_path / "profile").read_bytes()
    else:
        target = f"csv:Text - txt - csv (StarCalc):{CSV_FILTERS[name]}"
        content = soffice_convert(xlsx, target, tmp_path / "csv", tmp_path / "profile").read_bytes()
    originals = {number: geneva.conclusions.get(kind="paragraph", number=number).text_zh_hans for number in FRENCH}

    page = preview_and_confirm(french_translator_client, name, content)
    assert "Changed: 2" in page

    for number, text in FRENCH.items():
        paragraph = geneva.conclusions.get(kind="paragraph", number=number)
        assert paragraph.text_fr == text
        assert paragraph.text_zh_hans == originals[number], "the reference columns are never imported"
        assert status(paragraph, "fr") == "current"
    assert SpreadsheetImport.objects.get().refused_count == 0


def test_kit_exported_before_the_original_changed_is_refused_for_that_paragraph(
    french_translator_client, client, editor, geneva
):
    kit = download(french_translator_client, "/admin/conclusions/conclusion/kit/fr/csv/")
    # An editor corrects paragraph 6 of the Chinese original after the kit went out.
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph_6.text_zh_hans = paragraph_6.text_zh_hans.replace("国际法", "国际法和《联合国宪章》")
    content_save([paragraph_6])

    page = preview_and_confirm(french_translator_client, "old-kit.csv", as_csv(fill_kit(kit, FRENCH)))
    assert "Changed: 1" in page
    refused = re.search(
        r'<tr class="change-refused"><td>\d+</td><td>geneva-2016, paragraph 6</td><td>([^<]+)</td>', page
    )
    assert refused and "changed after the kit was exported" in refused.group(1)

    paragraph_6.refresh_from_db()
    assert paragraph_6.text_fr in ("", None), "a translation of the old original is not written"
    assert geneva.conclusions.get(kind="paragraph", number=10).text_fr == FRENCH[10]
    assert SpreadsheetImport.objects.get().refused_count == 1

    # A kit exported now carries the new original, and goes in.
    fresh = download(french_translator_client, "/admin/conclusions/conclusion/kit/fr/csv/")
    page = preview_and_confirm(french_translator_client, "new-kit.csv", as_csv(fill_kit(fresh, {6: FRENCH[6]})))
    assert "Changed: 1" in page and "change-refused" not in page
    assert status(paragraph_6, "fr") == "current"


def test_kit_with_an_altered_fingerprint_or_two_languages_is_refused(french_translator_client, geneva):
    kit = download(french_translator_client, "/admin/conclusions/conclusion/kit/fr/csv/")
    rows = fill_kit(kit, FRENCH)
    altered = next(index for index, row in enumerate(rows) if row[KIND : NUMBER + 1] == ["paragraph", "6"])
    rows[altered][FINGERPRINT] = "not-a-fingerprint"
    page = upload(french_translator_client, "kit.csv", as_csv(rows)).content.decode()
    assert f"Row {altered + 1}, column “source_fingerprint”: The source fingerprint is missing or altered" in page
    assert 'name="import_file_name"' not in page

    for other_column in ("text_en", "label_en"):
        two_languages = [[*row, ""] for row in fill_kit(kit, FRENCH)]
        two_languages[0][-1] = other_column
        page = upload(french_translator_client, "kit.csv", as_csv(two_languages)).content.decode()
        assert "A translator kit holds the translation into one language" in page
    assert not geneva.conclusions.filter(kind="paragraph").exclude(text_fr="").exclude(text_fr=None).exists()


def test_translator_gets_kits_of_their_language_only(french_translator_client, geneva):
    assert french_translator_client.get("/admin/conclusions/conclusion/kit/en/csv/").status_code == 403
    assert french_translator_client.get("/admin/conclusions/conclusion/kit/fr/pdf/").status_code == 404
    page = french_translator_client.get("/admin/conclusions/conclusion/").content.decode()
    assert "Translator kit (French, CSV)" in page and "Translator kit (English" not in page


def test_editor_takes_kits_for_any_language_from_the_coverage_page(client, editor, geneva):
    client.login(username="editor", password="editor-password")
    page = client.get("/admin/conclusions/conclusion/translations/").content.decode()
    kit_links = re.findall(r'href="/admin/conclusions/conclusion/kit/([a-z-]+)/csv/\?meeting__id__exact=\d+"', page)
    assert kit_links == ["ar", "en", "fr", "ru", "es"], "no kit for the original's language"
    kit = download(client, f"/admin/conclusions/conclusion/kit/ar/csv/?meeting__id__exact={geneva.pk}")
    assert kit.decode("utf-8-sig").splitlines()[0].split(",")[LABEL_FR : TEXT_FR + 1] == ["label_ar", "text_ar"]


def test_kit_of_a_resolution_with_an_annex_carries_every_block_with_text_and_its_labels(client, editor):
    """Heading lines, preamble, part and section titles, paragraphs, items, closing lines, footnotes; no furniture."""
    awaza = import_real_document(AWAZA, slug="awaza")
    client.force_login(editor)
    kit = download(client, f"/admin/conclusions/conclusion/kit/fr/xlsx/?meeting__id__exact={awaza.pk}")
    table = read_table(kit, filename="kit.xlsx")
    assert table.headers == KIT_HEADER
    translated = awaza.conclusions.exclude(kind="furniture").order_by("position")
    assert [tuple(row[1 : NUMBER + 1]) for row in table.rows] == list(translated.values_list("part", "kind", "number"))
    item_b = next(row for row in table.rows if tuple(row[1 : NUMBER + 1]) == (2, "item", 2))
    assert restore_text(item_b[KIT_HEADER.index("source_label")]) == "(b)"
    assert item_b[LABEL_FR : TEXT_FR + 1] == [None, None]  # nothing translated yet: empty cells
    assert {row[KIT_HEADER.index("status")] for row in table.rows} == {"missing"}


def test_kit_brings_in_a_french_label_and_text_of_a_sub_item(client, editor):
    awaza = import_real_document(AWAZA, slug="awaza")
    client.force_login(editor)
    kit = download(client, f"/admin/conclusions/conclusion/kit/fr/csv/?meeting__id__exact={awaza.pk}")
    rows = list(csv.reader(io.StringIO(kit.decode("utf-8-sig"))))
    for row in rows:
        if row[1 : NUMBER + 1] == ["2", "item", "2"]:
            row[LABEL_FR], row[TEXT_FR] = "b)", "Commerce, facilitation des échanges et intégration régionale ;"
    page = preview_and_confirm(client, "kit-fr.csv", as_csv(rows))
    assert "Changed: 1" in page
    assert "<td>Label, French <code>label_fr</code></td>" in page and "<td>French <code>text_fr</code></td>" in page
    item_b = awaza.conclusions.get(part=2, kind="item", number=2)
    assert (item_b.label_fr, item_b.text_fr) == (
        "b)",
        "Commerce, facilitation des échanges et intégration régionale ;",
    )
    assert status(item_b, "fr") == "current"
    assert not awaza.conclusions.exclude(pk=item_b.pk).exclude(text_fr=None).exists()


def test_kit_row_of_paragraph_17_bis_brings_its_translation_to_that_paragraph_only(client, editor, make_meeting):
    oslo = make_document_with_17_bis(make_meeting)
    client.force_login(editor)
    kit = download(client, f"/admin/conclusions/conclusion/kit/fr/csv/?meeting__id__exact={oslo.pk}")
    rows = list(csv.reader(io.StringIO(kit.decode("utf-8-sig"))))
    suffix = KIT_HEADER.index("number_suffix")
    assert [(row[NUMBER], row[suffix]) for row in rows[1:] if row[KIND] == "paragraph"] == [
        ("16", ""),
        ("17", ""),
        ("17", "bis"),
        ("18", ""),
    ]
    for row in rows:
        if row[NUMBER : suffix + 1] == ["17", "bis"]:
            row[TEXT_FR] = FRENCH_17_BIS

    page = preview_and_confirm(client, "kit-fr.csv", as_csv(rows))
    assert "Changed: 1" in page and '<td rowspan="1">oslo, paragraph 17 bis</td>' in page
    assert paragraph(oslo, 17, "bis").text_fr == FRENCH_17_BIS
    assert status(paragraph(oslo, 17, "bis"), "fr") == "current"
    assert paragraph(oslo, 17).text_fr is None and status(paragraph(oslo, 17), "fr") == "missing"


def test_kit_exported_before_suffixes_still_imports(client, editor, make_meeting):
    """A kit without the number_suffix column, from before 17 bis was inserted: its rows are blocks without one."""
    oslo = make_document_with_17_bis(make_meeting)
    client.force_login(editor)
    kit = download(client, f"/admin/conclusions/conclusion/kit/fr/csv/?meeting__id__exact={oslo.pk}")
    suffix = KIT_HEADER.index("number_suffix")
    old_kit = [
        row[:suffix] + row[suffix + 1 :]
        for row in csv.reader(io.StringIO(kit.decode("utf-8-sig")))
        if row[suffix] != "bis"
    ]
    text_fr = old_kit[0].index("text_fr")
    for row in old_kit:
        if row[KIND : NUMBER + 1] == ["paragraph", "17"]:
            row[text_fr] = "Paragraphe 17."

    page = preview_and_confirm(client, "old-kit-fr.csv", as_csv(old_kit))
    assert "Changed: 1" in page and '<td rowspan="1">oslo, paragraph 17</td>' in page
    assert (paragraph(oslo, 17).text_fr, paragraph(oslo, 17, "bis").text_fr) == ("Paragraphe 17.", None)
