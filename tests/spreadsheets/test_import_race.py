"""Two imports of the same new paragraph at the very same moment, on PostgreSQL: one writes it, neither fails.

Each import runs in a thread of its own, with its own database connection,
and both wait for each other just before taking the import lock, that is,
before either has read the database to plan. In the admin, the second
confirm then finds the paragraph its preview called new already there: it
writes nothing and says so, with the new preview. On the command line the
second import plans on what the first wrote and finds nothing left to do.
Before the lock, the second answered 500 (admin) or a UniqueViolation
traceback (command line).
"""

import io

import pytest
from django.core.management import call_command

from conclusions.models import SpreadsheetImport
from conclusions.spreadsheets import resources
from tests.spreadsheets.spreadsheet_programs import confirm_preview, upload
from tests.two_at_once import ON_A_DATABASE_SERVER, at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ON_A_DATABASE_SERVER,
]

NEW_PARAGRAPHS = "meeting,number,text_zh_hans\ngeneva-2016,18,新的第十八段。\ngeneva-2016,19,新的第十九段。\n"


@pytest.fixture
def two_editors(alice, bruno):
    return [alice, bruno]


def new_paragraphs(meeting):
    return list(meeting.conclusions.filter(kind="paragraph", number__in=(18, 19)).values_list("number", flat=True))


def test_two_confirms_adding_the_same_paragraphs_at_once_write_them_once_and_tell_the_second(
    geneva, two_editors, monkeypatch
):
    previews = [upload(client, "new.csv", NEW_PARAGRAPHS.encode()).content.decode() for client in two_editors]
    confirms = [
        lambda c=client, p=page: confirm_preview(c, p) for client, page in zip(two_editors, previews, strict=True)
    ]
    outcomes = at_once(monkeypatch, resources, "one_import_at_a_time", confirms)
    assert sorted(outcome.status_code for outcome in outcomes) == [200, 302]
    refused = next(outcome for outcome in outcomes if outcome.status_code == 200).content.decode()
    assert "Nothing was imported: these rows were changed after your preview." in refused
    assert sorted(new_paragraphs(geneva)) == [18, 19]
    assert SpreadsheetImport.objects.count() == 1


def test_two_command_line_imports_of_the_same_new_paragraphs_at_once_both_end_well(geneva, tmp_path, monkeypatch):
    file = tmp_path / "new.csv"
    file.write_text(NEW_PARAGRAPHS, encoding="utf-8")

    def command():
        out = io.StringIO()
        call_command("import_conclusions", str(file), stdout=out)
        return out.getvalue()

    outcomes = at_once(monkeypatch, resources, "one_import_at_a_time", [command, command])
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sorted(new_paragraphs(geneva)) == [18, 19]
    imported = [said for said in outcomes if "Imported new.csv" in said]
    assert len(imported) == 1 and "2 new" in imported[0]
    assert [said for said in outcomes if "new.csv changes nothing" in said] != []
    assert SpreadsheetImport.objects.count() == 1
