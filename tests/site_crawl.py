"""Following a site's links as a person clicking around would: every kind of page reachable from a start page.

Used by the tests that open every admin page (no 500) and every admin and
public page in a browser (no Content-Security-Policy violation).
"""

import re
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html

# Links that change something or end the session when followed, or that lead to files, not pages.
NOT_FOLLOWED = re.compile(
    r"/admin/(logout|password_change)/|/admin/r/|\.(csv|xlsx|ods|json|xml|zip|pdf|docx)(\?|$)|/export/|/api/"
)
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
    return site_links(html, base, admin=True)


def public_links(html: str, base: str) -> list[str]:
    return site_links(html, base, admin=False)


def site_links(html: str, base: str, *, admin: bool) -> list[str]:
    """The page's links to the site's admin pages (admin=True) or to its public pages."""
    document = lxml.html.fromstring(html)
    found = []
    for href in document.xpath("//a/@href"):
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or ("/admin/" in parts.path) != admin or NOT_FOLLOWED.search(url):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, start: str = "/admin/", links=admin_links, html_pages: list | None = None) -> dict[str, int]:
    """Every page reachable from `start` by `links`, one per kind of page and query: its status.

    The HTML pages among them are added to `html_pages`, if given, in the order they were reached.
    """
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
            queue.extend(links(response.content.decode(), path))
            if html_pages is not None:
                html_pages.append(path)
    return statuses
