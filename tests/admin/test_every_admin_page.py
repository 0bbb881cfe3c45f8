"""No admin page an editor or a translator can reach answers 500: every link they can follow is opened.

From the admin's home, every link to an admin page is followed (GET only,
as a person clicking around would), breadth first, with a real document of
two parts (Awaza) beside Geneva, after a spreadsheet import and a document
brought in, so that the pages about them exist. A change form is opened for
one record of each kind of page, not for every block: its links lead on.
Pages are also opened in Arabic and Chinese.
"""

import datetime

import pytest

from conclusions.content import content_save
from tests.real_documents import AWAZA, import_real_document
from tests.site_crawl import crawl, page_kind


@pytest.fixture
def documents(geneva):
    awaza = import_real_document(AWAZA, slug="awaza", dates=(datetime.date(2025, 10, 14),) * 2)
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Des expériences ont été partagées."
    content_save([paragraph])
    return geneva, awaza


def assert_no_error(statuses: dict[str, int]) -> None:
    errors = {path: status for path, status in statuses.items() if status >= 500}
    assert not errors, errors
    assert len(statuses) > 20, f"only {len(statuses)} pages were reached: {sorted(statuses)}"


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_every_page_an_editor_reaches_answers_without_error(client, editor, documents, language):
    client.force_login(editor)
    client.cookies["django_language"] = language
    statuses = crawl(client)
    assert_no_error(statuses)
    reached = {page_kind(path) for path in statuses}
    for expected in (
        "/admin/conclusions/meeting/",
        "/admin/conclusions/meeting/N/change/",
        "/admin/conclusions/meeting/N/history/",
        "/admin/conclusions/conclusion/",
        "/admin/conclusions/conclusion/N/change/",
        "/admin/conclusions/theme/N/change/",
    ):
        assert expected in reached, expected


@pytest.mark.parametrize("language", ["French", "Arabic"])
def test_every_page_a_translator_reaches_answers_without_error(client, make_translator, documents, language):
    client.force_login(make_translator(language))
    statuses = crawl(client)
    assert_no_error(statuses)
    reached = {page_kind(path) for path in statuses}
    for expected in (
        "/admin/conclusions/conclusion/N/change/",
        "/admin/conclusions/meeting/N/change/",
        "/admin/conclusions/theme/N/change/",
    ):
        assert expected in reached, expected
