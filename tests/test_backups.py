"""A content copy restores to the same site: every public page and API answer identical, the history intact.

The site is given a history worth keeping: Geneva and a real document of two
parts (Awaza), a paragraph edited by an editor and its French by a
translator, a spreadsheet import and its undo, a block deleted, themes on
blocks. Then `dump_content` writes the copy, the database is emptied of all
content and people (as a database just migrated is), `restore_content`
loads the copy, and every page a reader can reach by links from the home
pages, every API answer and every history row is compared with before.
Run on SQLite and on PostgreSQL, like every test.
"""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client

from conclusions.backups import CONTENT_MODELS, history_models
from conclusions.content import content_delete, content_save
from conclusions.models import SearchText, Theme, TranslationBasis
from tests.admin_forms import opened_form
from tests.real_documents import AWAZA, import_real_document
from tests.site_crawl import crawl, public_links
from tests.spreadsheets.spreadsheet_programs import confirm_preview, upload
from tests.two_at_once import logged_in

# Committed: the database is emptied as a new one is, its tables truncated and ids counted from 1 again.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

API = ["/api/", "/api/meetings/", "/api/meetings/geneva-2016/", "/api/meetings/awaza/", "/api/themes/"]


@pytest.fixture
def lived_in_site(geneva, editor, make_translator, make_theme):
    import_real_document(AWAZA, slug="awaza", dates=(datetime.date(2025, 10, 14),) * 2)
    alice, translator = logged_in(editor), logged_in(make_translator("French"))
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    url = f"/admin/conclusions/conclusion/{paragraph.pk}/change/"
    theme = make_theme("backups", name_en="Backups", name_ar="النسخ الاحتياطية")
    alice.post(url, {**opened_form(alice, url), "text_en": "Paragraph six, edited.", "themes": [str(theme.pk)]})
    translator.post(url, {**opened_form(translator, url), "text_fr": "Paragraphe six, traduit."})
    for number, text in ((7, "Sept."), (8, "Huit.")):
        preview = upload(alice, "fr.csv", f"meeting,number,text_fr\ngeneva-2016,{number},{text}\n".encode())
        assert confirm_preview(alice, preview.content.decode()).status_code == 302
    undone = geneva.conclusions.get(kind="paragraph", number=8).history.first().history_change_reason.split(":")[1]
    assert alice.post(f"/admin/conclusions/spreadsheetimport/{undone}/undo/").status_code == 302
    content_delete([geneva.conclusions.get(kind="paragraph", number=9)], user=editor)
    awaza_block = apps.get_model("conclusions", "Conclusion").objects.filter(meeting__slug="awaza").first()
    awaza_block.text_ru = "Русский текст."
    content_save([awaza_block])


def public_answers() -> dict[str, bytes]:
    """Every page a reader reaches by links from the home pages in three languages, and the API's answers."""
    cache.clear()
    reader, pages = Client(), []
    for start in ("/en/", "/ar/", "/zh-hans/"):
        crawl(reader, start, links=public_links, html_pages=pages)
    answers = {path: reader.get(path).content for path in [*pages, *API]}
    assert len(pages) > 40, pages
    return answers


def histories() -> dict[str, list]:
    """Every history row of every record, with the name of the person who made it."""
    rows = {}
    for model in history_models():
        values = model.objects.order_by("pk").values()
        users = dict(get_user_model().objects.values_list("pk", "username"))
        rows[model.__name__] = [
            {**row, "history_user_id": users.get(row.get("history_user_id"))} if "history_user_id" in row else row
            for row in values
        ]
    return rows


def emptied() -> None:
    """The database as `migrate` leaves it: no content, history or people, ids counted from 1 again; groups kept."""
    from django.contrib.admin.models import LogEntry

    models = [*CONTENT_MODELS, TranslationBasis, SearchText, *history_models(), LogEntry, get_user_model()]
    tables = {model._meta.db_table for model in models}
    tables |= {
        field.remote_field.through._meta.db_table for model in models for field in model._meta.local_many_to_many
    }
    # SQLite deletes table by table, checking each reference at once: the checks wait until all are empty.
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True):
            cursor.execute(statement)


