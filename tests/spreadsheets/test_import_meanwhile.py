"""An import confirmed after the rows it previewed changed: nothing written, the rows named with who changed them.

Two editors (Alice is "editor", Bruno the other) preview files on the same
paragraphs, or one previews while the other edits in a change form; the
second confirm finds the database no longer as its preview showed it. It
is shown what changed and the file's preview as it would import now, and a
second confirm imports that. A change meanwhile that the import does not
touch (another language) does not stop it. Imports at the very same moment,
in the admin and on the command line, are in test_import_race.py.
"""

import html
import re

import pytest

from conclusions.models import SpreadsheetImport
from tests.admin_forms import opened_form
from tests.spreadsheets.spreadsheet_programs import confirm_preview, upload

pytestmark = pytest.mark.django_db


def french_file(number: int, text: str) -> bytes:
    quoted = text.replace('"', '""')
    return f'meeting,number,text_fr\ngeneva-2016,{number},"{quoted}"\n'.encode()


def paragraph(meeting, number: int):
    return meeting.conclusions.get(kind="paragraph", part=1, number=number)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_second_of_two_previewed_imports_of_one_paragraph_is_refused_then_confirmed_again(alice, bruno, geneva):
    alices = upload(alice, "alice.csv", french_file(6, "Paragraphe six, version d'Alice.")).content.decode()
    brunos = upload(bruno, "bruno.csv", french_file(6, "Paragraphe six, version de Bruno.")).content.decode()
    assert confirm_preview(alice, alices).status_code == 302

    refused = confirm_preview(bruno, brunos)
    said = page_text(refused)
    assert refused.status_code == 200
    assert "Nothing was imported: these rows were changed after your preview." in said
    assert "geneva-2016, paragraph 6: changed by editor on" in said
    assert paragraph(geneva, 6).text_fr == "Paragraphe six, version d'Alice."
    assert SpreadsheetImport.objects.count() == 1
    # The preview as the file would import now: Alice's French is what Bruno's replaces.
    assert "Paragraphe six, version d'Alice." in said and "Changed: 1" in said

    assert confirm_preview(bruno, refused.content.decode()).status_code == 302
    assert paragraph(geneva, 6).text_fr == "Paragraphe six, version de Bruno."
    assert SpreadsheetImport.objects.count() == 2


def test_a_paragraph_saved_in_its_form_between_preview_and_confirm_is_named_with_its_editor(alice, bruno, geneva):
    preview = upload(alice, "alice.csv", french_file(6, "Version importée.")).content.decode()
    url = f"/admin/conclusions/conclusion/{paragraph(geneva, 6).pk}/change/"
    bruno.post(url, {**opened_form(bruno, url), "text_fr": "Version saisie par Bruno."})

    refused = confirm_preview(alice, preview)
    assert "geneva-2016, paragraph 6: changed by Bruno on" in page_text(refused)
    assert paragraph(geneva, 6).text_fr == "Version saisie par Bruno."
    assert not SpreadsheetImport.objects.exists()


def test_a_change_meanwhile_to_what_the_import_does_not_touch_does_not_stop_it(alice, bruno, geneva):
    preview = upload(alice, "alice.csv", french_file(6, "Version importée.")).content.decode()
    url = f"/admin/conclusions/conclusion/{paragraph(geneva, 6).pk}/change/"
    bruno.post(url, {**opened_form(bruno, url), "text_ru": "Русский текст Бруно."})

    assert confirm_preview(alice, preview).status_code == 302
    assert (paragraph(geneva, 6).text_fr, paragraph(geneva, 6).text_ru) == (
        "Version importée.",
        "Русский текст Бруно.",
    )


def test_two_previewed_imports_adding_the_same_new_paragraph_write_it_once_and_never_fail(alice, bruno, geneva):
    new = "meeting,number,text_zh_hans\ngeneva-2016,18,新的第十八段。\n".encode()
    alices, brunos = (upload(client, "new.csv", new).content.decode() for client in (alice, bruno))
    assert "New paragraphs: 1" in alices and "New paragraphs: 1" in brunos
    assert confirm_preview(alice, alices).status_code == 302

    second = confirm_preview(bruno, brunos)
    assert second.status_code == 200
    assert "geneva-2016, paragraph 18: changed by editor on" in page_text(second)
    assert geneva.conclusions.filter(kind="paragraph", number=18).count() == 1
    # Confirmed again, the same file now changes nothing.
    again = bruno.get(confirm_preview(bruno, second.content.decode()).url)
    assert "The file changes nothing: nothing was imported." in page_text(again)
    assert SpreadsheetImport.objects.count() == 1


def test_a_preview_confirmed_twice_imports_once(alice, geneva):
    preview = upload(alice, "alice.csv", french_file(6, "Version importée.")).content.decode()
    assert confirm_preview(alice, preview).status_code == 302
    again = alice.get(confirm_preview(alice, preview).url)
    assert "This import has expired or was already confirmed." in page_text(again)
    assert SpreadsheetImport.objects.count() == 1
