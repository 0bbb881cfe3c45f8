"""No admin page an editor or a translator can reach answers 500: every link they can follow is opened.

From the admin's home, every link to an admin page is followed (GET only,
as a person clicking around would), breadth first, with a real document of
two parts (Awaza) beside Geneva, after a spreadsheet import and a document
brought in, so that the pages about them exist. A change form is opened for
one record of each kind of page, not for every block: its links lead on.
Pages are also opened in Arabic and Chinese.
"""

import datetime
import re
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
import pytest

from conclusions.content import content_save
from tests.real_documents import AWAZA, import_real_document

# Links that change something or end the session when followed, or that lead out of the admin's pages.
NOT_FOLLOWED = re.compile(r"/admin/(logout|password_change)/|/admin/r/|\.(csv|xlsx|ods|json|xml|zip)(\?|$)|/export/")
# Within a list, one of each: the id is replaced so that /change/, /history/ of each record are seen once.
RECORD_ID = re.compile(r"/(\d+)/")
MAX_PAGES = 300


def page_kind(path: str) -> str:
    """A link without its record id and query: the kind of page it opens."""
    return RECORD_ID.sub("/N/", urlsplit(path).path)


def visit_keys(path: str) -> set[tuple[str, str]]:
    """What a page shows that others may not: its kind, with each of its query parameters (a filter, a sort).

    A page is opened if one of these is new: each filter of a list once,
    not each combination of filters a list links to.
    """
    kind = page_kind(path)
    return {(kind, "")} | {(kind, name) for name, _value in parse_qsl(urlsplit(path).query, keep_blank_values=True)}


def admin_links(html: str, base: str) -> list[str]:
    document = lxml.html.fromstring(html)
    found = []
    for href in document.xpath("//a/@href"):
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or "/admin/" not in parts.path or NOT_FOLLOWED.search(url):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, start: str = "/admin/") -> dict[str, int]:
    """Every admin page reachable from `start` by links, one per kind of page and query: its status."""
    seen: set[tuple] = set()
    statuses: dict[str, int] = {}
    queue = deque([start])
    while queue and len(statuses) < MAX_PAGES:
        path = queue.popleft()
        if visit_keys(path) <= seen:
            continue
        seen |= visit_keys(path)
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(admin_links(response.content.decode(), path))
    return statuses


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