def test_a_content_copy_restores_every_page_api_answer_and_history_row(lived_in_site, make_theme, tmp_path):
    before_pages, before_history = public_answers(), histories()
    statuses = translation_statuses()
    copy = tmp_path / "backup.jsonl"
    call_command("dump_content", str(copy), stdout=io.StringIO())

    emptied()
    assert public_answers_are_gone()
    said = io.StringIO()
    call_command("restore_content", str(copy), stdout=said)
    assert said.getvalue().startswith(f"Restored {copy}:")

    after_pages = public_answers()
    assert sorted(after_pages) == sorted(before_pages)
    changed = [path for path in before_pages if after_pages[path] != before_pages[path]]
    assert not changed, changed
    assert histories() == before_history
    assert translation_statuses() == statuses
    # The people who made the changes are named again, and none can log in until they set a password.
    editor = get_user_model().objects.get(username="editor")
    assert not editor.has_usable_password() and editor.groups.filter(name="Editors").exists()
    # Records made after the restore take ids after the restored ones, and have a history of their own.
    make_theme("after-the-restore")
    assert Theme.history.filter(slug="after-the-restore").count() == 1


def translation_statuses() -> list[tuple]:
    """What each translation was made from: the source of its current / outdated status."""
    columns = ("content_type__model", "object_id", "field", "language", "source_fingerprint")
    return list(TranslationBasis.objects.order_by(*columns[:4]).values_list(*columns))


def public_answers_are_gone() -> bool:
    cache.clear()
    return Client().get("/en/meetings/geneva-2016/").status_code == 404


def test_a_copy_is_not_restored_over_content(lived_in_site, tmp_path):
    copy = tmp_path / "backup.jsonl"
    call_command("dump_content", str(copy), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds content .*Nothing was written"):
        call_command("restore_content", str(copy))


def test_a_file_that_is_not_a_copy_is_refused_and_nothing_written(db, tmp_path):
    copy = tmp_path / "backup.jsonl"
    copy.write_text('{"model": "conclusions.meeting", "pk": 1, "fields": {}}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2 is not a record of a content copy. Nothing was written."):
        call_command("restore_content", str(copy))
    assert not apps.get_model("conclusions", "Meeting").objects.exists()


ANSWERS_IN_ANOTHER_PROCESS = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
reader = Client()
print(json.dumps({path: hashlib.sha256(reader.get(path).content).hexdigest() for path in json.load(sys.stdin)}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's own tools.")
def test_pg_dump_restored_into_a_new_database_serves_the_same_pages(lived_in_site, tmp_path):
    """The README's PostgreSQL backup, run as written: the restored database, served by another process."""
    database = connection.settings_dict
    where = ["-h", database["HOST"] or "127.0.0.1", "-p", str(database["PORT"] or 5432), "-U", database["USER"]]
    copy, restored = tmp_path / "site.dump", f"{database['NAME']}_restored"
    subprocess.run(["pg_dump", *where, "-Fc", "-f", str(copy), database["NAME"]], check=True, timeout=120)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(["pg_restore", *where, "--no-owner", "-d", restored, str(copy)], check=True, timeout=120)
        before = {path: hashlib.sha256(body).hexdigest() for path, body in public_answers().items()}
        url = f"postgres://{database['USER']}@{where[1]}:{where[3]}/{restored}"
        served = subprocess.run(
            [sys.executable, "-c", ANSWERS_IN_ANOTHER_PROCESS],
            input=json.dumps(sorted(before)),
            env={**os.environ, "DATABASE_URL": url, "ALLOWED_HOSTS": "testserver"},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        after = json.loads(served.stdout.strip().splitlines()[-1])
        assert [path for path in before if after[path] != before[path]] == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')


def test_an_account_that_exists_here_already_is_kept_as_it_is(lived_in_site, tmp_path):
    copy = tmp_path / "backup.jsonl"
    call_command("dump_content", str(copy), stdout=io.StringIO())
    editor = get_user_model().objects.get(username="editor")
    emptied()
    # The same person's account (same id and name), made again here with a password of its own.
    get_user_model().objects.create_user("editor", password="kept-password", pk=editor.pk)
    call_command("restore_content", str(copy), stdout=io.StringIO())
    assert get_user_model().objects.get(username="editor").check_password("kept-password")
    assert get_user_model().objects.filter(username="traductrice").exists()
