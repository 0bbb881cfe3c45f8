"""An editor exports, a translator fills French in LibreOffice, the editor imports, previews, confirms, undoes.

The translator's files are written by LibreOffice itself (headless `soffice`)
in the formats and encodings spreadsheet programs really produce.
"""

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext, ngettext

from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets.export import export_columns
from tests.spreadsheets.spreadsheet_programs import CSV_FILTERS, confirm_preview, soffice_convert, upload

FRENCH = {
    6: "Des expériences relatives aux plans nationaux ont été partagées ; l'appropriation nationale a été saluée.",
    10: "La nécessité d'associer les jeunes a été reconnue, « partenaires » à part entière.\nDeuxième ligne.",
}


@pytest.fixture
def editor_client(client, editor):
    assert client.login(username="editor", password="editor-password")
    return client


@pytest.fixture(scope="module")
def translator_files(tmp_path_factory) -> dict[str, bytes]:
    """The Geneva export with French added in paragraphs 6 and 10, saved by LibreOffice in each format."""
    from conclusions.spreadsheets.export import write_csv

    work = tmp_path_factory.mktemp("translator")
    profile = work / "profile"
    header = ["meeting", "number", "text_fr"]
    rows = [["geneva-2016", number, text] for number, text in FRENCH.items()]
    source = work / "translation.csv"
    with source.open("wb") as stream:
        write_csv(header, rows, stream)
    xlsx = soffice_convert(source, "xlsx", work / "xlsx", profile)
    files = {"libreoffice.xlsx": xlsx.read_bytes()}
    # LibreOffice Calc's own format, saved from the workbook as a translator would.
    files["libreoffice.ods"] = soffice_convert(xlsx, "ods", work / "ods", profile).read_bytes()
    for name, options in CSV_FILTERS.items():
        converted = soffice_convert(xlsx, f"csv:Text - txt - csv (StarCalc):{options}", work / name, profile)
        files[name] = converted.read_bytes()
    return files


