"""A real browser for tests in any folder: Debian's Chromium, headless, driven by Playwright.

The fixtures are made available everywhere by tests/conftest.py. A test that
uses them also needs `pytest.mark.django_db(transaction=True, ...)`: the live
server answers from another thread, which sees only committed data.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# here between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
NARROW = {"width": 1024, "height": 900}
# Where the screenshots go for a person to look at: `SCREENSHOTS=folder make test` keeps them somewhere else.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS") or Path(tempfile.gettempdir()) / "pve-screenshots")


def fits_the_window(page) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def seen_text(locator) -> str:
    """The text a sighted reader sees in the element: without the words written for screen readers only."""
    return locator.evaluate(
        """element => {
            const copy = element.cloneNode(true);
            copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
            return copy.textContent;
        }"""
    )


def shoot(page, folder: str, name: str, sizes=(VIEWPORT, NARROW)) -> None:
    """The whole page at each window size (1280 and 1024 px wide), for a person to look at; none scrolls sideways.

    Saved as SCREENSHOTS/folder/name-1280.png; the window is left at the first size.
    """
    (SCREENSHOTS / folder).mkdir(parents=True, exist_ok=True)
    for size in sizes:
        page.set_viewport_size(size)
        assert fits_the_window(page), f"{name} scrolls sideways at {size['width']} px"
        page.screenshot(path=SCREENSHOTS / folder / f"{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(sizes[0])


@pytest.fixture
def site(live_server):
    """The live server's address, with the Geneva document and the themes loaded as `make run` does."""
    call_command("load_original_documents", verbosity=0)
    return live_server.url


class WatchedBrowser:
    """Chromium, each of whose pages has its Content-Security-Policy violations noted, to fail the test.

    Chromium reports a violation on the page's console ("Refused to execute
    inline script because it violates the following Content Security Policy
    directive …"); every page of every browser test is watched, so a script
    or handler the policy blocks fails the test that clicked it.
    """

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.on("console", self.note)
        return context

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def note(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.location['url']}: {message.text}")

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def browser(site):
    # Started per test, after the database is set up: while Playwright runs,
    # Django sees an event loop and gives this thread another connection
    # object, which would miss the test database's serialized state.
    with sync_playwright() as playwright:
        browser = WatchedBrowser(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
        yield browser
        browser.close()
        # Close that other connection too, or PostgreSQL cannot drop the test database.
        connections.close_all()
        assert not browser.violations, "Content-Security-Policy violations:\n" + "\n".join(browser.violations)


@pytest.fixture
def editor_account(site, editor):
    """The editor (log in as "editor", "editor-password"), made once the live server's database holds Geneva."""
    return editor


@pytest.fixture
def translator_account(site, make_translator):
    """A French translator (log in as "traductrice", "translator-password"), made after the site's data."""
    return make_translator("French")


@pytest.fixture
def page(browser):
    """A page of a desktop-sized window; `browser.new_page(locale="ar")` gives one in another language."""
    return browser.new_page(viewport=VIEWPORT)


def log_in(page, site: str, username: str, password: str) -> None:
    """Log in to the admin as a person does, and wait for its home page."""
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
