"""Readers on two app servers while an editor saves and an import runs; then a password guesser beside them.

    python manage.py bench_load [--seconds 30] [--readers 8] [--workers 2] [--requests 20000]

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): it starts two gunicorn
servers (production settings, DEBUG off, static files collected) on two
loopback ports, sharing the database, Redis and a media folder, as two app
servers behind a load balancer do. Then, for --seconds or --requests,
whichever ends first:

- --readers client processes ask, in turn and from either server, for the
  home page, the Geneva meeting page, a paragraph, a search, side by side,
  and the downloads (CSV and PDF);
- an editor logged in through one server saves paragraph 5 through the
  change form every two seconds, alternating servers, and right after each
  save one reader request to each server checks that it shows the new text;
- halfway through, a spreadsheet import (`import_conclusions`) rewrites the
  French of every Geneva paragraph.

It prints requests per second, p50 and p99 per page type, errors (any answer
but 200, or a connection error), and how many reads after a save showed it.
Last, the guesser: the meeting page's median from --readers clients for
five seconds, then again while 8 clients send 50 wrong passwords for one
account between them (django-axes locks the account and the address out
after a few): the ratio of the two medians.
"""

import http.client
import http.cookiejar
import os
import secrets
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from multiprocessing import Pool
from pathlib import Path

import lxml.html
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from conclusions.benchmarks.page_speed import Server, collect_static
from conclusions.models import Meeting

PAGES = {
    "home": "/en/",
    "meeting": "/en/meetings/geneva-2016/",
    "paragraph": "/en/meetings/geneva-2016/5/",
    "search": "/en/search/?q=young+extremism",
    "side by side": "/fr/meetings/geneva-2016/side-by-side/?left=zh-hans&right=en",
    "download CSV": "/en/meetings/geneva-2016/download.csv",
    "download PDF": "/en/meetings/geneva-2016/document.pdf",
}
EDITOR = "bench-load-editor"
GUESSED = "bench-load-guessed"
SAVE_EVERY = 2.0
GUESSERS, GUESSES = 8, 50