def test_export_of_the_filtered_list_is_utf8_with_bom(editor_client, geneva):
    response = editor_client.get(f"/admin/conclusions/conclusion/export/csv/?meeting__id__exact={geneva.pk}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == export_columns(None)
    assert len(rows) == 1 + geneva.conclusions.count()
    by_address = {tuple(row[1:4]): row for row in rows[1:]}
    assert by_address[("1", "paragraph", "6")][rows[0].index("text_zh_hans")] == paragraph(geneva, 6).text_zh_hans


def paragraph(meeting, number: int):
    return meeting.conclusions.get(kind="paragraph", number=number)


@pytest.mark.parametrize("export_format", ["xlsx", "ods", "json"])
def test_export_in_other_formats_reads_back(editor_client, geneva, export_format):
    from conclusions.spreadsheets.files import read_table

    response = editor_client.get(f"/admin/conclusions/conclusion/export/{export_format}/")
    assert response.status_code == 200
    assert f'filename="conclusions.{export_format}"' in response["Content-Disposition"]
    table = read_table(b"".join(response.streaming_content), filename=f"x.{export_format}")
    assert len(table.rows) == geneva.conclusions.count()
    tenth = next(row for row in table.rows if row[2:4] == ["paragraph", 10])
    assert tenth[table.headers.index("text_zh_hans")] == paragraph(geneva, 10).text_zh_hans


def test_unknown_export_format_is_404(editor_client, geneva):
    assert editor_client.get("/admin/conclusions/conclusion/export/pdf/").status_code == 404


@pytest.mark.parametrize("name", ["libreoffice.xlsx", "libreoffice.ods", *CSV_FILTERS])
def test_translator_file_preview_confirm_and_undo(editor_client, geneva, translator_files, name):
    content = translator_files[name]
    preview = upload(editor_client, name, content)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "New paragraphs: 0" in page and "Changed: 2" in page
    changed_columns = re.findall(r"<td>French <code>(text_\w+)</code></td>", page)
    assert changed_columns == ["text_fr", "text_fr"]
    assert '<td class="text" lang="fr" dir="ltr">' in page, "texts keep their language in an Arabic admin"
    assert not SpreadsheetImport.objects.exists(), "nothing is written before confirm"
    if name.endswith((".csv", ".txt")):
        expected = {"utf8": "UTF-8", "utf16": "UTF-16", "gb18030": "GB18030"}[name.split("-")[0]]
        assert f"Encoding detected: {expected}" in page

    confirm = confirm_preview(editor_client, page)
    assert confirm.status_code == 302
    record = SpreadsheetImport.objects.get()
    assert (record.changed_count, record.created_count, record.user.username) == (2, 0, "editor")
    for number, text in FRENCH.items():
        assert paragraph(geneva, number).text_fr == text
    assert FRENCH[6] in editor_client.get("/fr/meetings/geneva-2016/").content.decode().replace("&#x27;", "'")

    assert editor_client.get(f"/admin/conclusions/spreadsheetimport/{record.pk}/change/").status_code == 200
    undo = editor_client.post(f"/admin/conclusions/spreadsheetimport/{record.pk}/undo/")
    assert undo.status_code == 302
    french = geneva.conclusions.filter(kind="paragraph", number__in=FRENCH).exclude(text_fr="").exclude(text_fr=None)
    assert not french.exists()


def test_bad_file_gets_its_message_and_changes_nothing(editor_client, geneva):
    response = upload(editor_client, "bad.csv", b"meeting,number,text_fra\ngeneva-2016,1,x\n")
    page = response.content.decode()
    assert "Column “text_fra”: Unknown column. Did you mean “text_fr”?" in page
    assert "Nothing was imported" in page
    assert 'name="import_file_name"' not in page
    assert not SpreadsheetImport.objects.exists()


def test_file_over_the_limit_is_refused(editor_client, geneva, settings):
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 100
    response = upload(editor_client, "big.csv", b"meeting,number,text_fr\n" + b"geneva-2016,1,x\n" * 20)
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


@pytest.mark.parametrize("name", ["document.pdf", "empty.csv", "header.csv"])
def test_unreadable_files_are_refused_with_a_message(editor_client, geneva, name):
    content = {"document.pdf": b"%PDF-1.4", "empty.csv": b"", "header.csv": b"meeting,number,text_fr\n"}[name]
    page = upload(editor_client, name, content).content.decode()
    assert 'class="errorlist' in page
    assert not SpreadsheetImport.objects.exists()


def test_confirm_with_a_forged_or_stale_token_writes_nothing(editor_client, geneva):
    page = upload(editor_client, "fr.csv", b"meeting,number,text_fr\ngeneva-2016,6,Texte.\n").content.decode()
    for pending in ["../../etc/passwd", "0" * 32]:
        response = confirm_preview(editor_client, page, import_file_name=pending)
        response = editor_client.get(response["Location"])
        assert "expired or was already confirmed" in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


def test_staff_without_the_import_permission_cannot_import_or_export(client, geneva, django_user_model):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_conclusion"))
    client.login(username="reader", password="pw")
    assert client.get("/admin/conclusions/conclusion/import/").status_code == 403
    assert client.get("/admin/conclusions/conclusion/export/csv/").status_code == 403
    page = client.get("/admin/conclusions/conclusion/").content.decode()
    assert "Import from spreadsheet" not in page


def test_oversized_upload_is_refused_from_its_declared_length(editor_client, geneva, settings):
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 1000
    big = b"meeting,number,text_fr\n" + b"geneva-2016,1,texte\n" * 10_000  # 200 kB, past limit and form overhead
    response = upload(editor_client, "big.csv", big)
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


def test_import_still_requires_the_csrf_token(geneva, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        "/admin/conclusions/conclusion/import/",
        {"import_file": SimpleUploadedFile("fr.csv", b"meeting,number,text_fr\ngeneva-2016,6,Texte.\n")},
    )
    assert response.status_code == 403


def test_previews_never_confirmed_are_removed_a_day_later(editor_client, geneva, settings, tmp_path):
    import os
    import time

    settings.MEDIA_ROOT = tmp_path
    content = b"meeting,number,text_fr\ngeneva-2016,6,Texte.\n"
    upload(editor_client, "first.csv", content)
    [abandoned] = list((tmp_path / "conclusion-imports").iterdir())
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))
    upload(editor_client, "second.csv", content)
    remaining = list((tmp_path / "conclusion-imports").iterdir())
    assert abandoned not in remaining and len(remaining) == 1


