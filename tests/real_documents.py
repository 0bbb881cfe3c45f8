"""Real outcome documents (tests/documents/real), brought in as `import_document` and the admin bring them in.

For the tests of every page and file that shows a document's structure: a
resolution with an annex (part 2), sections, sub-items, footnotes, page
furniture; a joint statement without numbers; the Universal Declaration in
six languages. Where each came from: documents/real/SOURCES.md.
"""

import datetime
import json

from conclusions.content import content_save
from conclusions.documents.importer import document_import
from conclusions.documents.reading import read_document
from conclusions.documents.storable import outcome_document_of
from conclusions.models import Meeting
from tests.paths import PROJECT

REAL = PROJECT / "tests" / "documents" / "real"
EXPECTED = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
AWAZA = "16_a-res-80-3-awaza-political-declaration.txt"
JOINT_STATEMENT = "05_zh-china-uae-joint-statement-2019.txt"


def import_real_document(
    name: str,
    *,
    slug: str = "",
    language: str = "",
    published: bool = True,
    leave_out_furniture: bool = False,
    dates=(datetime.date(2025, 1, 1), datetime.date(2025, 1, 2)),
    user=None,
    file_name: str = "",
) -> Meeting:
    """The document as a meeting, every block of it stored; published unless told otherwise.

    The history says `user` brought in `file_name` (the document's own name unless told otherwise).
    """
    language = language or EXPECTED.get(name, {}).get("language", "en")
    structure = read_document((REAL / name).read_bytes(), name)
    document = outcome_document_of(structure, leave_out_furniture=leave_out_furniture)
    report = document_import(
        document=document,
        slug=slug or name.split("_", 1)[1].rsplit(".", 1)[0][:100],
        language=language,
        title="",
        dates=dates,
        replace=False,
        user=user,
        file_name=file_name or name,
    )
    meeting = report.meeting
    if published:
        meeting.status = Meeting.Status.PUBLISHED
        content_save([meeting])
    return meeting
