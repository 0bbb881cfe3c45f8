"""Two editors preview imports of the same paragraph, each in a browser of their own; both confirm.

Alice ("editor") confirms first. Bruno's "Confirm import" then finds
paragraph 6 changed since his preview: he is told nothing was imported,
which row changed and by whom, and shown the preview as it is now; his
second "Confirm import" imports his French over Alice's, knowingly.
"""

import pytest
from playwright.sync_api import expect

from conclusions.models import SpreadsheetImport
from tests.browser import VIEWPORT, log_in, shoot
from tests.spreadsheets.test_browser_spreadsheets import geneva_paragraph, open_conclusions_list, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALICE = "Paragraphe six, traduit par Alice."
BRUNO = "Paragraphe six, traduit par Bruno."


@pytest.fixture
def bruno_account(site, second_editor):
    """Bruno, made once the live server's database holds Geneva."""
    return second_editor


def previewed(browser, site: str, account: tuple[str, str], file) -> object:
    page = browser.new_page(viewport=VIEWPORT)
    log_in(page, site, *account)
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Import from spreadsheet").click()
    upload(page, file)
    return page


def french_file(folder, name: str, text: str):
    path = folder / name
    path.write_text(f'meeting,number,text_fr\ngeneva-2016,6,"{text}"\n', encoding="utf-8")
    return path


def test_the_second_confirm_of_the_same_paragraph_says_who_changed_it_and_confirms_again(
    browser, site, editor_account, bruno_account, tmp_path
):
    alice = previewed(browser, site, ("editor", "editor-password"), french_file(tmp_path, "alice.csv", ALICE))
    bruno = previewed(browser, site, ("bruno", "bruno-password"), french_file(tmp_path, "bruno.csv", BRUNO))

    alice.get_by_role("button", name="Confirm import").click()
    expect(alice.locator(".messagelist .success")).to_contain_text("Imported alice.csv:")

    bruno.get_by_role("button", name="Confirm import").click()
    note = bruno.locator(".import-changed-meanwhile")
    expect(note).to_contain_text("Nothing was imported: these rows were changed after your preview.")
    expect(note).to_contain_text("geneva-2016, paragraph 6: changed by editor on")
    expect(bruno.locator("#content-main")).to_contain_text(ALICE)  # the stored text his file now replaces
    shoot(bruno, "admin", "import-changed-meanwhile", sizes=(VIEWPORT,))
    assert geneva_paragraph(6).text_fr == ALICE

    bruno.get_by_role("button", name="Confirm import").click()
    expect(bruno.locator(".messagelist .success")).to_contain_text("Imported bruno.csv:")
    assert geneva_paragraph(6).text_fr == BRUNO
    assert SpreadsheetImport.objects.count() == 2
