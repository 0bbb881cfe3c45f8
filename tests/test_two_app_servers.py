"""Two gunicorn servers on one PostgreSQL database and one Redis, as behind a load balancer: one site.

Both run the production stack (DEBUG off, gunicorn, the Redis cache of
REDIS_URL, one shared media folder) on the test database, on two ports of
127.0.0.1; a browser sees one site, each of its requests sent to the server
the test chooses, as a load balancer would.
An editor logs in on one and is logged in on the other; previews an import
on one and confirms it on the other (the file waits in the shared folder);
saves a paragraph on one and reads it at once on the other, whose cached
page the save made stale (the content version, in the shared cache).
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from conclusions.models import Meeting
from tests.browser import VIEWPORT, log_in
from tests.redis_server import free_port
from tests.spreadsheets.test_browser_spreadsheets import open_conclusions_list, upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Two servers share one database server: the test database on SQLite lives in this process's memory.",
    ),
]

PROJECT = Path(__file__).resolve().parent.parent


def paragraph(number: int):
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", part=1, number=number)


@pytest.fixture
def two_servers(site, redis_url, editor_account):
    """The addresses of two gunicorn servers of the site, sharing the test database, Redis and a media folder."""
    database = connection.settings_dict
    ports = [free_port(), free_port()]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"two-servers-{ports[0]}",
        "TEST_MEDIA_ROOT": tempfile.mkdtemp(prefix="pve-shared-media-"),
        "ALLOWED_HOSTS": "127.0.0.1",
        # The site's public address, as in production: here the first server's, which the browser uses.
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{ports[0]}",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    environment.pop("DEBUG", None)
    log = tempfile.TemporaryFile()  # noqa: SIM115 — what the servers say, read if one fails; closed below
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pve_site.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--log-level",
                "warning",
                # The browser still holds connections when the servers are stopped: do not wait on them.
                "--graceful-timeout",
                "2",
            ],
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for port in ports
    ]
    try:
        for server, port in zip(servers, ports, strict=True):
            wait_until_healthy(server, port, log)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        log.close()


def wait_until_healthy(server, port: int, log) -> None:
    """Until /health/ answers 200: the server reaches the database and the shared cache."""
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            log.seek(0)
            pytest.fail(f"gunicorn stopped: {log.read().decode()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, "gunicorn did not become healthy"
        time.sleep(0.2)


class LoadBalancer:
    """Sends a page's requests for the site's one address to the server chosen, as a load balancer would.

    The browser sees one site (one origin, one set of cookies); `serve_from`
    picks the server that answers the next requests; `served` lists which
    server answered each request, as (server, method, path).
    """

    def __init__(self, page, servers: list[str]):
        self.front, self.servers, self.target = servers[0], servers, servers[0]
        self.served: list[tuple[str, str, str]] = []
        page.route(f"{self.front}/**", self.forward)

    def serve_from(self, index: int) -> None:
        self.target = self.servers[index]

    def forward(self, route) -> None:
        # Fetched from the server chosen and given to the page as the answer of the site's address (a request
        # sent on to another URL would make the page that server's, another origin for its policy and cookies).
        # (The first server is the site's address itself: its requests go on untouched, file uploads included,
        # whose bodies Playwright cannot fetch again.)
        path = route.request.url.removeprefix(self.front)
        self.served.append((self.target, route.request.method, path.split("?")[0]))
        if self.target == self.front:
            route.continue_()
        else:
            route.fulfill(response=route.fetch(url=self.target + path, max_redirects=0))


def test_two_servers_serve_one_site_to_an_editor_and_a_reader(browser, two_servers, tmp_path):
    page = browser.new_page(viewport=VIEWPORT)
    balancer = LoadBalancer(page, two_servers)
    site = balancer.front

    # Logged in on one server, logged in on the other: the session is in the database.
    log_in(page, site, "editor", "editor-password")
    balancer.serve_from(1)
    page.goto(f"{site}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("editor")

    # An import previewed on one server, confirmed on the other (the file waits in the shared folder).
    file = tmp_path / "six.csv"
    file.write_text('meeting,number,text_fr\ngeneva-2016,6,"Paragraphe six, importé."\n', encoding="utf-8")
    balancer.serve_from(0)
    open_conclusions_list(page, site)
    page.get_by_role("link", name="Import from spreadsheet").click()
    upload(page, file)
    balancer.serve_from(1)
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Imported six.csv:")
    assert (two_servers[0], "POST", "/admin/conclusions/conclusion/import/") in balancer.served
    assert (two_servers[1], "POST", "/admin/conclusions/conclusion/process_import/") in balancer.served
    assert paragraph(6).text_fr == "Paragraphe six, importé."

    # A reader's page cached by the second server; an edit saved on the first; the second shows it at once.
    reader = browser.new_page(viewport=VIEWPORT)
    readers_balancer = LoadBalancer(reader, two_servers)
    readers_balancer.serve_from(1)
    reader.goto(f"{site}/en/meetings/geneva-2016/5/")
    expect(reader.locator("main")).not_to_contain_text("Paragraph five, as edited on one server.")
    balancer.serve_from(0)
    page.goto(f"{site}/admin/conclusions/conclusion/{paragraph(5).pk}/change/")
    page.get_by_role("tablist", name="Texts in").get_by_role("tab", name="English").click()
    page.locator("#id_text_en").fill("Paragraph five, as edited on one server.")
    page.locator(".submit-row").last.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    reader.goto(f"{site}/en/meetings/geneva-2016/5/")
    expect(reader.locator("main")).to_contain_text("Paragraph five, as edited on one server.")
    assert {server for server, _method, _path in readers_balancer.served} == {two_servers[1]}
