"""Every admin and public page a person can reach, opened in Chromium: none breaks the Content-Security-Policy.

The policy runs no inline script (pve_site/settings.py). The pages are
found by following links from the admin's home as an editor and as a
translator, and from the public home in English and Arabic, with
Geneva and a real document of two parts (Awaza) stored and a spreadsheet
imported, so that the pages about them exist; each kind of page is opened
once. The watched browser (tests/browser.py) fails a test on any violation
Chromium reports; every other browser test, clicking through its pages,
is watched the same way.
"""

import datetime

import pytest
from django.test import Client

from tests.browser import log_in
from tests.real_documents import AWAZA, import_real_document
from tests.site_crawl import crawl, page_kind, public_links
from tests.spreadsheets.spreadsheet_programs import confirm_preview, upload
from tests.two_at_once import logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def stored(site, editor_account):
    """Awaza beside Geneva, and a spreadsheet import in the log."""
    import_real_document(AWAZA, slug="awaza", dates=(datetime.date(2025, 10, 14),) * 2)
    editor = logged_in(editor_account)
    preview = upload(editor, "six.csv", b"meeting,number,text_fr\ngeneva-2016,6,Paragraphe six.\n").content.decode()
    assert confirm_preview(editor, preview).status_code == 302


def one_of_each_kind(client, start: str, **crawl_options) -> list[str]:
    pages: list[str] = []
    crawl(client, start, html_pages=pages, **crawl_options)
    kinds, chosen = set(), []
    for path in pages:
        if page_kind(path) not in kinds:
            kinds.add(page_kind(path))
            chosen.append(path)
    return chosen


def open_each(browser, page, site: str, paths: list[str]) -> None:
    for path in paths:
        page.goto(site + path)
        page.wait_for_load_state("load")
    assert not browser.violations, "\n".join(browser.violations)


def test_every_admin_page_runs_under_the_policy_for_an_editor(browser, page, site, editor_account, stored):
    paths = one_of_each_kind(logged_in(editor_account), "/admin/")
    assert len(paths) > 25, paths
    log_in(page, site, "editor", "editor-password")
    open_each(browser, page, site, paths)


def test_every_admin_page_runs_under_the_policy_for_a_translator(browser, page, site, translator_account, stored):
    paths = one_of_each_kind(logged_in(translator_account), "/admin/")
    assert len(paths) > 8, paths
    log_in(page, site, "traductrice", "translator-password")
    open_each(browser, page, site, paths)


# Chinese pages are the same templates as these two: English, and Arabic right to left.
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_public_page_runs_under_the_policy(browser, page, site, stored, language):
    paths = one_of_each_kind(Client(), f"/{language}/", links=public_links)
    assert len(paths) > 8, paths
    open_each(browser, page, site, paths)