def test_theme_names_round_trip_through_the_admin_and_undo(editor_client, geneva):
    from conclusions.models import Theme

    response = editor_client.get("/admin/conclusions/theme/export/csv/")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["slug", "position", "name_ar"]
    assert len(rows) == 1 + Theme.objects.count()

    french = b"slug;name_fr\nyouth;Jeunesse\n"
    page = upload_to(editor_client, "theme", "themes.csv", french).content.decode()
    assert "Changed: 1" in page and '<td class="text" lang="fr" dir="ltr">Jeunesse</td>' in page
    confirm = confirm_preview(editor_client, page)
    assert confirm.status_code == 302
    assert Theme.objects.get(slug="youth").name_fr == "Jeunesse"

    record = SpreadsheetImport.objects.get()
    assert record.target == "theme"
    editor_client.post(f"/admin/conclusions/spreadsheetimport/{record.pk}/undo/")
    assert Theme.objects.get(slug="youth").name_fr != "Jeunesse"


def test_meeting_import_names_bad_cells(editor_client, geneva):
    page = upload_to(editor_client, "meeting", "m.csv", b"slug,end_date\ngeneva-2016,2016-04-01\n").content.decode()
    assert "Row 2: The end date cannot be before the start date." in page
    assert not SpreadsheetImport.objects.exists()


def upload_to(client, model: str, name: str, content: bytes):
    return client.post(f"/admin/conclusions/{model}/import/", {"import_file": SimpleUploadedFile(name, content)})


def test_confirm_shows_problems_that_appeared_since_the_preview_and_writes_nothing(editor_client, geneva):
    from conclusions.models import Theme

    Theme.objects.create(slug="short-lived", name_en="Short-lived")
    page = upload(
        editor_client, "new.csv", "meeting,number,text_zh_hans,themes\ngeneva-2016,18,新段落。,short-lived\n".encode()
    )
    assert "New paragraphs: 1" in page.content.decode()
    Theme.objects.filter(slug="short-lived").delete()  # another editor, between preview and confirm

    confirm = confirm_preview(editor_client, page.content.decode())
    assert confirm.status_code == 200
    assert "Row 2, column “themes”: Unknown themes: short-lived." in confirm.content.decode()
    assert not geneva.conclusions.filter(kind="paragraph", number=18).exists()
    assert not SpreadsheetImport.objects.exists()


def test_confirming_a_file_that_changes_nothing_writes_nothing(editor_client, geneva):
    text = paragraph(geneva, 6).text_zh_hans
    page = upload(editor_client, "same.csv", f"meeting,number,text_zh_hans\ngeneva-2016,6,{text}\n".encode())
    assert "The file changes nothing." in page.content.decode()
    confirmed = editor_client.get(confirm_preview(editor_client, page.content.decode())["Location"])
    assert "The file changes nothing: nothing was imported." in confirmed.content.decode()
    assert not SpreadsheetImport.objects.exists()


@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr", "ru", "es"])
def test_the_librarys_export_page_speaks_the_editors_language(editor_client, geneva, language):
    """The library's own catalogs leave "Select all" and the selected-items line English in some languages."""
    editor_client.cookies["django_language"] = language
    pks = list(geneva.conclusions.filter(kind="paragraph", number__in=(6, 10)).values_list("pk", flat=True))
    with translation.override("en"):
        response = editor_client.post(
            "/admin/conclusions/conclusion/",
            {"action": "export_admin_action", "_selected_action": pks, "index": 0},
        )
    page = html.unescape(response.content.decode())
    with translation.override(language):
        wanted = [
            gettext("Select all"),
            ngettext("Export %(len)s selected item.", "Export %(len)s selected items.", 2) % {"len": 2},
        ]
    for text in wanted:
        assert text in page
    assert "Select all" not in page and "selected items" not in page


def test_export_page_names_each_column_in_the_editors_language(editor_client, geneva):
    """Column boxes read "Lieu, français (venue_fr)", not the library's "Venue Fr"; the file's name stays beside."""
    editor_client.cookies["django_language"] = "fr"
    with translation.override("en"):
        meetings = html.unescape(editor_client.get("/admin/conclusions/meeting/export/").content.decode())
        conclusions = html.unescape(editor_client.get("/admin/conclusions/conclusion/export/").content.decode())
    for label in ("Identifiant (slug)", "Date de début (start_date)", "Lieu, français (venue_fr)", "Titre, chinois"):
        assert label in meetings
    for label in (
        "Réunion (meeting)",
        "Numéro (number)",
        "français (text_fr)",
        "français (label_fr)",
        "Thèmes (themes)",
    ):
        assert label in conclusions
