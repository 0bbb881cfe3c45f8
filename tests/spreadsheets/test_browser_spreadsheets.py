"""The spreadsheet flow as people click it: export, edit in LibreOffice, import, preview, confirm, undo.

Every link and button of the Conclusions list's tools, the import page and the
import log is clicked here, in headless Chromium; nothing is posted to a URL
directly. The tests name what a person sees (link and button names, headings,
messages), so they hold however the pages are built.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.models import Meeting, SpreadsheetImport
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.export import write_csv
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.formula_escaping import restore_text
from tests.browser import log_in
from tests.spreadsheets.spreadsheet_programs import soffice_convert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STORED_FRENCH_6 = "Des expériences relatives aux plans nationaux ont été partagées."
NEW_FRENCH = {
    6: "Des expériences relatives aux plans nationaux et régionaux ont été partagées ; l'appropriation a été saluée.",
    10: "La nécessité d'associer activement les jeunes a été reconnue.",
}
LIBREOFFICE_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8


@pytest.fixture(scope="module")
def libreoffice_profile(tmp_path_factory) -> Path:
    """One LibreOffice profile for the module: its first start is the slow one."""
    return tmp_path_factory.mktemp("libreoffice") / "profile"


@pytest.fixture
def stored_french(site) -> None:
    """Paragraph 6 already has a French text; paragraph 10 has none yet."""
    paragraph = geneva_paragraph(6)
    paragraph.text_fr = STORED_FRENCH_6
    content_save([paragraph])


def geneva_paragraph(number: int):
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=number)


def french_edited_in_libreoffice(exported: Path, french: dict[int, str], work: Path, profile: Path) -> Path:
    """The exported file with new French in some paragraphs, saved again by LibreOffice in its own format."""
    table = read_table(exported.read_bytes(), filename=exported.name)
    kind, number, text_fr = (table.headers.index(column) for column in ("kind", "number", "text_fr"))
    # The cells as the person sees them (XLSX empty cells as ""), written out again below as the export writes them.
    rows = [[restore_text(value) if isinstance(value, str) else value or "" for value in row] for row in table.rows]
    for row in rows:
        if row[kind] == "paragraph":
            row[text_fr] = french.get(int(row[number]), row[text_fr])
    edited = work / f"{exported.stem}-fr.csv"
    with edited.open("wb") as stream:
        write_csv(table.headers, rows, stream)
    xlsx = soffice_convert(edited, "xlsx", work / "xlsx", profile)
    if exported.suffix == ".xlsx":
        return xlsx
    return soffice_convert(xlsx, LIBREOFFICE_CSV, work / "csv", profile)


def download(page, link_name: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name, exact=True).click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return path


def open_conclusions_list(page, site: str) -> None:
    page.goto(f"{site}/admin/")
    page.locator("#content-main").get_by_role("link", name="Conclusions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("conclusion")


def upload(page, file: Path, *, clear_empty: bool = False) -> None:
    """Choose a file in the import form (the last one on a preview page) and ask for its preview."""
    page.get_by_label("Spreadsheet file").set_input_files(file)
    page.get_by_label("Empty cells clear the stored text").set_checked(clear_empty)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=f"Preview of {file.name}")).to_be_visible()


def import_and_confirm(page, site: str, file: Path) -> SpreadsheetImport:
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Import from spreadsheet").click()
    upload(page, file)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"Imported {file.name}:")
    return SpreadsheetImport.objects.latest("pk")


def import_name(record: SpreadsheetImport) -> str:
    """How the admin names an import (written out: the test process may have another language active)."""
    return f"Import #{record.pk} of {record.file_name}"


def open_import_from_the_log(page, site: str, record: SpreadsheetImport) -> None:
    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="Spreadsheet imports").click()
    page.get_by_role("link", name=import_name(record)).click()
    expect(page.get_by_role("heading", level=2, name=import_name(record))).to_be_visible()


def undo_and_confirm(page, record: SpreadsheetImport) -> None:
    page.get_by_role("link", name="Undo this import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Undo {import_name(record)}?")
    page.get_by_role("button", name="Yes, undo this import").click()


def expect_french_on_the_public_page(page, site: str, number: int, text: str) -> None:
    page.goto(f"{site}/fr/meetings/geneva-2016/")
    paragraph = page.locator(f"#p{number} .paragraph-text")
    expect(paragraph).to_have_text(text)
    expect(paragraph).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("export_format", ["CSV", "XLSX"])
def test_editor_exports_edits_imports_and_undoes(
    page, site, editor_account, stored_french, libreoffice_profile, tmp_path, export_format
):
    log_in(page, site, "editor", "editor-password")
    open_conclusions_list(page, site)
    exported = download(page, f"Export {export_format}", tmp_path)
    assert exported.name == f"conclusions.{export_format.lower()}"
    edited = french_edited_in_libreoffice(exported, NEW_FRENCH, tmp_path, libreoffice_profile)

    page.get_by_role("link", name="Import from spreadsheet").click()
    upload(page, edited)
    expect(page.get_by_text("Changed: 2", exact=True)).to_be_visible()
    expect(page.get_by_text("New paragraphs: 0", exact=True)).to_be_visible()
    preview = page.locator("table.import-preview")
    paragraph_6 = preview.locator("tr", has_text="French").filter(has_text=STORED_FRENCH_6)
    expect(paragraph_6.locator("td.text[lang=fr]").first).to_have_text(STORED_FRENCH_6)
    expect(paragraph_6.locator("td.text[lang=fr]").last).to_have_text(NEW_FRENCH[6])
    expect(preview.locator("td.text[lang=fr]", has_text=NEW_FRENCH[10])).to_be_visible()
    assert not SpreadsheetImport.objects.exists(), "nothing is written before confirm"

    page.get_by_role("button", name="Confirm import").click()
    unchanged = geneva_paragraph(6).meeting.conclusions.count() - 2
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Imported {edited.name}: 0 new, 2 changed, {unchanged} unchanged, 0 refused."
    )
    record = SpreadsheetImport.objects.get()
    expect(page.get_by_role("heading", level=2, name=import_name(record))).to_be_visible()
    expect(page.get_by_role("link", name="geneva-2016, paragraph 6")).to_be_visible()
    expect_french_on_the_public_page(page, site, 6, NEW_FRENCH[6])
    expect_french_on_the_public_page(page, site, 10, NEW_FRENCH[10])

    open_import_from_the_log(page, site, record)
    page.get_by_role("link", name="Undo this import").click()
    put_back = page.locator("table.import-preview tr", has_text="paragraph 6")
    expect(put_back.locator("td.text[lang=fr]").first).to_have_text(NEW_FRENCH[6])
    expect(put_back.locator("td.text[lang=fr]").last).to_have_text(STORED_FRENCH_6)
    expect(page.locator("table.import-preview tr", has_text="paragraph 10")).to_contain_text("(empty)")
    page.get_by_role("button", name="Yes, undo this import").click()
    expect(page.locator(".messagelist .success")).to_have_text("The import was undone: the previous values are back.")
    expect(page.get_by_role("link", name="Undo this import")).to_have_count(0)

    expect_french_on_the_public_page(page, site, 6, STORED_FRENCH_6)
    expect(page.locator("#p10 .paragraph-text")).not_to_have_attribute("lang", "fr")
    expect(page.locator("#p10")).not_to_contain_text(NEW_FRENCH[10])


def test_french_translator_undoes_their_own_import_but_not_an_editors(
    page, site, editor_account, translator_account, stored_french, libreoffice_profile, tmp_path
):
    table = read_table(b"meeting,number,text_fr\ngeneva-2016,12,Texte de la responsable.\n", filename="e.csv")
    by_editor = apply_conclusion_import(plan_conclusion_import(table), file_name="editor.csv", user=editor_account)

    log_in(page, site, "traductrice", "translator-password")
    open_conclusions_list(page, site)
    exported = download(page, "Export CSV", tmp_path)
    headers = read_table(exported.read_bytes(), filename=exported.name).headers
    assert headers == ["meeting", "part", "kind", "number", "number_suffix", "label_fr", "text_fr"]
    edited = french_edited_in_libreoffice(exported, NEW_FRENCH, tmp_path, libreoffice_profile)
    record = import_and_confirm(page, site, edited)
    assert record.user == translator_account
    expect_french_on_the_public_page(page, site, 6, NEW_FRENCH[6])

    open_import_from_the_log(page, site, record)
    undo_and_confirm(page, record)
    expect(page.locator(".messagelist .success")).to_have_text("The import was undone: the previous values are back.")
    expect_french_on_the_public_page(page, site, 6, STORED_FRENCH_6)

    open_import_from_the_log(page, site, by_editor)
    expect(page.get_by_text("Texte de la responsable.")).to_have_count(0)  # the log lists records, not texts
    expect(page.get_by_role("link", name="Undo this import")).to_have_count(0)
    expect_french_on_the_public_page(page, site, 12, "Texte de la responsable.")


def test_undo_is_refused_when_a_paragraph_was_changed_after_the_import(page, site, editor_account, tmp_path):
    file = tmp_path / "six.csv"
    file.write_text(f"meeting,number,text_fr\ngeneva-2016,6,{NEW_FRENCH[6]}\n", encoding="utf-8")
    log_in(page, site, "editor", "editor-password")
    record = import_and_confirm(page, site, file)

    # The editor opens the paragraph from the import's page and corrects its French.
    page.get_by_role("link", name="geneva-2016, paragraph 6").click()
    # The page's language switch: the other languages' boxes hide.
    page.get_by_role("tab", name="French").click()
    page.get_by_role("textbox", name="Text:", exact=True).fill("Une correction faite après l'import.")
    page.get_by_role("button", name="Save", exact=True).last.click()  # at the foot of the form (and at its top)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    open_import_from_the_log(page, site, record)
    undo_and_confirm(page, record)
    expect(page.locator(".messagelist .error")).to_have_text(
        "Changed after this import: geneva-2016, paragraph 6. Undo those changes first."
    )
    expect(page.get_by_role("link", name="Undo this import")).to_be_visible()
    expect_french_on_the_public_page(page, site, 6, "Une correction faite après l'import.")


def test_refused_file_writes_nothing_and_ticked_empty_cells_show_deletions(
    page, site, editor_account, stored_french, tmp_path
):
    unknown_theme = tmp_path / "themes.csv"
    unknown_theme.write_text("meeting,number,themes\ngeneva-2016,6,no-such-theme\n", encoding="utf-8")
    emptied = tmp_path / "emptied.csv"
    emptied.write_text("meeting,number,text_fr\ngeneva-2016,6,\n", encoding="utf-8")
    log_in(page, site, "editor", "editor-password")
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Import from spreadsheet").click()

    upload(page, unknown_theme)
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Nothing was imported.")
    expect(problems).to_contain_text("Unknown themes: no-such-theme.")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)

    # The form under the preview takes the next file.
    expect(page.get_by_role("heading", name="Upload another file")).to_be_visible()
    upload(page, emptied)
    expect(page.get_by_text("The file changes nothing.")).to_be_visible()
    upload(page, emptied, clear_empty=True)
    deletion = page.locator("table.import-preview tr.change-cleared")
    expect(deletion).to_contain_text("deleted")
    expect(deletion.locator("td.text[lang=fr]").first).to_have_text(STORED_FRENCH_6)
    assert not SpreadsheetImport.objects.exists()
    assert geneva_paragraph(6).text_fr == STORED_FRENCH_6

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 changed")
    assert geneva_paragraph(6).text_fr == ""


@pytest.mark.parametrize("kit_format", ["CSV", "XLSX", "ODS"])
def test_translator_kit_link_downloads_the_french_kit(page, site, translator_account, tmp_path, kit_format):
    log_in(page, site, "traductrice", "translator-password")
    open_conclusions_list(page, site)
    kit = download(page, f"Translator kit (French, {kit_format})", tmp_path)
    assert kit.name == f"translator-kit-fr.{kit_format.lower()}"
    table = read_table(kit.read_bytes(), filename=kit.name)
    assert {"label_fr", "text_fr"} <= set(table.headers)
    assert len(table.rows) == Meeting.objects.get(slug="geneva-2016").conclusions.count()


def test_every_other_link_of_the_flow_goes_where_it_says(page, site, editor_account, tmp_path):
    file = tmp_path / "six.csv"
    file.write_text(f"meeting,number,text_fr\ngeneva-2016,6,{NEW_FRENCH[6]}\n", encoding="utf-8")
    log_in(page, site, "editor", "editor-password")

    open_conclusions_list(page, site)
    with page.expect_download() as json_export:
        page.get_by_role("link", name="Export JSON").click()
    assert json_export.value.suggested_filename == "conclusions.json"
    page.get_by_role("link", name="Translation coverage").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/conclusion/translations/")
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Deleted", exact=True).click()
    expect(page).to_have_url(f"{site}/admin/conclusions/conclusion/deleted/")

    # The import page's breadcrumb leads back to the list, nothing imported.
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Import from spreadsheet").click()
    upload(page, file)
    page.locator(".breadcrumbs").get_by_role("link", name="Conclusions").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/conclusion/")
    assert not SpreadsheetImport.objects.exists()

    record = import_and_confirm(page, site, file)
    page.locator("li", has_text="geneva-2016, paragraph 6").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change history")
    expect(page.get_by_role("link", name=f"Spreadsheet import #{record.pk} — six.csv")).to_be_visible()

    # "No, take me back" undoes nothing; "Close" returns to the log.
    open_import_from_the_log(page, site, record)
    page.get_by_role("link", name="Undo this import").click()
    page.get_by_role("link", name="No, take me back").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/spreadsheetimport/{record.pk}/change/")
    record.refresh_from_db()
    assert not record.is_undone and geneva_paragraph(6).text_fr == NEW_FRENCH[6]
    page.get_by_role("link", name="Close").click()
    expect(page).to_have_url(f"{site}/admin/conclusions/spreadsheetimport/")


def submitted_export(page, folder: Path):
    """Submit the library's export page and read the file the browser downloads."""
    with page.expect_download() as started:
        page.get_by_role("button", name="Submit").click()
    path = folder / started.value.suggested_filename
    started.value.save_as(path)
    return read_table(path.read_bytes(), filename=path.name)