def timed_get(port: int, path: str) -> tuple[float, int, bytes]:
    """(seconds, status, body) of one GET; status 0 for a connection error."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        status, body = response.status, response.read()
    except OSError:
        status, body = 0, b""
    finally:
        connection.close()
    return time.perf_counter() - start, status, body


def read_pages(arguments: tuple[list[int], list[tuple[str, str]], float, int, int]) -> list[tuple]:
    """One reader process: each page in turn from each server in turn, until the deadline or its share of requests.

    Each request as (page, seconds, status, when it started on the monotonic clock).
    """
    ports, pages, deadline, budget, offset = arguments
    seen = []
    turn = offset
    while (started := time.monotonic()) < deadline and len(seen) < budget:
        name, path = pages[turn % len(pages)]
        seconds, status, _body = timed_get(ports[turn % len(ports)], path)
        seen.append((name, seconds, status, started))
        turn += 1
    return seen


class Editor:
    """A person in the admin through the servers' one cookie jar: logs in, saves paragraph 5's English."""

    def __init__(self, ports: list[int], password: str, paragraph_id: int):
        self.ports, self.paragraph_id = ports, paragraph_id
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.saves: list[float] = []
        login = self.form_values(ports[0], "/admin/login/", "login-form")
        login.update(username=EDITOR, password=password)
        self.post(ports[0], "/admin/login/", list(login.items()))

    def form_values(self, port: int, path: str, form_id: str) -> dict:
        """What the form posts, as a browser sends it: the page read as the UTF-8 it is (given bytes, lxml would
        guess Latin-1 and the form would post every Chinese text back garbled), and each textarea without the
        newline that follows its opening tag in the HTML, which browsers drop."""
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            form = lxml.html.fromstring(response.read().decode()).get_element_by_id(form_id)
        areas = {area.name for area in form.xpath(".//textarea")}
        return {name: value.removeprefix("\n") if name in areas else value for name, value in form.form_values()}

    def post(self, port: int, path: str, values: list[tuple[str, str]]) -> int:
        data = urllib.parse.urlencode(values).encode()
        with self.opener.open(f"http://127.0.0.1:{port}{path}", data=data, timeout=60) as response:
            return response.status

    def save(self, port: int, text: str) -> None:
        path = f"/admin/conclusions/conclusion/{self.paragraph_id}/change/"
        values = self.form_values(port, path, "conclusion_form")
        values["text_en"] = text
        start = time.perf_counter()
        self.post(port, path, [*values.items(), ("_save", "Save")])
        self.saves.append(time.perf_counter() - start)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Readers on two gunicorn servers (PostgreSQL, Redis) while an editor saves and an import runs."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=30.0, help="Length of the readers' load.")
        parser.add_argument("--requests", type=int, default=20000, help="Most reader requests in all.")
        parser.add_argument("--readers", type=int, default=8, help="Reader client processes.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server.")

    def handle(self, *args, seconds: float, requests: int, readers: int, workers: int, **options):
        if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
            raise CommandError(
                "Two app servers share a database server and a cache: set DATABASE_URL to "
                "PostgreSQL and REDIS_URL to a Redis (README, “Several app servers”)."
            )
        if not Meeting.objects.filter(slug="geneva-2016").exists():
            call_command("load_original_documents", verbosity=0)
        password = secrets.token_urlsafe(16)
        self.bench_accounts(password)
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            bench_dir = Path(folder)
            (bench_dir / "root").mkdir()
            (bench_dir / "media").mkdir()
            collect_static(bench_dir)
            shared = {"REDIS_URL": os.environ["REDIS_URL"], "MEDIA_ROOT": str(bench_dir / "media")}
            servers = [Server(bench_dir, workers, page_cache=True, environment=shared) for _server in range(2)]
            try:
                self.stdout.write(
                    f"2 gunicorn servers × {workers} workers, PostgreSQL and Redis on this machine "
                    f"({os.cpu_count()} cores); {readers} reader processes, {seconds:g} s or {requests:,} requests"
                )
                ports = [server.port for server in servers]
                self.readers_while_writing(ports, password, seconds, requests, readers)
                self.guesser_beside_readers(ports, readers)
            finally:
                for server in servers:
                    server.stop()
                self.forget_guesses()

    def bench_accounts(self, password: str) -> None:
        """The editor who saves (a new password each run) and the account the guesser tries."""
        users = get_user_model()
        editor, _created = users.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
        editor.set_password(password)
        editor.save()
        editor.groups.add(Group.objects.get(name="Editors"))
        users.objects.get_or_create(username=GUESSED, defaults={"is_staff": True})
        self.forget_guesses()

    def forget_guesses(self) -> None:
        from axes.models import AccessAttempt

        AccessAttempt.objects.filter(username__in=[GUESSED, EDITOR]).delete()
        AccessAttempt.objects.filter(ip_address="127.0.0.1").delete()

    def readers_while_writing(self, ports, password, seconds, requests, readers) -> None:
        paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", part=1, number=5)
        editor = Editor(ports, password, paragraph.pk)
        for port in ports:  # the PDF is made once per content version, then served from the cache
            timed_get(port, PAGES["download PDF"])
        stop = threading.Event()
        fresh = []
        imported = []

        def edit():
            number = 0
            while not stop.wait(SAVE_EVERY):
                number += 1
                marker = f"save {number} {secrets.token_hex(4)}"  # nothing in it that HTML escapes
                editor.save(ports[number % 2], f"{paragraph.text_en} ({marker})")
                fresh.extend(marker.encode() in timed_get(port, PAGES["paragraph"])[2] for port in ports)

        def import_french():
            stop.wait(seconds / 2)
            started = time.perf_counter()
            call_command("import_conclusions", str(self.french_file(Path(tempfile.gettempdir()))), verbosity=0)
            imported.append(time.perf_counter() - started)

        writers = [threading.Thread(target=edit), threading.Thread(target=import_french)]
        pages = list(PAGES.items())
        share = max(1, requests // readers)
        # The reader processes are forked before any thread starts: a process forked while a thread is in the
        # middle of a request inherits its half-done state (its lock, its socket) and can stall on it.
        with Pool(readers) as pool:
            for writer in writers:
                writer.start()
            start = time.monotonic()
            results = pool.map(read_pages, [(ports, pages, start + seconds, share, index) for index in range(readers)])
        elapsed = time.monotonic() - start
        stop.set()
        for writer in writers:
            writer.join()
        seen = [request for result in results for request in result]
        self.report(seen, elapsed, editor.saves, fresh, imported)

    def french_file(self, folder: Path) -> Path:
        """Every Geneva paragraph's French, rewritten: what a translator's import does."""
        rows = (
            Meeting.objects.get(slug="geneva-2016").conclusions.filter(kind="paragraph").values_list("part", "number")
        )
        file = folder / f"bench-load-{secrets.token_hex(4)}.csv"
        lines = ["meeting,part,number,text_fr"]
        stamp = secrets.token_hex(4)
        lines += [f'geneva-2016,{part},{number},"Paragraphe {number}, importé ({stamp})."' for part, number in rows]
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return file

    def report(self, seen, elapsed, saves, fresh, imported) -> None:
        errors = sum(1 for _name, _seconds, status, _started in seen if status != 200)
        self.stdout.write(
            f"{len(seen):,} reader requests in {elapsed:.1f} s: {len(seen) / elapsed:,.0f} req/s, {errors} errors"
        )
        self.stdout.write(f"{'page':<14}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for name in PAGES:
            times = [seconds for page, seconds, _status, _started in seen if page == name]
            failed = sum(1 for page, _seconds, status, _started in seen if page == name and status != 200)
            if times:
                self.stdout.write(
                    f"{name:<14}{len(times):>9,}{percentile(times, 0.5) * 1000:>9.0f}"
                    f"{percentile(times, 0.99) * 1000:>9.0f}{failed:>8}"
                )
        if saves:
            self.stdout.write(
                f"editor: {len(saves)} saves, median {statistics.median(saves) * 1000:.0f} ms; "
                f"the next read on each server showed the save: {sum(fresh)} of {len(fresh)}"
            )
        if imported:
            self.stdout.write(f"import of every Geneva paragraph's French meanwhile: {imported[0]:.1f} s")

    def guesser_beside_readers(self, ports, readers) -> None:
        quiet = statistics.median(request[1] for request in self.meeting_requests(ports, readers, seconds=5))
        guesses: list[int] = []

        def guess(count: int):
            for _guess in range(count):
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
                port = ports[len(guesses) % 2]
                with opener.open(f"http://127.0.0.1:{port}/admin/login/", timeout=60) as response:
                    form = lxml.html.fromstring(response.read().decode()).get_element_by_id("login-form")
                values = {**dict(form.form_values()), "username": GUESSED, "password": secrets.token_hex(8)}
                data = urllib.parse.urlencode(values).encode()
                try:
                    with opener.open(f"http://127.0.0.1:{port}/admin/login/", data=data, timeout=60) as response:
                        guesses.append(response.status)
                except urllib.error.HTTPError as refused:  # 429 once locked out
                    guesses.append(refused.code)

        guessers = [
            threading.Thread(target=guess, args=(GUESSES // GUESSERS + (i < GUESSES % GUESSERS),))
            for i in range(GUESSERS)
        ]
        guessing: list[float] = []  # when the guesses began and ended, on the monotonic clock

        def guess_all():
            guessing.append(time.monotonic())
            for guesser in guessers:
                guesser.start()
            for guesser in guessers:
                guesser.join()
            guessing.append(time.monotonic())

        requests = self.meeting_requests(ports, readers, seconds=5, meanwhile=[threading.Thread(target=guess_all)])
        begun, ended = guessing
        during = statistics.median(seconds for _p, seconds, _s, started in requests if begun <= started <= ended)
        locked = sum(1 for status in guesses if status == 429)
        self.stdout.write(
            f"password guesser: {len(guesses)} wrong passwords from {GUESSERS} clients in {ended - begun:.1f} s "
            f"({locked} answered 429, locked out); meeting page median {quiet * 1000:.1f} ms before, "
            f"{during * 1000:.1f} ms while guessing: {during / quiet:.2f}×"
        )

    def meeting_requests(self, ports, readers, seconds: float, meanwhile=()) -> list[tuple]:
        """The meeting page from `readers` processes for `seconds`, while the `meanwhile` threads run."""
        pages = [("meeting", PAGES["meeting"])]
        with Pool(readers) as pool:  # forked before the threads start (see readers_while_writing)
            for thread in meanwhile:
                thread.start()
            deadline = time.monotonic() + seconds
            results = pool.map(read_pages, [(ports, pages, deadline, 10**9, index) for index in range(readers)])
        for thread in meanwhile:
            thread.join()
        return [request for result in results for request in result]
