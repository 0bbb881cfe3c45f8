"""Two editors bring in the same new meeting at the same moment: one wins, the other is told, nothing is half-written.

Each editor previews the document, then both confirm at once: each
request runs in a thread of its own, with its own database connection, and
both pass the form's check that the identifier is free before either
writes. The database's unique identifier then stops the second: it is told
the meeting was created meanwhile, and what it wrote is rolled back.

SQLite lets one transaction write at a time, and refuses at once a writer
that read before another wrote: such an editor is told to confirm again.
"""

import datetime
import html
import re
import threading

import pytest
from django.db import connection, connections, transaction

from conclusions.admin import documents
from conclusions.documents.importer import document_import
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.documents.text_decoding import DocumentError
from conclusions.models import Conclusion, Meeting
from tests.admin.document_upload import confirm, preview
from tests.real_documents import AWAZA, REAL

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def two_editors(alice, bruno):
    return [alice, bruno]


CREATED_MEANWHILE = (
    "A meeting with the identifier “awaza” was created meanwhile, by another import: nothing was written."
)
BUSY = "Another change was being written at the same moment: nothing was written. Confirm again."


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database is in memory, its tables shared between threads under table locks: there a "
    "read fails at once while another thread writes, the page shown after the refusal included, which no "
    "SQLite file does; SQLite's refusal of the second writer is tested below.",
)
def test_two_editors_confirming_the_same_new_meeting_at_once_one_wins(two_editors, monkeypatch):
    data = (REAL / AWAZA).read_bytes()
    previews = [preview(client, AWAZA, data, language="en", slug="awaza") for client in two_editors]
    together = threading.Barrier(len(two_editors), timeout=30)
    write = documents.document_import

    def write_together(**kwargs):
        together.wait()  # both have passed the form's checks: neither meeting exists yet
        return write(**kwargs)

    monkeypatch.setattr(documents, "document_import", write_together)
    responses = {}

    def confirm_in_thread(client, previewed):
        try:
            responses[client] = confirm(client, previewed, start_date="2025-10-14")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=confirm_in_thread, args=pair) for pair in zip(two_editors, previews, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(response.status_code for response in responses.values())
    assert codes == [200, 302]
    lost = next(response for response in responses.values() if response.status_code == 200)
    assert CREATED_MEANWHILE in html.unescape(lost.content.decode())
    # The winner's document, whole; nothing of the other's.
    assert Meeting.objects.filter(slug="awaza").count() == Meeting.history.filter(slug="awaza").count() == 1
    assert Conclusion.objects.count() == len(read_document(data, AWAZA).blocks)


def test_an_editor_who_confirms_after_another_created_the_meeting_is_told_so(two_editors):
    data = (REAL / AWAZA).read_bytes()
    first, second = (preview(client, AWAZA, data, language="en", slug="awaza") for client in two_editors)
    assert confirm(two_editors[0], first, start_date="2025-10-14").status_code == 302
    refused = confirm(two_editors[1], second, start_date="2025-10-14")
    assert refused.status_code == 200
    assert "A meeting with the identifier “awaza” already exists." in refused.content.decode().replace("&ldquo;", "“")
    assert Conclusion.objects.count() == len(read_document(data, AWAZA).blocks)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL lets writers of other rows go on together.")
def test_on_sqlite_an_import_refused_while_another_change_is_written_is_told_to_confirm_again(geneva):
    writing, finished = threading.Event(), threading.Event()

    def another_change():
        try:
            with transaction.atomic():
                Meeting.objects.filter(slug="geneva-2016").update(venue_en="Palais des Nations")
                writing.set()
                finished.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=another_change)
    thread.start()
    writing.wait(timeout=30)
    data = (REAL / AWAZA).read_bytes()
    try:
        with pytest.raises(DocumentError, match=re.escape(BUSY)):
            document_import(
                document=outcome_document_of(read_document(data, AWAZA)),
                slug="awaza",
                language="en",
                title="",
                dates=(datetime.date(2025, 10, 14), datetime.date(2025, 10, 14)),
                replace=False,
            )
    finally:
        finished.set()
        thread.join(timeout=30)
    assert not Meeting.objects.filter(slug="awaza").exists()