def test_editor_exports_chosen_columns_and_selected_rows_on_the_library_pages(page, site, editor_account, tmp_path):
    """The library's "Export" page (format and columns) and its "Export selected" action, clicked."""
    log_in(page, site, "editor", "editor-password")
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Export, choosing columns").click()
    page.get_by_label("Format").select_option(label="csv")
    kept = ["meeting", "part", "kind", "number", "text_en", "text_fr"]
    # "Select all", unticked, clears every column (its script runs under the site's CSP); then the few wanted.
    page.locator(".select-toggle").uncheck()
    expect(page.locator(".selectable-field-export-row input[type=checkbox]:checked")).to_have_count(0)
    for column in kept:
        page.get_by_label(f"({column})").check()
    table = submitted_export(page, tmp_path)
    assert table.headers == kept
    assert len(table.rows) == Meeting.objects.get(slug="geneva-2016").conclusions.count()

    open_conclusions_list(page, site)
    for number in (6, 10):
        page.get_by_role(
            "checkbox", name=f"Select this object for an action - geneva-2016, paragraph {number}"
        ).check()
    page.get_by_role("combobox", name="Action").select_option(label="Export selected conclusions")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Export 2 selected items.")).to_be_visible()
    page.get_by_label("Format").select_option(label="xlsx")
    table = submitted_export(page, tmp_path)
    assert [row[table.headers.index("number")] for row in table.rows] == [6, 10]
    assert table.rows[0][table.headers.index("text_zh_hans")] == geneva_paragraph(6).text_zh_hans


def test_translator_export_page_gives_their_language_whatever_is_ticked(page, site, translator_account, tmp_path):
    log_in(page, site, "traductrice", "translator-password")
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Export, choosing columns").click()
    page.get_by_label("Format").select_option(label="json")
    table = submitted_export(page, tmp_path)
    assert table.headers == ["meeting", "part", "kind", "number", "number_suffix", "label_fr", "text_fr"]
